"""``/api/quarantine-orders/``: the same selectors and services as the pages."""

import datetime as dt

import pytest

from conftest import client_for
from phaodai.cases.tests.factories import register
from phaodai.core import clock
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.facilities.models import Stay
from phaodai.people.tests.factories import make_person
from phaodai.quarantine.tests.factories import quarantine_centre

pytestmark = pytest.mark.django_db
D = dt.date
URL = "/api/quarantine-orders/"


def _post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


@pytest.fixture
def person(tree):
    return make_person(tree.village, "Lò Văn Pọm")


def test_issue_read_list_release_round_trip(tree, person, commune_user):
    centre = quarantine_centre(tree.commune)
    client = client_for(commune_user)
    with clock.pinned(D(2021, 11, 10)):
        created = _post(
            client,
            URL,
            {
                "kind": "f1",
                "person": person.pk,
                "start_date": "2021-11-10",
                "place": "facility",
                "facility": centre.pk,
            },
        )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["kind"], body["status"], body["rules_code"]) == ("f1", "active", "5599/BYT-MT")
    assert (body["end_date"], body["test_days"], body["person_name"]) == (
        "2021-11-23",
        [1, 7, 14],
        "Lò Văn Pọm",
    )
    order_url = f"{URL}{body['id']}/"

    with clock.pinned(D(2021, 11, 16)):
        read = client.get(order_url).json()
        listed = client.get(URL, {"status": "active", "due": "tests_today"}).json()
        early = _post(
            client,
            f"{order_url}release/",
            {"released_on": "2021-11-16", "signer_name": "Vàng Thị Dung", "signer_title": "Trạm trưởng"},
        )
    schedule = read["schedule"]
    assert (schedule["day"], schedule["total"], schedule["test_due_today"]) == (7, 14, True)
    assert schedule["tests"][1] == {"day": 7, "date": "2021-11-16", "due_today": True, "overdue": False}
    assert schedule["self_monitor_end"] == "2021-12-07"
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    assert early.status_code == 400
    assert early.json()["errors"] == {"released_on": ["Chưa hết thời gian cách ly: đến hết ngày 23/11/2021."]}

    with clock.pinned(D(2021, 11, 23)):
        released = _post(
            client,
            f"{order_url}release/",
            {
                "released_on": "2021-11-23",
                "release_number": "12",
                "signer_name": "Vàng Thị Dung",
                "signer_title": "Trạm trưởng",
            },
        )
    assert released.status_code == 200, released.json()
    assert (released.json()["status"], released.json()["released_on"]) == ("released", "2021-11-23")
    assert Stay.objects.get(person=person).discharged_at is not None
    assert AuditEvent.objects.filter(
        entity="quarantine.order", entity_id=str(body["id"]), action=AuditAction.VIEW
    ).exists()


def test_a_second_order_is_a_409_on_person(person, commune_user):
    client = client_for(commune_user)
    payload = {"kind": "f1", "person": person.pk, "start_date": "2022-03-01", "place": "home"}
    with clock.pinned(D(2022, 3, 1)):
        assert _post(client, URL, payload).status_code == 201
        second = _post(client, URL, payload)
    assert second.status_code == 409
    assert list(second.json()["errors"]) == ["person"]


def test_1909_is_refused_with_a_vietnamese_message(person, commune_user):
    with clock.pinned(D(2022, 5, 1)):
        response = _post(
            client_for(commune_user),
            URL,
            {"kind": "f1", "person": person.pk, "start_date": "2022-05-01", "place": "home"},
        )
    assert response.status_code == 400
    assert "F1 không phải cách ly y tế" in response.json()["errors"]["start_date"][0]


def test_an_f0_order_from_a_case(person, commune_user):
    with clock.pinned(D(2022, 2, 10)):
        case = register(person)
        response = _post(
            client_for(commune_user),
            URL,
            {"kind": "f0", "case": case.pk, "start_date": "2022-02-10", "place": "home"},
        )
    assert response.status_code == 201, response.json()
    assert (response.json()["case"], response.json()["end_date"], response.json()["rules_code"]) == (
        case.pk,
        "2022-02-16",
        "250/QĐ-BYT",
    )


def test_bad_input_names_its_field(person, commune_user):
    client = client_for(commune_user)
    with clock.pinned(D(2022, 3, 1)):
        no_person = _post(client, URL, {"kind": "f1", "start_date": "2022-03-01", "place": "home"})
        no_case = _post(client, URL, {"kind": "f0", "start_date": "2022-03-01", "place": "home"})
        bad_kind = _post(
            client, URL, {"kind": "f2", "person": person.pk, "start_date": "2022-03-01", "place": "home"}
        )
    assert list(no_person.json()["errors"]) == ["person"]
    assert no_case.json()["errors"] == {"case": ["Chọn ca bệnh cần cách ly."]}
    assert bad_kind.json()["errors"] == {"kind": ["Loại quyết định phải là f1 hoặc f0."]}


def test_it_returns_404_outside_jurisdiction(tree, person, commune_user, outsider):
    with clock.pinned(D(2022, 3, 1)):
        created = _post(
            client_for(commune_user),
            URL,
            {"kind": "f1", "person": person.pk, "start_date": "2022-03-01", "place": "home"},
        ).json()
        client = client_for(outsider)
        assert client.get(f"{URL}{created['id']}/").status_code == 404
        assert client.get(URL, {"status": ""}).json()["results"] == []
        release = _post(
            client,
            f"{URL}{created['id']}/release/",
            {"released_on": "2022-03-01", "signer_name": "A", "signer_title": "B"},
        )
        assert release.status_code == 404
        taken = _post(
            client, URL, {"kind": "f1", "person": person.pk, "start_date": "2022-03-01", "place": "home"}
        )
    assert taken.status_code == 400
    assert "không thuộc địa bàn" in taken.json()["errors"]["person"][0]
