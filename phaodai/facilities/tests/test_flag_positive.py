"""A person in a quarantine facility who tests positive is flagged; elsewhere nothing happens."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.core import clock
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.facilities.models import FacilityKind, StayPurpose
from phaodai.facilities.selectors import positive_in_quarantine
from phaodai.facilities.services import stay_flag_positive
from phaodai.facilities.tests.factories import FacilityFactory, admit
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarantined(tree):
    centre = FacilityFactory(
        unit=tree.commune, name="Khu cách ly Dào San", kind=FacilityKind.QUARANTINE_CENTRE
    )
    return admit(centre, make_person(tree.village, "Lò Văn Pọm"))


def test_it_flags_a_person_in_a_quarantine_facility(quarantined, commune_user):
    at = clock.now() - dt.timedelta(hours=1)
    stay = stay_flag_positive(actor=commune_user, person=quarantined.person, at=at)
    assert stay is not None
    assert stay == quarantined
    stay.refresh_from_db()
    assert stay.positive_flagged_at == at
    event = AuditEvent.objects.get(
        entity="facilities.stay", entity_id=str(stay.pk), action=AuditAction.UPDATE
    )
    assert event.summary == "Dương tính trong khu cách ly: Lò Văn Pọm"


def test_flagging_again_keeps_the_first_flag(quarantined):
    first = clock.now() - dt.timedelta(hours=5)
    stay_flag_positive(actor=None, person=quarantined.person, at=first)
    stay_flag_positive(actor=None, person=quarantined.person, at=clock.now())
    quarantined.refresh_from_db()
    assert quarantined.positive_flagged_at == first
    assert AuditEvent.objects.filter(entity_id=str(quarantined.pk), action=AuditAction.UPDATE).count() == 1


@pytest.mark.parametrize(
    "kind", [FacilityKind.TREATMENT_FACILITY, FacilityKind.FIELD_HOSPITAL, FacilityKind.HOSPITAL]
)
def test_it_does_nothing_in_a_treatment_facility(tree, kind):
    ward = FacilityFactory(unit=tree.commune, kind=kind)
    stay = admit(ward, make_person(tree.village), purpose=StayPurpose.TREATMENT)
    assert stay_flag_positive(actor=None, person=stay.person, at=clock.now()) is None
    stay.refresh_from_db()
    assert stay.positive_flagged_at is None


def test_it_does_nothing_for_someone_not_staying(tree):
    assert stay_flag_positive(actor=None, person=make_person(tree.village), at=clock.now()) is None
    assert not AuditEvent.objects.filter(entity="facilities.stay").exists()


def test_the_positive_list_is_scoped_and_current(tree, quarantined):
    stay_flag_positive(actor=None, person=quarantined.person, at=clock.now())
    assert list(positive_in_quarantine(jurisdiction=Jurisdiction.of([tree.district.path]))) == [quarantined]
    assert list(positive_in_quarantine(jurisdiction=Jurisdiction.of([tree.other_district.path]))) == []


def test_the_pages_highlight_a_positive_in_quarantine(tree, quarantined, commune_user, outsider):
    stay_flag_positive(actor=None, person=quarantined.person, at=clock.now())
    client = client_for(commune_user)
    detail = client.get(reverse("facilities:detail", args=[quarantined.facility_id])).content.decode()
    assert "Ca dương tính trong khu cách ly" in detail
    assert 'class="flagged"' in detail
    listing = client.get(reverse("facilities:list")).content.decode()
    assert "Ca dương tính trong khu cách ly" in listing
    assert "Lò Văn Pọm" in listing
    elsewhere = client_for(outsider).get(reverse("facilities:list")).content.decode()
    assert "Lò Văn Pọm" not in elsewhere
