"""Closing a facility (a school handed back before term): only when empty, never before it opened."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.facilities.services import facility_close, stay_discharge
from phaodai.facilities.tests.conftest import TODAY
from phaodai.facilities.tests.factories import FacilityFactory, admit, local
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility(tree):
    return FacilityFactory(
        unit=tree.commune, name="Khu cách ly Trường Tiểu học Dào San", opened_on=dt.date(2021, 8, 1)
    )


def test_it_refuses_to_close_while_people_stay(tree, facility):
    admit(facility, make_person(tree.village, "Lò Văn Pọm"))
    with pytest.raises(DomainError) as caught:
        facility_close(actor=None, facility=facility, closed_on=TODAY)
    assert caught.value.errors["closed_on"] == [
        "Cơ sở còn 1 người đang lưu trú: cho ra hết trước khi đóng cửa."
    ]
    facility.refresh_from_db()
    assert facility.closed_on is None


def test_it_refuses_to_close_before_opening(facility):
    with pytest.raises(DomainError) as caught:
        facility_close(actor=None, facility=facility, closed_on=dt.date(2021, 7, 1))
    assert caught.value.errors["closed_on"] == ["Ngày đóng cửa không được trước ngày mở cửa (01/08/2021)."]


def test_it_refuses_to_close_before_the_last_person_left(tree, facility):
    stay = admit(facility, make_person(tree.village), at=local(dt.date(2021, 11, 1)))
    stay_discharge(actor=None, stay=stay, at=local(dt.date(2021, 11, 15)), reason="")
    with pytest.raises(DomainError) as caught:
        facility_close(actor=None, facility=facility, closed_on=dt.date(2021, 11, 10))
    assert caught.value.errors["closed_on"] == [
        "Ngày đóng cửa không được trước ngày người cuối cùng ra khỏi cơ sở (15/11/2021)."
    ]


def test_closing_is_audited_and_stops_admissions(tree, facility, district_user):
    facility_close(actor=district_user, facility=facility, closed_on=TODAY)
    facility.refresh_from_db()
    assert facility.closed_on == TODAY
    assert not facility.is_open
    event = AuditEvent.objects.get(entity_id=str(facility.pk), action=AuditAction.UPDATE)
    assert event.changes == {"closed_on": [None, "2021-11-20"]}
    with pytest.raises(DomainError) as caught:
        admit(facility, make_person(tree.village), at=local(TODAY, 0, 0))
    assert caught.value.errors["facility"] == ["Cơ sở đã đóng cửa từ ngày 20/11/2021."]


def test_closing_again_the_same_day_changes_nothing(facility):
    facility_close(actor=None, facility=facility, closed_on=TODAY)
    facility_close(actor=None, facility=facility, closed_on=TODAY)
    assert AuditEvent.objects.filter(entity_id=str(facility.pk)).count() == 1
    with pytest.raises(ConflictError):
        facility_close(actor=None, facility=facility, closed_on=TODAY - dt.timedelta(days=1))


def test_the_close_page_shows_the_refusal_on_the_field(tree, facility, district_user):
    admit(facility, make_person(tree.village))
    response = client_for(district_user).post(
        reverse("facilities:close", args=[facility.pk]), {"closed_on": "20/11/2021"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["closed_on"] == [
        "Cơ sở còn 1 người đang lưu trú: cho ra hết trước khi đóng cửa."
    ]


def test_the_close_page_closes(facility, district_user):
    response = client_for(district_user).post(
        reverse("facilities:close", args=[facility.pk]), {"closed_on": "20/11/2021"}
    )
    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.closed_on == TODAY
