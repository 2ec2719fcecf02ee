"""Admitting a person: open on that day, a free bed, not staying elsewhere, not in the future."""

import datetime as dt

import pytest
from django.db import IntegrityError
from django.urls import reverse

from conftest import client_for
from phaodai.core import clock
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.facilities.models import Stay, StayPurpose
from phaodai.facilities.selectors import open_stay_of
from phaodai.facilities.tests.conftest import TODAY
from phaodai.facilities.tests.factories import FacilityFactory, StayFactory, admit, local
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def facility(tree):
    return FacilityFactory(
        unit=tree.commune, name="Khu cách ly Dào San", beds=2, opened_on=dt.date(2021, 10, 1)
    )


@pytest.fixture
def person(tree):
    return make_person(tree.village, "Lò Văn Pọm")


def _refused(facility, person, **kwargs):
    before = Stay.objects.count()
    with pytest.raises(DomainError) as caught:
        admit(facility, person, **kwargs)
    assert Stay.objects.count() == before
    return caught.value


def test_an_admission_is_placed_at_the_facility_and_audited(tree, facility, person, commune_user):
    stay = admit(facility, person, actor=commune_user, at=local(YESTERDAY, 9, 30))
    assert stay.unit_path == tree.commune.path  # the facility's place, not the person's village
    assert stay.created_by == commune_user
    assert open_stay_of(person=person) == stay
    event = AuditEvent.objects.get(entity="facilities.stay", entity_id=str(stay.pk))
    assert event.action == AuditAction.CREATE
    assert event.summary == "Lò Văn Pọm → Khu cách ly Dào San"


def test_it_refuses_a_full_facility(tree, facility, person):
    admit(facility, make_person(tree.village, "Vàng A Sủ"))
    admit(facility, make_person(tree.village, "Sùng A Páo"))
    error = _refused(facility, person)
    assert error.errors["facility"] == ["Cơ sở đã hết giường (2/2)."]


def test_a_discharged_bed_is_free_again(tree, facility, person):
    from phaodai.facilities.services import stay_discharge

    first = admit(facility, make_person(tree.village, "Vàng A Sủ"), at=local(YESTERDAY, 7))
    admit(facility, make_person(tree.village, "Sùng A Páo"))
    stay_discharge(actor=None, stay=first, at=local(YESTERDAY, 8), reason="Chuyển tuyến")
    assert admit(facility, person).pk


def test_it_refuses_a_closed_facility(tree, person):
    closed = FacilityFactory(
        unit=tree.commune, opened_on=dt.date(2021, 8, 1), closed_on=dt.date(2021, 11, 15)
    )
    error = _refused(closed, person)
    assert error.errors["facility"] == ["Cơ sở đã đóng cửa từ ngày 15/11/2021."]
    assert error.message == "Cơ sở đã đóng cửa từ ngày 15/11/2021."


def test_it_refuses_even_a_late_entry_into_a_closed_facility(tree, person):
    closed = FacilityFactory(
        unit=tree.commune, opened_on=dt.date(2021, 8, 1), closed_on=dt.date(2021, 11, 15)
    )
    error = _refused(closed, person, at=local(dt.date(2021, 11, 14)))
    assert error.errors["facility"] == ["Cơ sở đã đóng cửa từ ngày 15/11/2021."]


def test_it_refuses_a_facility_not_yet_open(tree, person):
    later = FacilityFactory(unit=tree.commune, opened_on=dt.date(2021, 11, 25))
    error = _refused(later, person)
    assert error.errors["admitted_at"] == ["Cơ sở chưa mở cửa vào ngày này (mở từ ngày 25/11/2021)."]


def test_it_refuses_someone_already_staying_and_names_where(tree, facility, person):
    elsewhere = FacilityFactory(
        unit=tree.neighbour_commune, name="Bệnh viện dã chiến số 1", kind="field_hospital"
    )
    admit(elsewhere, person, at=local(YESTERDAY, 10), purpose=StayPurpose.ISOLATION)
    error = _refused(facility, person)
    assert error.errors["person"] == [
        "Người này đang lưu trú tại Bệnh viện dã chiến số 1 (từ 10:00 19/11/2021)."
    ]


def test_it_refuses_an_admission_in_the_future(facility, person):
    error = _refused(facility, person, at=clock.now() + dt.timedelta(hours=2))
    assert error.errors["admitted_at"] == ["Thời điểm vào không được sau thời điểm hiện tại."]


def test_it_refuses_an_unknown_purpose(facility, person):
    error = _refused(facility, person, purpose="holiday")
    assert error.errors["purpose"] == ["Chọn mục đích lưu trú."]


def test_it_refuses_an_admission_overlapping_a_past_stay(tree, facility, person):
    from phaodai.facilities.services import stay_discharge

    stay = admit(facility, person, at=local(YESTERDAY, 7))
    stay_discharge(actor=None, stay=stay, at=local(YESTERDAY, 18), reason="")
    error = _refused(facility, person, at=local(YESTERDAY, 12))
    assert "admitted_at" in error.errors


def test_the_database_refuses_a_second_open_stay(tree, facility, person):
    StayFactory(facility=facility, person=person)
    with pytest.raises(IntegrityError):
        StayFactory(facility=FacilityFactory(unit=tree.commune), person=person)


# --- the page ------------------------------------------------------------------------------------


def _post(user, facility, **fields):
    data = {"person": "", "purpose": StayPurpose.QUARANTINE, "admitted_at": "19/11/2021 08:00", **fields}
    return client_for(user).post(reverse("facilities:admit", args=[facility.pk]), data)


def test_the_admit_page_admits_by_person_id(commune_user, facility, person):
    response = _post(commune_user, facility, person=str(person.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("facilities:detail", args=[facility.pk])
    stay = Stay.objects.get()
    assert stay.admitted_at == local(YESTERDAY, 8)
    assert stay.created_by == commune_user


def test_the_admit_page_accepts_the_phone_date_picker_format(commune_user, facility, person):
    response = _post(commune_user, facility, person=str(person.pk), admitted_at="2021-11-19T21:15")
    assert response.status_code == 302
    assert Stay.objects.get().admitted_at == local(YESTERDAY, 21, 15)


def test_the_admit_page_prefills_the_person_from_the_query(commune_user, facility, person):
    response = client_for(commune_user).get(
        reverse("facilities:admit", args=[facility.pk]), {"nguoi": person.pk}
    )
    assert response.status_code == 200
    assert response.context["form"]["person"].value() == str(person.pk)


def test_a_person_outside_the_jurisdiction_is_unknown_on_the_page(tree, commune_user, facility):
    stranger = make_person(tree.other_commune, "Tẩn Láo Lở")
    response = _post(commune_user, facility, person=str(stranger.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["person"] == [
        f"Không có người mang mã {stranger.pk} trong địa bàn bạn quản lý."
    ]
    assert Stay.objects.count() == 0


def test_the_page_shows_the_refusal_on_the_right_field(tree, commune_user, facility, person):
    admit(facility, make_person(tree.village, "Vàng A Sủ"))
    admit(facility, make_person(tree.village, "Sùng A Páo"))
    response = _post(commune_user, facility, person=str(person.pk))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Cơ sở đã hết giường (2/2)."]
    assert "Cơ sở đã hết giường (2/2)." in response.content.decode()
    future = _post(commune_user, facility, person=str(person.pk), admitted_at="21/11/2021 08:00")
    assert "Thời điểm vào không được sau thời điểm hiện tại." in future.context["form"].errors["admitted_at"]
