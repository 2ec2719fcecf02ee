"""Discharging a person: not before they came in, not twice; the bed is free again."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.core import clock
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.facilities.selectors import facility_get, open_stay_of
from phaodai.facilities.services import stay_discharge
from phaodai.facilities.tests.conftest import TODAY
from phaodai.facilities.tests.factories import FacilityFactory, admit, local
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def stay(tree):
    facility = FacilityFactory(unit=tree.commune, name="Khu cách ly Dào San")
    return admit(facility, make_person(tree.village, "Lò Văn Pọm"), at=local(YESTERDAY, 9))


def test_a_discharge_frees_the_bed_and_is_audited(tree, stay, commune_user):
    from phaodai.core.scoping import Jurisdiction

    stay_discharge(actor=commune_user, stay=stay, at=local(YESTERDAY, 17), reason="Hết thời gian cách ly")
    stay.refresh_from_db()
    assert stay.discharged_at == local(YESTERDAY, 17)
    assert stay.discharge_reason == "Hết thời gian cách ly"
    assert open_stay_of(person=stay.person) is None
    facility = facility_get(jurisdiction=Jurisdiction.of([tree.commune.path]), pk=stay.facility_id)
    assert facility.occupied == 0  # type: ignore[attr-defined]
    event = AuditEvent.objects.get(
        entity="facilities.stay", entity_id=str(stay.pk), action=AuditAction.UPDATE
    )
    assert event.actor == commune_user
    assert event.changes["discharge_reason"] == ["", "Hết thời gian cách ly"]


def test_it_refuses_a_discharge_before_the_admission(stay):
    with pytest.raises(DomainError) as caught:
        stay_discharge(actor=None, stay=stay, at=local(YESTERDAY, 8), reason="")
    assert caught.value.errors["discharged_at"] == [
        "Thời điểm ra không được trước thời điểm vào (09:00 19/11/2021)."
    ]
    stay.refresh_from_db()
    assert stay.discharged_at is None


def test_it_refuses_a_discharge_in_the_future(stay):
    with pytest.raises(DomainError) as caught:
        stay_discharge(actor=None, stay=stay, at=clock.now() + dt.timedelta(hours=3), reason="")
    assert "discharged_at" in caught.value.errors


def test_it_refuses_a_second_discharge(stay):
    stay_discharge(actor=None, stay=stay, at=local(YESTERDAY, 17), reason="Khỏi bệnh")
    with pytest.raises(ConflictError) as caught:
        stay_discharge(actor=None, stay=stay, at=local(YESTERDAY, 18), reason="")
    assert caught.value.message == "Người này đã ra khỏi cơ sở lúc 17:00 19/11/2021."
    stay.refresh_from_db()
    assert stay.discharged_at == local(YESTERDAY, 17)


def test_the_discharge_page_discharges_and_returns_to_the_facility(stay, commune_user):
    response = client_for(commune_user).post(
        reverse("facilities:discharge", args=[stay.pk]),
        {"discharged_at": "19/11/2021 16:30", "reason": "Chuyển cách ly tại nhà"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("facilities:detail", args=[stay.facility_id])
    stay.refresh_from_db()
    assert stay.discharged_at == local(YESTERDAY, 16, 30)


def test_the_discharge_page_shows_an_early_time_on_the_field(stay, commune_user):
    response = client_for(commune_user).post(
        reverse("facilities:discharge", args=[stay.pk]), {"discharged_at": "19/11/2021 06:00", "reason": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["discharged_at"] == [
        "Thời điểm ra không được trước thời điểm vào (09:00 19/11/2021)."
    ]
