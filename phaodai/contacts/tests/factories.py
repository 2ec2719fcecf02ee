"""Exposures for tests: a raw row from factory_boy, or one recorded through the service (chain and F1/F2
follow)."""

import datetime as dt
from typing import Any

import factory

from phaodai.contacts.models import Exposure
from phaodai.contacts.reference import ExposureSetting
from phaodai.contacts.services import exposure_add
from phaodai.core import clock
from phaodai.core.scoping import Jurisdiction
from phaodai.people.models import Person


class ExposureFactory(factory.django.DjangoModelFactory):
    """A bare edge (no chain, no F1/F2 derived): pass ``source`` and ``contact``."""

    class Meta:
        model = Exposure

    unit = factory.LazyAttribute(lambda o: o.contact.unit)
    unit_path = factory.LazyAttribute(lambda o: o.contact.unit_path)
    setting = ExposureSetting.HOUSEHOLD
    last_exposure_date = factory.LazyFunction(clock.today)
    created_at = factory.LazyFunction(clock.now)


def expose(
    source: Person,
    contact: Person,
    *,
    day: dt.date | None = None,
    actor: Any = None,
    jurisdiction: Jurisdiction | None = None,
    setting: str = ExposureSetting.HOUSEHOLD,
) -> Exposure:
    """Record through the service, as someone who sees both persons."""
    return exposure_add(
        actor=actor,
        jurisdiction=jurisdiction or Jurisdiction.of([source.unit_path, contact.unit_path]),
        source=source,
        contact=contact,
        setting=setting,
        last_exposure_date=day or clock.today(),
    )
