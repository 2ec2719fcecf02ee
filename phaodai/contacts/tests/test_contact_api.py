"""``/api/exposures/`` and ``/api/contacts/``: the same services and selectors as the pages."""

import datetime as dt

import pytest

from conftest import client_for
from phaodai.cases.tests.factories import TODAY, register
from phaodai.contacts.models import Contact, Exposure
from phaodai.contacts.tests.factories import expose
from phaodai.core import clock
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
EXPOSURES, CONTACTS = "/api/exposures/", "/api/contacts/"


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


@pytest.fixture
def f0(tree):
    return register(make_person(tree.commune, "Lò Văn Pọm"), report_date=dt.date(2021, 11, 18))


def _post(client, url, payload=None):
    return client.post(url, payload or {}, content_type="application/json")


def test_round_trip_exposure_contact_reached_and_chain(tree, f0, commune_user):
    wife = make_person(tree.commune, "Giàng Thị Mai", sex="F")
    client = client_for(commune_user)
    created = _post(
        client,
        EXPOSURES,
        {
            "source": f0.person_id,
            "contact": wife.pk,
            "setting": "household",
            "last_exposure_date": "2021-11-18",
        },
    )
    assert created.status_code == 201, created.json()
    assert (created.json()["contact_level"], created.json()["source_case"]) == ("F1", f0.pk)
    assert [row["contact"] for row in client.get(EXPOSURES, {"person": wife.pk}).json()["results"]] == [
        wife.pk
    ]

    listed = client.get(CONTACTS, {"level": "F1", "status": "listed"}).json()["results"]
    assert [(row["person_name"], row["index_case"], row["rules_code"]) for row in listed] == [
        ("Giàng Thị Mai", f0.pk, "3638/QĐ-BYT")
    ]
    reached = _post(client, f"{CONTACTS}{listed[0]['id']}/reached/")
    assert reached.status_code == 200
    assert reached.json()["status"] == "reached"
    assert client.get(f"{CONTACTS}{listed[0]['id']}/").json()["reached_at"] is not None

    chain = client.get(f"{CONTACTS}chain/", {"person": wife.pk}).json()
    assert [(node["id"], node["level"], node["root"]) for node in chain["nodes"]] == [
        (wife.pk, "F1", True),
        (f0.person_id, "F0", False),
    ]
    assert chain["edges"] == [
        {
            "source": f0.person_id,
            "contact": wife.pk,
            "setting": "household",
            "last_exposure_date": "2021-11-18",
        }
    ]
    assert (chain["total"], chain["hidden"], chain["next_offset"]) == (2, 0, None)


def test_a_refusal_names_its_field_and_saves_nothing(f0, commune_user):
    response = _post(
        client_for(commune_user),
        EXPOSURES,
        {
            "source": f0.person_id,
            "contact": f0.person_id,
            "setting": "household",
            "last_exposure_date": "2021-11-18",
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"contact": ["Một người không thể là tiếp xúc của chính mình."]}
    assert not Exposure.objects.exists()


def test_a_person_outside_the_jurisdiction_does_not_exist(tree, f0, commune_user):
    stranger = make_person(tree.other_commune, "Hờ A Chứ")
    response = _post(
        client_for(commune_user),
        EXPOSURES,
        {
            "source": f0.person_id,
            "contact": stranger.pk,
            "setting": "household",
            "last_exposure_date": "2021-11-18",
        },
    )
    assert response.status_code == 400
    assert "contact" in response.json()["errors"]


def test_the_chain_hides_names_outside_the_jurisdiction(tree, f0, commune_user):
    expose(f0.person, make_person(tree.other_commune, "Hờ A Chứ"))
    chain = client_for(commune_user).get(f"{CONTACTS}chain/", {"person": f0.person_id}).json()
    assert [(node["id"], node["count"]) for node in chain["nodes"]] == [(f0.person_id, 1), (None, 1)]
    assert "Hờ A Chứ" not in str(chain)


def test_a_bad_paging_parameter_names_it(f0, commune_user):
    response = client_for(commune_user).get(f"{CONTACTS}chain/", {"person": f0.person_id, "limit": "nhiều"})
    assert response.status_code == 400
    assert "limit" in response.json()["errors"]


def test_it_returns_404_outside_jurisdiction(tree, f0, outsider):
    wife = make_person(tree.commune, "Giàng Thị Mai", sex="F")
    expose(f0.person, wife)
    contact = Contact.objects.get(person=wife)
    client = client_for(outsider)
    assert client.get(CONTACTS).json()["results"] == []
    assert client.get(f"{CONTACTS}{contact.pk}/").status_code == 404
    assert _post(client, f"{CONTACTS}{contact.pk}/reached/").status_code == 404
    assert client.get(f"{CONTACTS}chain/", {"person": wife.pk}).status_code == 404
    assert client.get(EXPOSURES, {"person": wife.pk}).status_code == 404


def test_writing_needs_the_contacts_permission(tree, f0, district_user):
    district_user.role = "labour_social"
    district_user.save()
    response = _post(
        client_for(district_user),
        EXPOSURES,
        {
            "source": f0.person_id,
            "contact": f0.person_id,
            "setting": "household",
            "last_exposure_date": "2021-11-18",
        },
    )
    assert response.status_code == 403
