"""Orders for tests, issued through the services (rule version, facility stay and audit are real)."""

import datetime as dt
from typing import Any

from phaodai.core import clock
from phaodai.core.scoping import Jurisdiction
from phaodai.facilities.models import Facility
from phaodai.facilities.tests.factories import FacilityFactory
from phaodai.geo.models import AdminUnit
from phaodai.people.models import Person, commune_path
from phaodai.quarantine.models import Order
from phaodai.quarantine.reference import OrderPlace
from phaodai.quarantine.services import order_issue_f1, order_release

D = dt.date


def commune_of(person: Person) -> Jurisdiction:
    return Jurisdiction.of([commune_path(person.unit)])


def quarantine_centre(unit: AdminUnit, **fields: Any) -> Facility:
    """A quarantine centre open since before the first rule set this app ships (21 days, 2020)."""
    return FacilityFactory(unit=unit, opened_on=fields.pop("opened_on", D(2020, 1, 1)), **fields)


def issue_f1(
    person: Person,
    *,
    actor: Any = None,
    jurisdiction: Jurisdiction | None = None,
    start_date: dt.date | None = None,
    place: str = OrderPlace.FACILITY,
    facility: Facility | None = None,
    **fields: Any,
) -> Order:
    """Quarantine ``person`` from today (by default in a new quarantine centre of their commune), as the
    health station of the commune where they live."""
    if place == OrderPlace.FACILITY and facility is None:
        facility = quarantine_centre(person.unit)
    return order_issue_f1(
        actor=actor,
        jurisdiction=jurisdiction or commune_of(person),
        contact=fields.pop("contact", None),
        person=person,
        start_date=start_date or clock.today(),
        place=place,
        facility=facility,
        **fields,
    )


def release(order: Order, *, actor: Any = None, **fields: Any) -> Order:
    """Release on the last day (or ``released_on``), signed by the station head."""
    return order_release(
        actor=actor,
        order=order,
        released_on=fields.pop("released_on", order.end_date),
        release_number=fields.pop("release_number", "12"),
        signer_name=fields.pop("signer_name", "Vàng Thị Dung"),
        signer_title=fields.pop("signer_title", "Trạm trưởng"),
    )
