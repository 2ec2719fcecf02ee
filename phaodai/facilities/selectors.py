"""Reads of facilities and stays; the scoped ones take the caller's jurisdiction."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from phaodai.core.scoping import PATH_SEPARATOR, Jurisdiction, ScopedQuerySet, get_in_scope_or_404
from phaodai.facilities.models import FACILITY_LEVELS, QUARANTINE_KINDS, Facility, Stay
from phaodai.geo.models import AdminUnit
from phaodai.geo.selectors import unit_list
from phaodai.people.models import Person

Movement = tuple[dt.date, int, int]


def _with_occupancy(facilities: ScopedQuerySet) -> ScopedQuerySet:
    return facilities.select_related("unit", "unit__parent", "organisation").annotate(
        occupied=Count("stays", filter=Q(stays__discharged_at__isnull=True))
    )


def facility_list(
    *, jurisdiction: Jurisdiction, kind: str | None = None, open_on: dt.date | None = None
) -> QuerySet[Facility]:
    """Facilities in the jurisdiction by name, each with ``occupied`` (people staying now)."""
    facilities = _with_occupancy(Facility.objects.visible_to(jurisdiction))
    if kind:
        facilities = facilities.filter(kind=kind)
    if open_on is not None:
        facilities = facilities.filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=open_on), opened_on__lte=open_on
        )
    return facilities.order_by("name", "pk")


def referral_scope(jurisdiction: Jurisdiction) -> Jurisdiction:
    """Where the units of a jurisdiction send people: every facility of their province.

    A commune health station sends F1 to the district's quarantine centre and F0 to the province's field
    hospital, neither of which lies inside the commune. Facilities hold no personal data, so offering
    those of the whole province discloses nothing; their stays stay scoped to the facility's place.
    """
    return Jurisdiction.of(
        PATH_SEPARATOR.join(p.split(PATH_SEPARATOR)[:2]) + PATH_SEPARATOR for p in jurisdiction.prefixes
    )


def referral_facilities(
    *, jurisdiction: Jurisdiction, kind: str | None = None, open_on: dt.date | None = None
) -> QuerySet[Facility]:
    """The facilities a unit may send someone to (see :func:`referral_scope`)."""
    return facility_list(jurisdiction=referral_scope(jurisdiction), kind=kind, open_on=open_on)


def facility_get(*, jurisdiction: Jurisdiction, pk: object) -> Facility:
    """One facility with ``occupied``; outside the jurisdiction it does not exist (404)."""
    return get_in_scope_or_404(_with_occupancy(Facility.objects.all()), jurisdiction=jurisdiction, pk=pk)


def facility_units(*, jurisdiction: Jurisdiction) -> QuerySet[AdminUnit]:
    """Districts, communes and villages of the jurisdiction a facility may be placed in."""
    return unit_list(jurisdiction=jurisdiction).filter(level__in=FACILITY_LEVELS).select_related("parent")


def facility_stays(*, facility: Facility, open_only: bool = True) -> QuerySet[Stay]:
    """The stays of a facility the caller already holds (so it is in their jurisdiction), earliest first."""
    stays = Stay.objects.filter(facility=facility).select_related("person", "person__unit")
    if open_only:
        stays = stays.filter(discharged_at__isnull=True)
    return stays.order_by("admitted_at", "pk")


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _per_day(facility: Facility, field: str, first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """How many stays of the facility have ``field`` on each local day, in one grouped query."""
    rows = (
        Stay.objects.filter(
            facility=facility,
            **{f"{field}__gte": _start_of(first), f"{field}__lt": _start_of(last + dt.timedelta(days=1))},
        )
        .annotate(day=TruncDate(field))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["day"]: row["count"] for row in rows}


def facility_movements(*, facility: Facility, days: int = 14, today: dt.date) -> list[Movement]:
    """``(day, admissions, discharges)`` for the ``days`` days ending ``today``, oldest first."""
    first = today - dt.timedelta(days=days - 1)
    admitted = _per_day(facility, "admitted_at", first, today)
    discharged = _per_day(facility, "discharged_at", first, today)
    return [
        (day, admitted.get(day, 0), discharged.get(day, 0))
        for day in (first + dt.timedelta(days=offset) for offset in range(days))
    ]


def positive_in_quarantine(*, jurisdiction: Jurisdiction) -> QuerySet[Stay]:
    """People still in a quarantine facility who tested positive: they must be moved to treatment."""
    return (
        Stay.objects.visible_to(jurisdiction)
        .filter(
            discharged_at__isnull=True, positive_flagged_at__isnull=False, facility__kind__in=QUARANTINE_KINDS
        )
        .select_related("facility", "person")
        .order_by("positive_flagged_at", "pk")
    )


def open_stay_of(*, person: Person) -> Stay | None:
    """The person's current stay, wherever it is (the caller already holds the person in scope)."""
    return Stay.objects.filter(person=person, discharged_at__isnull=True).select_related("facility").first()


def stay_list(
    *, jurisdiction: Jurisdiction, facility: Facility | None = None, open_only: bool = False
) -> QuerySet[Stay]:
    """Stays placed in the jurisdiction (at their facility's unit), latest admission first."""
    stays = Stay.objects.visible_to(jurisdiction).select_related("facility", "person")
    if facility is not None:
        stays = stays.filter(facility=facility)
    if open_only:
        stays = stays.filter(discharged_at__isnull=True)
    return stays.order_by("-admitted_at", "-pk")


def stay_get(*, jurisdiction: Jurisdiction, pk: object) -> Stay:
    return get_in_scope_or_404(
        Stay.objects.select_related("facility", "person"), jurisdiction=jurisdiction, pk=pk
    )
