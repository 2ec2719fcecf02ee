"""Reads behind the daily work lists: escalations waiting for someone, cases not yet checked today.

Both lists start from the jurisdiction's unit-path ranges, the leading column of the indexes that serve
them (the partial ``escalation_open`` index, and ``case_path_status_risk``).
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Self, overload

from django.db.models import F, Model, Q, QuerySet
from django.utils import timezone

from phaodai.cases.models import Case, Escalation, MonitoringEntry
from phaodai.cases.reference import CaseStatus, PlaceOfCare
from phaodai.core import clock
from phaodai.core.scoping import Jurisdiction, get_in_scope_or_404

ESCALATION_ORDERS = {
    "risk": ("-risk_score", "opened_at", "pk"),  # the longest waiting first among equal risk
    "waiting": ("opened_at", "-risk_score", "pk"),
}
NOT_MONITORED_ORDERS = {
    "risk": (F("risk_score").desc(), F("report_date").asc(), F("pk").asc()),
    "last": (F("last_monitored_at").asc(nulls_first=True), F("risk_score").desc(), F("pk").asc()),
}
CARED_FOR_LOCALLY = (PlaceOfCare.HOME, PlaceOfCare.COMMUNE_STATION)
# What a row of the escalation list shows (the page and /api/escalations/): the escalation itself, and of
# its case only the name, age and unit of the person and the risk flags. The case's other ~40 columns
# cost more to select and build than the rows themselves; a row reading more must add it here.
ESCALATION_FIELDS = tuple(field.name for field in Escalation._meta.concrete_fields)
ESCALATION_CASE_FIELDS = (
    "case__person",
    "case__unit",
    "case__risk_flags",
    "case__person__full_name",
    "case__person__birth_year",
    "case__person__birth_date",
    "case__unit__name",
)


class Rows[Item: Model, Row]:
    """A queryset whose rows are wrapped as they are read: sliced (a page), it stays lazy.

    Paginators slice it and count it; only the page shown is fetched and wrapped.
    """

    def __init__(self, queryset: QuerySet[Item], wrap: Callable[[Item], Row]) -> None:
        self.queryset = queryset
        self.wrap = wrap

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> Self: ...
    def __getitem__(self, index: int | slice) -> "Row | Self":
        if isinstance(index, slice):
            return type(self)(self.queryset[index], self.wrap)
        return self.wrap(self.queryset[index])

    def __iter__(self) -> Iterator[Row]:
        return (self.wrap(item) for item in self.queryset)


@dataclass(frozen=True)
class WaitingEscalation:
    escalation: Escalation
    waited: dt.timedelta


def _open_escalations(jurisdiction: Jurisdiction) -> QuerySet[Escalation]:
    return Escalation.objects.visible_to(jurisdiction).filter(handled_at__isnull=True)


def escalation_list(
    *, jurisdiction: Jurisdiction, order: str = "risk"
) -> Rows[Escalation, WaitingEscalation]:
    """Open escalations of the jurisdiction, each with how long it has waited so far.

    Highest risk first, the longest waiting first among equal risk; ``order="waiting"`` puts the
    longest waiting first whatever the risk. Unknown orders fall back to risk.
    """
    escalations = (
        _open_escalations(jurisdiction)
        .select_related("case", "case__person", "case__unit")
        .only(*ESCALATION_FIELDS, *ESCALATION_CASE_FIELDS)
    )
    now = clock.now()
    return Rows(
        escalations.order_by(*ESCALATION_ORDERS.get(order, ESCALATION_ORDERS["risk"])),
        lambda escalation: WaitingEscalation(escalation, now - escalation.opened_at),
    )


def escalation_count(*, jurisdiction: Jurisdiction) -> int:
    return _open_escalations(jurisdiction).count()


def escalation_get(*, jurisdiction: Jurisdiction, pk: object) -> Escalation:
    """One escalation (open or handled) with its case; outside the jurisdiction it does not exist."""
    return get_in_scope_or_404(
        Escalation.objects.select_related("case", "case__person", "case__unit", "handled_by"),
        jurisdiction=jurisdiction,
        pk=pk,
    )


def open_escalation_of(*, case: Case) -> Escalation | None:
    """The case's escalation waiting to be handled, if any (the caller holds the case in scope)."""
    return Escalation.objects.filter(case=case, handled_at__isnull=True).first()


def start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the platform time zone."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _not_monitored(jurisdiction: Jurisdiction, today: dt.date) -> QuerySet[Case]:
    return (
        Case.objects.visible_to(jurisdiction)
        .filter(status=CaseStatus.ACTIVE, place_of_care__in=CARED_FOR_LOCALLY)
        .filter(Q(last_monitored_at__isnull=True) | Q(last_monitored_at__lt=start_of(today)))
    )


def not_monitored_today(*, jurisdiction: Jurisdiction, today: dt.date, order: str = "risk") -> QuerySet[Case]:
    """Active cases cared for at home or at the commune station with no health check yet ``today``.

    Highest risk first, then the earliest reported; ``order="last"`` puts the longest unchecked first.
    """
    ordering = NOT_MONITORED_ORDERS.get(order, NOT_MONITORED_ORDERS["risk"])
    return _not_monitored(jurisdiction, today).select_related("person", "unit").order_by(*ordering)


def not_monitored_count(*, jurisdiction: Jurisdiction, today: dt.date) -> int:
    return _not_monitored(jurisdiction, today).count()


def monitoring_history(*, case: Case) -> QuerySet[MonitoringEntry]:
    """The case's health checks, newest first (the caller holds the case in scope)."""
    return (
        MonitoringEntry.objects.filter(case=case)
        .select_related("recorded_by", "warning_rules")
        .order_by("-at", "-pk")
    )


def monitoring_entries(
    *, jurisdiction: Jurisdiction, case_id: int | None = None
) -> QuerySet[MonitoringEntry]:
    """Health checks placed in the jurisdiction (of one case, if named), newest first."""
    entries = MonitoringEntry.objects.visible_to(jurisdiction).select_related("warning_rules")
    if case_id is not None:
        entries = entries.filter(case_id=case_id)
    return entries.order_by("-at", "-pk")
