"""A positive result goes to the case registry once it is committed (issue 4: "hands over to it after
commit"): the case definition belongs to the cases app, which registers a new case (an F0, or a suspected
case when the evidence falls short) or confirms a suspected one. The result keeps the link.

Cases know nothing of testing; testing calls their services like any other caller.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from phaodai.cases import definition, links
from phaodai.cases import services as cases
from phaodai.cases.models import Case
from phaodai.cases.reference import OPEN_STATUSES, CaseStatus, Detection, PlaceOfCare, TestKind
from phaodai.core.errors import DomainError
from phaodai.core.scoping import Jurisdiction
from phaodai.diagnostics.models import Result
from phaodai.diagnostics.reference import PCR_KINDS, Handover, Outcome, Reason, SampleKind

# Two positive rapid tests further apart than this are not "consecutive" (the 11042 rule asks for 8 h).
SECOND_RAT_WINDOW = dt.timedelta(hours=240)


def schedule(result: Result, *, actor: Any, jurisdiction: Jurisdiction) -> None:
    transaction.on_commit(lambda: hand_over(actor=actor, jurisdiction=jurisdiction, result_id=result.pk))


def _test_kind(kind: str) -> str:
    if kind in PCR_KINDS:
        return TestKind.PCR
    return TestKind.RAT_SELF if kind == SampleKind.RAT_SELF else TestKind.RAT_STAFF


def _second_rat_hours(result: Result) -> int | None:
    """Hours since the person's previous positive rapid test, if one was taken within the window."""
    sample = result.sample
    if sample.kind in PCR_KINDS:
        return None
    earlier = (
        Result.objects.filter(
            sample__person_id=sample.person_id,
            sample__kind__in=(SampleKind.RAT_STAFF, SampleKind.RAT_SELF),
            sample__taken_at__lt=sample.taken_at,
            sample__taken_at__gte=sample.taken_at - SECOND_RAT_WINDOW,
            outcome=Outcome.POSITIVE,
        )
        .order_by("-sample__taken_at")
        .values_list("sample__taken_at", flat=True)
        .first()
    )
    return int((sample.taken_at - earlier).total_seconds() // 3600) if earlier else None


def _evidence(result: Result) -> definition.Evidence:
    sample = result.sample
    return definition.Evidence(
        test_kind=_test_kind(sample.kind),
        positive=True,
        is_f1=links.contact_level(sample.person) == "F1",
        has_symptoms=sample.reason == Reason.SYMPTOMS,
        has_epi_factor=sample.reason == Reason.F1,
        second_rat_hours=_second_rat_hours(result),
    )


def _register(result: Result, actor: Any, jurisdiction: Jurisdiction) -> Case:
    sample = result.sample
    data = cases.CaseInput(
        person=sample.person,
        report_date=timezone.localdate(result.resulted_at),
        sample_date=timezone.localdate(sample.taken_at),
        test_kind=_test_kind(sample.kind),
        detected_in=Detection.QUARANTINE if sample.reason == Reason.F1 else Detection.COMMUNITY,
        place_of_care=PlaceOfCare.HOME,
        has_epi_factor=sample.reason == Reason.F1,
        second_rat_hours=_second_rat_hours(result),
    )
    return cases.case_register(actor=actor, jurisdiction=jurisdiction, data=data)


def _to_existing(result: Result, case: Case, actor: Any) -> str:
    if case.status != CaseStatus.SUSPECTED:
        return Handover.LINKED
    try:
        cases.case_confirm(
            actor=actor, case=case, evidence=_evidence(result), on=timezone.localdate(result.resulted_at)
        )
    except DomainError:
        return Handover.LINKED  # still short of the definition: the case stays suspected
    return Handover.CONFIRMED


def hand_over(*, actor: Any, jurisdiction: Jurisdiction, result_id: int) -> Result:
    """Register or confirm the case of a committed positive result; run twice, it does nothing more.

    A refusal by the case registry (no rule set in force, a person out of the caller's area) is kept on
    the result for the case team to finish by hand; the result itself stands.
    """
    result = Result.objects.select_related("sample", "sample__person").get(pk=result_id)
    if result.case_id is not None or result.outcome != Outcome.POSITIVE:
        return result
    existing = Case.objects.filter(person_id=result.sample.person_id, status__in=OPEN_STATUSES).first()
    try:
        if existing is not None:
            case, state = existing, _to_existing(result, existing, actor)
        else:
            case, state = _register(result, actor, jurisdiction), Handover.REGISTERED
    except DomainError as error:
        Result.objects.filter(pk=result.pk).update(
            handover=Handover.FAILED, handover_note=error.message[:255]
        )
        result.handover, result.handover_note = Handover.FAILED, error.message[:255]
        return result
    Result.objects.filter(pk=result.pk).update(case=case, handover=state, handover_note="")
    result.case, result.handover = case, state
    return result
