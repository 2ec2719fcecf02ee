"""``/api/facilities/`` and ``/api/facility-stays/``: the same selectors and services as the pages."""

import pytest

from conftest import client_for
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.facilities.models import Facility, FacilityKind, Stay
from phaodai.facilities.tests.factories import FacilityFactory, admit
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def _payload(tree, **fields):
    return {
        "name": "Bệnh viện dã chiến số 1 Phong Thổ",
        "kind": FacilityKind.FIELD_HOSPITAL,
        "treatment_tier": 2,
        "unit": tree.commune.pk,
        "beds": 2,
        "icu_beds": 1,
        "oxygen_points": 2,
        "opened_on": "2021-10-01",
        **fields,
    }


def test_create_admit_discharge_round_trip(tree, district_user):
    client = client_for(district_user)
    created = _post(client, "/api/facilities/", _payload(tree))
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["occupied"] == 0
    assert body["purpose"] == "treatment"
    assert body["is_open"] is True
    facility_url = f"/api/facilities/{body['id']}/"
    assert AuditEvent.objects.filter(
        entity="facilities.facility", entity_id=str(body["id"]), action=AuditAction.CREATE
    ).exists()

    person = make_person(tree.village, "Lò Văn Pọm")
    admitted = _post(
        client,
        "/api/facility-stays/",
        {
            "facility": body["id"],
            "person": person.pk,
            "purpose": "isolation",
            "admitted_at": "2021-11-19T08:00:00+07:00",
            "source": "case:12",
        },
    )
    assert admitted.status_code == 201, admitted.json()
    stay = admitted.json()
    assert stay["person_name"] == "Lò Văn Pọm"
    assert stay["source"] == "case:12"
    assert client.get(facility_url).json()["occupied"] == 1

    listed = client.get("/api/facility-stays/", {"facility": body["id"], "open": "1"}).json()
    assert [row["id"] for row in listed["results"]] == [stay["id"]]

    discharged = _post(
        client,
        f"/api/facility-stays/{stay['id']}/discharge/",
        {"discharged_at": "2021-11-19T17:00:00+07:00", "reason": "Khỏi bệnh"},
    )
    assert discharged.status_code == 200, discharged.json()
    assert discharged.json()["discharge_reason"] == "Khỏi bệnh"
    assert client.get(facility_url).json()["occupied"] == 0
    assert client.get("/api/facility-stays/", {"facility": body["id"], "open": "1"}).json()["count"] == 0

    updated = client.put(facility_url, _payload(tree, beds=10), content_type="application/json")
    assert updated.status_code == 200, updated.json()
    assert updated.json()["beds"] == 10


def test_admission_without_a_time_is_now(tree, commune_user):
    facility = FacilityFactory(unit=tree.commune)
    person = make_person(tree.village)
    response = _post(
        client_for(commune_user),
        "/api/facility-stays/",
        {"facility": facility.pk, "person": person.pk, "purpose": "quarantine"},
    )
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"beds": -1}, "beds", "Số giường không được là số âm."),
        (
            {"beds": 5, "icu_beds": 9},
            "icu_beds",
            "Số giường ICU (9) không được nhiều hơn tổng số giường (5).",
        ),
        ({"closed_on": "2021-09-01"}, "closed_on", "Ngày đóng cửa không được trước ngày mở cửa."),
        ({"beds": 10**12}, "beds", "Số giường không hợp lý (tối đa 100.000)."),
        ({"opened_on": None}, "opened_on", "Ngày mở cửa là bắt buộc."),
        ({"kind": "school"}, "kind", "Chọn loại cơ sở."),
        ({"unit": 999999}, "unit", "Đơn vị không tồn tại hoặc không thuộc địa bàn bạn quản lý."),
    ],
)
def test_bad_values_give_field_errors_never_a_500(tree, district_user, fields, field, message):
    response = _post(client_for(district_user), "/api/facilities/", _payload(tree, **fields))
    assert response.status_code == 400
    assert response.json()["errors"][field] == [message]
    assert Facility.objects.count() == 0


@pytest.mark.parametrize("beds", ["nhiều", [], {"a": 1}])
def test_a_malformed_number_is_a_400(tree, district_user, beds):
    response = _post(client_for(district_user), "/api/facilities/", _payload(tree, beds=beds))
    assert response.status_code == 400
    assert "beds" in response.json()["errors"]


def test_a_full_facility_refuses_through_the_api_too(tree, commune_user):
    facility = FacilityFactory(unit=tree.commune, beds=1)
    admit(facility, make_person(tree.village, "Vàng A Sủ"))
    person = make_person(tree.village, "Lò Văn Pọm")
    response = _post(
        client_for(commune_user),
        "/api/facility-stays/",
        {"facility": facility.pk, "person": person.pk, "purpose": "quarantine"},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"facility": ["Cơ sở đã hết giường (1/1)."]}
    assert Stay.objects.filter(person=person).count() == 0


def test_a_person_outside_the_jurisdiction_cannot_be_admitted(tree, commune_user):
    facility = FacilityFactory(unit=tree.commune)
    stranger = make_person(tree.other_commune, "Tẩn Láo Lở")
    response = _post(
        client_for(commune_user),
        "/api/facility-stays/",
        {"facility": facility.pk, "person": stranger.pk, "purpose": "quarantine"},
    )
    assert response.status_code == 400
    assert "person" in response.json()["errors"]


def test_a_discharge_before_admission_is_refused_on_the_field(tree, commune_user):
    stay = admit(FacilityFactory(unit=tree.commune), make_person(tree.village))
    response = _post(
        client_for(commune_user),
        f"/api/facility-stays/{stay.pk}/discharge/",
        {"discharged_at": "2021-01-01T08:00:00+07:00"},
    )
    assert response.status_code == 400
    assert "discharged_at" in response.json()["errors"]


def test_the_list_filters_by_kind_and_open_day(tree, district_user):
    FacilityFactory(unit=tree.commune, name="Trạm Y tế xã Dào San", kind=FacilityKind.COMMUNE_STATION)
    FacilityFactory(unit=tree.commune, name="Khu đã đóng", closed_on="2021-10-15")
    client = client_for(district_user)
    by_kind = client.get("/api/facilities/", {"kind": FacilityKind.COMMUNE_STATION}).json()
    assert [row["name"] for row in by_kind["results"]] == ["Trạm Y tế xã Dào San"]
    open_now = client.get("/api/facilities/", {"open_on": "2021-11-20"}).json()
    assert [row["name"] for row in open_now["results"]] == ["Trạm Y tế xã Dào San"]
    assert client.get("/api/facilities/", {"open_on": "hôm qua"}).status_code == 400
