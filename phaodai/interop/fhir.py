"""A person's record as a FHIR R4B Bundle: Patient, Immunization (doses), Observation (test results) and
Condition (F0 cases).

The ``fhir.resources`` library ships the R5, R4B and STU3 models, not R4 4.0.1; R4B (4.3) keeps R4's
resources for everything used here, so bundles are built and validated against its models.
Codes: vaccines by the platform's product codes (no national vaccine code system is published), tests by
LOINC, results by SNOMED CT, COVID-19 by SNOMED CT 840539006.
"""

import datetime as dt
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from phaodai.cases.models import Case
from phaodai.cases.reference import CaseStatus
from phaodai.diagnostics.models import Result
from phaodai.diagnostics.reference import Outcome, SampleKind
from phaodai.people.models import Person
from phaodai.vaccination.models import Dose

CCCD_SYSTEM = "https://phaodai.vn/fhir/NamingSystem/cccd"
PRODUCT_SYSTEM = "https://phaodai.vn/fhir/CodeSystem/vaccine-product"
LOINC, SNOMED = "http://loinc.org", "http://snomed.info/sct"
PCR = ("94500-6", "SARS-CoV-2 (COVID-19) RNA [Presence] in Respiratory specimen by NAA with probe detection")
ANTIGEN = ("94558-4", "SARS-CoV-2 (COVID-19) Ag [Presence] in Respiratory specimen by Rapid immunoassay")
TEST_CODES: dict[str, tuple[str, str]] = {
    SampleKind.PCR_SINGLE: PCR,
    SampleKind.PCR_POOLED: PCR,
    SampleKind.RAT_STAFF: ANTIGEN,
    SampleKind.RAT_SELF: ANTIGEN,
}
RESULT_CODES: dict[str, tuple[str, str]] = {
    Outcome.POSITIVE: ("10828004", "Positive"),
    Outcome.NEGATIVE: ("260385009", "Negative"),
}
COVID = {"system": SNOMED, "code": "840539006", "display": "COVID-19"}
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"


def _patient(person: Person) -> dict[str, Any]:
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "id": f"person-{person.pk}",
        "name": [{"text": person.full_name}],
        "gender": {"M": "male", "F": "female"}.get(person.sex, "unknown"),
        "birthDate": person.birth_date.isoformat() if person.birth_date else str(person.birth_year),
    }
    if person.national_id:
        patient["identifier"] = [{"system": CCCD_SYSTEM, "value": person.national_id}]
    if person.phone:
        patient["telecom"] = [{"system": "phone", "value": person.phone}]
    return patient


def _immunization(dose: Dose, patient: str) -> dict[str, Any]:
    return {
        "resourceType": "Immunization",
        "id": f"dose-{dose.pk}",
        "status": "completed",
        "vaccineCode": {
            "coding": [{"system": PRODUCT_SYSTEM, "code": dose.product, "display": dose.lot.item.name}]
        },
        "patient": {"reference": patient},
        "occurrenceDateTime": dose.given_on.isoformat(),
        "lotNumber": dose.lot.number,
        "protocolApplied": [{"series": dose.kind, "doseNumberPositiveInt": dose.number}],
    }


def _observation(result: Result, patient: str) -> dict[str, Any]:
    code, display = TEST_CODES[result.sample.kind]
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "id": f"result-{result.pk}",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": code, "display": display}]},
        "subject": {"reference": patient},
        "effectiveDateTime": result.sample.taken_at.isoformat(),
        "issued": result.resulted_at.isoformat(),
    }
    if result.outcome in RESULT_CODES:
        value, text = RESULT_CODES[result.outcome]
        observation["valueCodeableConcept"] = {"coding": [{"system": SNOMED, "code": value, "display": text}]}
    else:
        observation["dataAbsentReason"] = {"text": result.get_outcome_display()}
    return observation


def _condition(case: Case, patient: str) -> dict[str, Any]:
    open_case = case.status in (CaseStatus.ACTIVE, CaseStatus.SUSPECTED)
    condition: dict[str, Any] = {
        "resourceType": "Condition",
        "id": f"case-{case.pk}",
        "clinicalStatus": {"coding": [{"system": CLINICAL, "code": "active" if open_case else "resolved"}]},
        "code": {"coding": [COVID]},
        "subject": {"reference": patient},
        "recordedDate": case.report_date.isoformat(),
    }
    if case.onset_date:
        condition["onsetDateTime"] = case.onset_date.isoformat()
    if case.outcome_date and not open_case:
        condition["abatementDateTime"] = case.outcome_date.isoformat()
    return condition


def person_bundle(person: Person, *, doses: Any, results: Any, cases: Any, at: dt.datetime) -> dict[str, Any]:
    """The collection Bundle of one person, validated against the R4B models."""
    reference = f"Patient/person-{person.pk}"
    resources = [
        _patient(person),
        *(_immunization(dose, reference) for dose in doses),
        *(_observation(result, reference) for result in results),
        *(_condition(case, reference) for case in cases),
    ]
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": at.isoformat(),
        "entry": [
            {"fullUrl": f"urn:phaodai:{r['resourceType']}/{r['id']}", "resource": r} for r in resources
        ],
    }
    Bundle.model_validate(bundle)
    return bundle
