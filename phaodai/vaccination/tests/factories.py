"""Vaccine lots on a unit's shelf and doses through the real service."""

import datetime as dt
from typing import Any

from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit
from phaodai.inventory.models import Item, Lot
from phaodai.inventory.tests.factories import shelve
from phaodai.people.models import Person
from phaodai.vaccination.checks import DoseInput
from phaodai.vaccination.models import Dose, DoseKind
from phaodai.vaccination.services import dose_record
from phaodai.vaccination.status import home_commune


def vaccine_lot(
    unit: AdminUnit,
    product: str = "VC",
    *,
    number: str = "",
    doses: int = 100,
    expires_on: dt.date = dt.date(2022, 6, 30),
    received_on: dt.date = dt.date(2021, 7, 1),
) -> Lot:
    """A lot of a shipped product with ``doses`` on the unit's shelf."""
    lot = Lot.objects.create(
        item=Item.objects.get(code=product),
        number=number or f"{product}-{Lot.objects.count() + 1:03d}",
        expires_on=expires_on,
    )
    shelve(unit, lot, doses, on=received_on)
    return lot


def give(
    person: Person,
    lot: Lot,
    given_on: dt.date,
    *,
    unit: AdminUnit | None = None,
    number: int | None = None,
    kind: str = DoseKind.PRIMARY,
    actor: Any = None,
    **extra: Any,
) -> Dose:
    """Record the person's next dose through the service, at their commune unless told otherwise."""
    site = unit or home_commune(person)
    data = DoseInput(
        person=person,
        number=number or person.doses.count() + 1,
        kind=kind,
        product=lot.item.code,
        lot=lot,
        given_on=given_on,
        unit=site,
        **extra,
    )
    return dose_record(actor=actor, jurisdiction=Jurisdiction.of([site.path, person.unit_path]), data=data)
