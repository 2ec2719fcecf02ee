"""Facilities and stays for tests: rows straight from factory_boy, or admissions through the service."""

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from phaodai.core import clock
from phaodai.facilities.models import Facility, FacilityKind, Stay, StayPurpose
from phaodai.facilities.services import stay_admit
from phaodai.people.models import Person


def local(day: dt.date, hour: int = 8, minute: int = 0) -> dt.datetime:
    """An aware datetime at a local (Asia/Ho_Chi_Minh) wall-clock time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


class FacilityFactory(factory.django.DjangoModelFactory):
    """Pass ``unit``: a facility is always somewhere."""

    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Khu cách ly Trường PTDTBT số {n}")
    kind = FacilityKind.QUARANTINE_CENTRE
    unit_path = factory.LazyAttribute(lambda o: o.unit.path)
    beds = 50
    icu_beds = 0
    oxygen_points = 0
    opened_on = dt.date(2021, 10, 1)
    closed_on = None
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)


class StayFactory(factory.django.DjangoModelFactory):
    """A stay row without the service's checks (pass ``facility`` and ``person``)."""

    class Meta:
        model = Stay

    purpose = StayPurpose.QUARANTINE
    admitted_at = factory.LazyFunction(lambda: clock.now() - dt.timedelta(days=1))
    unit = factory.LazyAttribute(lambda o: o.facility.unit)
    unit_path = factory.LazyAttribute(lambda o: o.facility.unit_path)
    created_at = factory.LazyFunction(clock.now)


def admit(
    facility: Facility,
    person: Person,
    *,
    at: dt.datetime | None = None,
    purpose: str = StayPurpose.QUARANTINE,
    actor: Any = None,
) -> Stay:
    """Admit through the service, yesterday morning unless told otherwise."""
    when = at or local(clock.today() - dt.timedelta(days=1))
    return stay_admit(actor=actor, facility=facility, person=person, purpose=purpose, at=when)
