"""Reading the case definition rule set: does this evidence make an F0, or only a suspected case?"""

from dataclasses import dataclass
from typing import Any

from phaodai.cases.reference import CaseBasis, TestKind


@dataclass(frozen=True)
class Evidence:
    """What is known when a case is registered (the testing app hands the same over after a result)."""

    test_kind: str
    positive: bool
    is_f1: bool = False
    has_symptoms: bool = False
    has_epi_factor: bool = False
    second_rat_hours: int | None = None  # hours between two consecutive positive rapid tests
    clinical_decision: bool = False


def classify(evidence: Evidence, params: dict[str, Any]) -> str:
    """The basis that confirms an F0 under these parameters, or ``UNCONFIRMED`` (a suspected case)."""
    if evidence.clinical_decision and params["clinical_decision"]:
        return CaseBasis.CLINICAL
    if not evidence.positive:
        return CaseBasis.UNCONFIRMED
    if evidence.test_kind == TestKind.PCR and params["pcr_positive"]:
        return CaseBasis.PCR
    if evidence.test_kind != TestKind.RAT_STAFF and evidence.test_kind != TestKind.RAT_SELF:
        return CaseBasis.UNCONFIRMED
    return _rat_basis(evidence, params)


def _rat_basis(evidence: Evidence, params: dict[str, Any]) -> str:
    if evidence.is_f1 and params["rat_if_f1"]:
        return CaseBasis.RAT_F1
    if evidence.has_symptoms and params["rat_if_symptoms"]:
        return CaseBasis.RAT_SYMPTOMS
    if evidence.has_epi_factor and params["rat_if_epi"]:
        return CaseBasis.RAT_EPI
    window = params["two_rats_within_hours"]
    hours = evidence.second_rat_hours
    if window and evidence.has_epi_factor and hours is not None and 0 <= hours <= window:
        return CaseBasis.TWO_RATS
    return CaseBasis.UNCONFIRMED
