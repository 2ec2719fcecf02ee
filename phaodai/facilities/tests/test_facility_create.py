"""Registering and editing a facility: validation per field, the jurisdiction, the audit row."""

import datetime as dt
import unicodedata

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.facilities.models import Facility, FacilityKind
from phaodai.facilities.services import FacilityInput, facility_create, facility_update
from phaodai.facilities.tests.factories import FacilityFactory, admit, local
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _input(tree, **fields):
    values = {
        "name": "Khu cách ly Trường PTDTBT THCS Dào San",
        "kind": FacilityKind.QUARANTINE_CENTRE,
        "unit": tree.commune,
        "opened_on": dt.date(2021, 10, 1),
        "beds": 120,
        "icu_beds": 0,
        "oxygen_points": 4,
        **fields,
    }
    return FacilityInput(**values)


def _create(tree, actor=None, **fields):
    return facility_create(
        actor=actor, jurisdiction=Jurisdiction.of([tree.district.path]), data=_input(tree, **fields)
    )


def _refused(tree, **fields):
    with pytest.raises(DomainError) as caught:
        _create(tree, **fields)
    assert Facility.objects.count() == 0
    return caught.value.errors


def test_creating_a_facility_writes_one_audit_row(tree, district_user):
    facility = _create(tree, actor=district_user)
    events = AuditEvent.objects.filter(entity="facilities.facility", entity_id=str(facility.pk))
    assert events.count() == 1
    event = events.get()
    assert event.action == AuditAction.CREATE
    assert event.actor == district_user
    assert event.unit_path == tree.commune.path
    assert event.changes["beds"] == 120
    assert facility.unit_path == tree.commune.path


def test_it_stores_the_name_in_nfc(tree):
    facility = _create(tree, name=unicodedata.normalize("NFD", "  Khu cách ly Bản Tả Phìn "))
    assert facility.name == "Khu cách ly Bản Tả Phìn"
    assert unicodedata.is_normalized("NFC", facility.name)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"beds": -5}, "beds", "Số giường không được là số âm."),
        ({"beds": None}, "beds", "Số giường là bắt buộc."),
        ({"beds": 10**9}, "beds", "Số giường không hợp lý (tối đa 100.000)."),
        ({"icu_beds": -1}, "icu_beds", "Số giường hồi sức tích cực (ICU) không được là số âm."),
        ({"oxygen_points": -1}, "oxygen_points", "Số điểm cung cấp oxy không được là số âm."),
        (
            {"beds": 10, "icu_beds": 12},
            "icu_beds",
            "Số giường ICU (12) không được nhiều hơn tổng số giường (10).",
        ),
        ({"closed_on": dt.date(2021, 9, 1)}, "closed_on", "Ngày đóng cửa không được trước ngày mở cửa."),
        ({"closed_on": dt.date(2021, 12, 1)}, "closed_on", "Ngày đóng cửa không được sau ngày hôm nay."),
        ({"opened_on": None}, "opened_on", "Ngày mở cửa là bắt buộc."),
        ({"name": "  "}, "name", "Tên cơ sở là bắt buộc."),
        ({"kind": "school"}, "kind", "Chọn loại cơ sở."),
        ({"treatment_tier": 4, "kind": FacilityKind.HOSPITAL}, "treatment_tier", None),
        ({"treatment_tier": 1}, "treatment_tier", "Khu cách ly tập trung không thuộc tầng điều trị nào."),
    ],
)
def test_bad_values_are_refused_on_their_field(tree, fields, field, message):
    errors = _refused(tree, **fields)
    assert field in errors
    if message:
        assert errors[field] == [message]


def test_every_bad_field_is_reported_at_once(tree):
    errors = _refused(tree, name="", beds=-1, opened_on=None)
    assert set(errors) == {"name", "beds", "opened_on"}


def test_a_unit_outside_the_jurisdiction_is_refused(tree):
    errors = _refused(tree, unit=tree.other_commune)
    assert errors["unit"] == ["Đơn vị này không thuộc địa bàn bạn quản lý."]


@pytest.mark.parametrize("level", ["district", "commune", "village"])
def test_a_facility_may_sit_in_a_district_commune_or_village(tree, level):
    facility = _create(tree, unit=getattr(tree, level))
    assert facility.unit_path == getattr(tree, level).path


def test_a_province_is_too_wide_a_place(tree):
    with pytest.raises(DomainError) as caught:
        facility_create(
            actor=None,
            jurisdiction=Jurisdiction.of([tree.province.path]),
            data=_input(tree, unit=tree.province),
        )
    assert "unit" in caught.value.errors


