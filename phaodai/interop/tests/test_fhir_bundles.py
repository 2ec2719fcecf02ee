"""A person's record as a FHIR R4B Bundle, and Immunization bundles back in as doses: a round trip."""

import datetime as dt
import json

import pytest
from fhir.resources.R4B.bundle import Bundle

from conftest import client_for
from phaodai.cases.tests.factories import register
from phaodai.core.models import AuditEvent
from phaodai.diagnostics.reference import Outcome
from phaodai.diagnostics.tests.factories import make_lab, record, take
from phaodai.people.tests.factories import make_person
from phaodai.vaccination.models import Dose
from phaodai.vaccination.tests.factories import give, vaccine_lot

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def person(tree):
    someone = make_person(tree.village, "Lò Văn Pọm", birth_year=1980, national_id="012080000111")
    lot = vaccine_lot(tree.commune, "VC", number="VC-2107")
    give(someone, lot, D(2021, 8, 2))
    give(someone, lot, D(2021, 8, 30))
    lab = make_lab(tree.province)
    record(take(someone, lab=lab), Outcome.NEGATIVE)
    register(someone, report_date=D(2021, 11, 18))
    return someone


def _bundle(client, person):
    response = client.get(f"/api/fhir-persons/{person.pk}/")
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def _kinds(bundle):
    return [entry["resource"]["resourceType"] for entry in bundle["entry"]]


def test_a_persons_bundle_holds_patient_doses_results_and_case_and_is_valid_r4b(person, commune_user):
    bundle = _bundle(client_for(commune_user), person)
    Bundle.model_validate(bundle)
    assert _kinds(bundle) == ["Patient", "Immunization", "Immunization", "Observation", "Condition"]
    patient = bundle["entry"][0]["resource"]
    assert patient["identifier"][0]["value"] == "012080000111"
    immunization = bundle["entry"][2]["resource"]
    assert (immunization["lotNumber"], immunization["protocolApplied"][0]["doseNumberPositiveInt"]) == (
        "VC-2107",
        2,
    )
    observation = bundle["entry"][3]["resource"]
    assert observation["valueCodeableConcept"]["coding"][0]["code"] == "260385009"  # negative
    assert bundle["entry"][4]["resource"]["code"]["coding"][0]["code"] == "840539006"
    assert AuditEvent.objects.filter(
        action="export", entity="people.person", entity_id=str(person.pk)
    ).exists()


def _immunizations_for(bundle, national_id):
    """The bundle's Patient and Immunizations, the Patient now naming another person by CCCD."""
    kept = [e for e in bundle["entry"] if e["resource"]["resourceType"] in ("Patient", "Immunization")]
    kept = json.loads(json.dumps(kept))
    kept[0]["resource"]["identifier"][0]["value"] = national_id
    return {**bundle, "entry": kept}


def _dose_facts(bundle):
    return [
        (r["vaccineCode"]["coding"][0]["code"], r["lotNumber"], r["occurrenceDateTime"], r["protocolApplied"])
        for r in (e["resource"] for e in bundle["entry"])
        if r["resourceType"] == "Immunization"
    ]


def test_an_immunization_bundle_round_trips_into_the_same_doses(person, commune_user, tree):
    client = client_for(commune_user)
    sent = _bundle(client, person)
    twin = make_person(tree.village, "Lò Văn Pọm", birth_year=1980, national_id="012080000222")
    url = f"/api/fhir-immunizations/?unit={tree.commune.pk}"
    response = client.post(url, _immunizations_for(sent, twin.national_id), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json() == {"created": 2}
    assert _dose_facts(_bundle(client, twin)) == _dose_facts(sent)
    again = client.post(url, _immunizations_for(sent, twin.national_id), content_type="application/json")
    assert again.json() == {"created": 0}  # the same bundle twice adds nothing


def test_a_bad_entry_is_named_and_nothing_is_recorded(person, commune_user, tree):
    client = client_for(commune_user)
    twin = make_person(tree.village, "Lò Văn Pọm", birth_year=1980, national_id="012080000222")
    bundle = _immunizations_for(_bundle(client, person), twin.national_id)
    bundle["entry"][2]["resource"]["lotNumber"] = "KHONG-CO"
    response = client.post(
        f"/api/fhir-immunizations/?unit={tree.commune.pk}", bundle, content_type="application/json"
    )
    assert response.status_code == 400
    assert "Mục 3" in json.dumps(response.json(), ensure_ascii=False)
    assert not Dose.objects.filter(person=twin).exists()


def test_something_that_is_not_a_bundle_is_refused_clearly(commune_user, tree):
    response = client_for(commune_user).post(
        f"/api/fhir-immunizations/?unit={tree.commune.pk}",
        {"resourceType": "Patient"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "FHIR Bundle" in json.dumps(response.json(), ensure_ascii=False)


def test_the_outsider_gets_no_bundle_and_cannot_import_into_phong_tho(person, outsider, tree):
    client = client_for(outsider)
    assert client.get(f"/api/fhir-persons/{person.pk}/").status_code == 404
    response = client.post(
        f"/api/fhir-immunizations/?unit={tree.commune.pk}", {}, content_type="application/json"
    )
    assert response.status_code in (403, 404)
