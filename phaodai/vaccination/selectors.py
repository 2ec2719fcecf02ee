"""Reads of doses, statuses, sessions, contraindications and vaccine stock; scoped reads take the
caller's jurisdiction."""

import datetime as dt

from django.db.models import Model, Q, QuerySet

from phaodai.core.scoping import Jurisdiction, get_in_scope_or_404
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.geo.selectors import unit_list
from phaodai.inventory import selectors as stock
from phaodai.inventory.models import Balance, ItemKind, Lot
from phaodai.people.models import Person
from phaodai.vaccination.models import Contraindication, Dose, Session, VaccinationStatus

SITE_LEVELS = (UnitLevel.DISTRICT, UnitLevel.COMMUNE)


def person_doses(*, person: Person) -> QuerySet[Dose]:
    """The doses of a person the caller already holds (so in their jurisdiction), wherever given."""
    return (
        Dose.objects.filter(person=person)
        .select_related("lot", "lot__item", "unit", "session", "rules")
        .order_by("number")
    )


def status_of(*, person: Person) -> VaccinationStatus | None:
    return VaccinationStatus.objects.filter(person=person).select_related("rules").first()


def active_contraindications(*, person: Person, on: dt.date) -> QuerySet[Contraindication]:
    return Contraindication.objects.filter(Q(until__isnull=True) | Q(until__gte=on), person=person).order_by(
        "-recorded_on", "-pk"
    )


def _dated[T: Model](
    rows: QuerySet[T], field: str, since: dt.date | None, until: dt.date | None
) -> QuerySet[T]:
    if since is not None:
        rows = rows.filter(**{f"{field}__gte": since})
    if until is not None:
        rows = rows.filter(**{f"{field}__lte": until})
    return rows


def _under[T: Model](rows: QuerySet[T], unit: AdminUnit | None) -> QuerySet[T]:
    return rows if unit is None else rows.visible_to(Jurisdiction.of([unit.path]))  # type: ignore[attr-defined]


def dose_list(
    *, jurisdiction: Jurisdiction, unit: AdminUnit | None = None, since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[Dose]:  # fmt: skip
    """Doses given at sites in the jurisdiction (under ``unit``, between two days), latest first."""
    rows = Dose.objects.visible_to(jurisdiction).select_related("person", "lot", "lot__item", "unit")
    return _dated(_under(rows, unit), "given_on", since, until).order_by("-given_on", "-pk")


def dose_get(*, jurisdiction: Jurisdiction, pk: object) -> Dose:
    return get_in_scope_or_404(
        Dose.objects.select_related("person", "lot", "lot__item", "unit"), jurisdiction=jurisdiction, pk=pk
    )


def session_list(
    *, jurisdiction: Jurisdiction, unit: AdminUnit | None = None, since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[Session]:  # fmt: skip
    """Sessions in the jurisdiction, latest first, with their planned and given counts."""
    rows = Session.objects.visible_to(jurisdiction).select_related("unit")
    return _dated(_under(rows, unit), "held_on", since, until).order_by("-held_on", "-pk")


def session_get(*, jurisdiction: Jurisdiction, pk: object) -> Session:
    return get_in_scope_or_404(Session.objects.select_related("unit"), jurisdiction=jurisdiction, pk=pk)


def site_units(*, jurisdiction: Jurisdiction) -> QuerySet[AdminUnit]:
    """Where doses are given and stock is held: districts and communes of the jurisdiction."""
    return unit_list(jurisdiction=jurisdiction).filter(level__in=SITE_LEVELS).select_related("parent")


def usable_lots(*, jurisdiction: Jurisdiction, unit: AdminUnit, on: dt.date) -> QuerySet[Balance]:
    """Vaccine lots on a site's shelf, unexpired on ``on``, first expiry first (the order to use them)."""
    return (
        stock.lots_at(jurisdiction=jurisdiction, unit=unit)
        .filter(item__kind=ItemKind.VACCINE, lot__expires_on__gte=on)
        .order_by("lot__expires_on", "lot__number")
    )


def vaccine_stock(*, jurisdiction: Jurisdiction) -> QuerySet[Balance]:
    return (
        stock.balances(jurisdiction=jurisdiction)
        .filter(item__kind=ItemKind.VACCINE)
        .order_by("lot__expires_on", "unit_path")
    )


def vaccine_expiring(*, jurisdiction: Jurisdiction, on: dt.date) -> QuerySet[Balance]:
    """Vaccine on shelves that expires within the inventory's warning window (or already has)."""
    return stock.expiring(jurisdiction=jurisdiction, on=on).filter(item__kind=ItemKind.VACCINE)


def vaccine_lots(*, jurisdiction: Jurisdiction, on: dt.date) -> QuerySet[Lot]:
    """Lots of vaccine on some shelf of the jurisdiction, unexpired on ``on`` (what a dose may come from)."""
    held = vaccine_stock(jurisdiction=jurisdiction).filter(lot__expires_on__gte=on).values("lot_id")
    return (
        Lot.objects.filter(pk__in=held).select_related("item").order_by("item__name", "expires_on", "number")
    )


def recent_sessions(*, jurisdiction: Jurisdiction, on: dt.date, days: int = 7) -> QuerySet[Session]:
    return session_list(jurisdiction=jurisdiction, since=on - dt.timedelta(days=days), until=on)


def due_list(
    *, jurisdiction: Jurisdiction, on: dt.date, unit: AdminUnit | None = None
) -> QuerySet[VaccinationStatus]:
    """People (living in the jurisdiction, under ``unit``) whose next dose may be given by ``on``, the
    longest waiting first: read from the maintained status rows and their (place, due day) index."""
    rows = VaccinationStatus.objects.visible_to(jurisdiction).filter(next_due_on__lte=on)
    return _under(rows, unit).select_related("person", "unit").order_by("next_due_on", "person_id")