def test_a_treatment_facility_has_a_purpose_and_a_tier(tree):
    facility = _create(tree, kind=FacilityKind.FIELD_HOSPITAL, treatment_tier=2, icu_beds=10, beds=300)
    assert facility.purpose == "treatment"
    assert facility.get_treatment_tier_display() == "Tầng 2"
    assert _create(tree, name="Khác").purpose == "quarantine"


def _update(tree, facility, actor=None, **fields):
    return facility_update(
        actor=actor,
        jurisdiction=Jurisdiction.of([tree.district.path]),
        facility=facility,
        data=_input(tree, **fields),
    )


def test_update_audits_only_what_changed(tree, district_user):
    facility = _create(tree)
    _update(tree, facility, actor=district_user, beds=150)
    event = AuditEvent.objects.get(entity_id=str(facility.pk), action=AuditAction.UPDATE)
    assert event.changes == {"beds": [120, 150]}
    _update(tree, facility, actor=district_user, beds=150)
    assert AuditEvent.objects.filter(entity_id=str(facility.pk), action=AuditAction.UPDATE).count() == 1


def test_update_cannot_cut_beds_below_the_people_staying(tree):
    facility = FacilityFactory(unit=tree.commune, beds=5, opened_on=dt.date(2021, 10, 1))
    admit(facility, make_person(tree.village, "Lò Văn Pọm"))
    admit(facility, make_person(tree.village, "Vàng A Sủ"))
    with pytest.raises(DomainError) as caught:
        _update(tree, facility, beds=1)
    assert caught.value.errors["beds"] == ["Số giường không được ít hơn số người đang lưu trú (2)."]
    facility.refresh_from_db()
    assert facility.beds == 5


def test_update_cannot_open_after_the_first_admission(tree):
    facility = FacilityFactory(unit=tree.commune, opened_on=dt.date(2021, 10, 1))
    admit(facility, make_person(tree.village), at=local(dt.date(2021, 10, 5)))
    with pytest.raises(DomainError) as caught:
        _update(tree, facility, opened_on=dt.date(2021, 10, 10))
    assert caught.value.errors["opened_on"] == [
        "Ngày mở cửa không được sau ngày nhận người đầu tiên (05/10/2021)."
    ]


def test_update_cannot_close_a_facility_with_people_in_it(tree):
    facility = FacilityFactory(unit=tree.commune)
    admit(facility, make_person(tree.village))
    with pytest.raises(DomainError) as caught:
        _update(tree, facility, closed_on=dt.date(2021, 11, 20))
    assert "closed_on" in caught.value.errors


# --- the pages -----------------------------------------------------------------------------------


def _form(tree, **fields):
    return {
        "name": "Khu cách ly Ký túc xá Trường Cao đẳng",
        "kind": FacilityKind.QUARANTINE_CENTRE,
        "treatment_tier": "0",
        "unit": tree.commune.pk,
        "beds": "80",
        "icu_beds": "0",
        "oxygen_points": "0",
        "opened_on": "01/10/2021",
        **fields,
    }


def test_the_create_page_saves_and_opens_the_facility(tree, district_user):
    response = client_for(district_user).post(reverse("facilities:create"), _form(tree))
    facility = Facility.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("facilities:detail", args=[facility.pk])
    assert facility.opened_on == dt.date(2021, 10, 1)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"beds": "-3"}, "beds", "Số giường không được là số âm."),
        (
            {"beds": "10", "icu_beds": "11"},
            "icu_beds",
            "Số giường ICU (11) không được nhiều hơn tổng số giường (10).",
        ),
        ({"closed_on": "01/09/2021"}, "closed_on", "Ngày đóng cửa không được trước ngày mở cửa."),
        ({"beds": "nhiều"}, "beds", "Phải là một số nguyên."),
        ({"opened_on": ""}, "opened_on", "Ngày mở cửa là bắt buộc."),
    ],
)
def test_the_form_shows_bad_numbers_and_dates_on_their_field(tree, district_user, fields, field, message):
    response = client_for(district_user).post(reverse("facilities:create"), _form(tree, **fields))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert Facility.objects.count() == 0


def test_a_commune_user_may_not_create_facilities(tree, commune_user):
    assert client_for(commune_user).get(reverse("facilities:create")).status_code == 403


def test_the_edit_page_shows_the_facility_and_saves_changes(tree, district_user):
    facility = FacilityFactory(unit=tree.commune, name="Khu cách ly Dào San", beds=40)
    client = client_for(district_user)
    page = client.get(reverse("facilities:edit", args=[facility.pk])).content.decode()
    assert "Khu cách ly Dào San" in page
    response = client.post(
        reverse("facilities:edit", args=[facility.pk]), _form(tree, name="Khu cách ly Dào San", beds="60")
    )
    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.beds == 60
