"""What each source row contributes to the daily counts: one pure function per source model.

The same functions serve the incremental path (``counters.refresh_rows``: the difference between a row's
contributions before and after a write) and the rebuild (``counters.rebuild``: the sum over all rows),
so the two can only disagree when a write escapes the hooks, which is what the rebuild test looks for.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone

from phaodai.cases.models import Case, Escalation
from phaodai.cases.reference import CaseStatus, Detection, PlaceOfCare
from phaodai.diagnostics.models import Result
from phaodai.diagnostics.reference import Outcome
from phaodai.facilities.models import Stay
from phaodai.quarantine.models import Order
from phaodai.quarantine.reference import OrderKind, OrderStatus

CASES_COMMUNITY = "cases.community"
CASES_OTHER = "cases.other"
RECOVERED = "cases.recovered"
DEATHS = "cases.deaths"
ACTIVE = "active."  # + place of care: a stock
F1_QUARANTINE = "f1."  # + place: a stock
ESCALATIONS_OPEN = "escalations.open"  # a stock
TESTS_DONE = "tests.done"
TESTS_POSITIVE = "tests.positive"
OCCUPIED = "occupied."  # + stay purpose: a stock

ACTIVE_METRICS = tuple(ACTIVE + place for place in PlaceOfCare.values)
F1_METRICS = tuple(F1_QUARANTINE + place for place in ("home", "facility", "other"))
COUNTED_CASE_STATUSES = (CaseStatus.ACTIVE, CaseStatus.RECOVERED, CaseStatus.DECEASED)

Cell = tuple[int, str, dt.date, str]  # unit id, unit path, day, metric
Contribution = tuple[Cell, int]


def cutoff_hour() -> int:
    return int(getattr(settings, "PHAODAI_REPORT_CUTOFF_HOUR", 16))


def reporting_day(moment: dt.datetime) -> dt.date:
    """The reporting day a moment falls in: a day runs from the cut-off hour of the day before to the
    cut-off hour of that day, in local time (the Ministry's 16:00 to 16:00)."""
    local = timezone.localtime(moment)
    hour = cutoff_hour()
    if hour and (local.hour, local.minute, local.second, local.microsecond) >= (hour, 0, 0, 0):
        return local.date() + dt.timedelta(days=1)
    return local.date()


def _stock(unit: tuple[int, str], metric: str, start: dt.date, end: dt.date | None) -> list[Contribution]:
    """+1 from ``start``; -1 from ``end`` (the day it is no longer counted)."""
    rows: list[Contribution] = [((*unit, start, metric), 1)]
    if end is not None:
        rows.append(((*unit, max(end, start), metric), -1))
    return rows


def case_contributions(row: Any) -> list[Contribution]:
    if row.status not in COUNTED_CASE_STATUSES:
        return []
    unit = (row.unit_id, row.unit_path)
    kind = CASES_COMMUNITY if row.detected_in == Detection.COMMUNITY else CASES_OTHER
    rows: list[Contribution] = [((*unit, row.report_date, kind), 1)]
    closed_on = row.outcome_date if row.status != CaseStatus.ACTIVE else None
    if closed_on is not None:
        outcome = RECOVERED if row.status == CaseStatus.RECOVERED else DEATHS
        rows.append(((*unit, closed_on, outcome), 1))
    return rows + _stock(unit, ACTIVE + row.place_of_care, row.report_date, closed_on)


def order_end(row: Any) -> dt.date | None:
    if row.status == OrderStatus.RELEASED:
        return row.released_on or row.end_date
    if row.status == OrderStatus.BECAME_CASE:
        return row.case_report_date or row.end_date
    return None


def order_contributions(row: Any) -> list[Contribution]:
    if row.kind != OrderKind.F1_QUARANTINE or row.status == OrderStatus.CANCELLED:
        return []
    return _stock((row.unit_id, row.unit_path), F1_QUARANTINE + row.place, row.start_date, order_end(row))


def escalation_contributions(row: Any) -> list[Contribution]:
    handled = reporting_day(row.handled_at) if row.handled_at else None
    return _stock((row.unit_id, row.unit_path), ESCALATIONS_OPEN, reporting_day(row.opened_at), handled)


def result_contributions(row: Any) -> list[Contribution]:
    if row.outcome == Outcome.INVALID:
        return []
    cell = (row.unit_id, row.unit_path, reporting_day(row.resulted_at))
    rows: list[Contribution] = [((*cell, TESTS_DONE), 1)]
    if row.outcome == Outcome.POSITIVE:
        rows.append(((*cell, TESTS_POSITIVE), 1))
    return rows


def stay_contributions(row: Any) -> list[Contribution]:
    discharged = reporting_day(row.discharged_at) if row.discharged_at else None
    metric = OCCUPIED + row.purpose
    return _stock((row.unit_id, row.unit_path), metric, reporting_day(row.admitted_at), discharged)


_PLACED = ("unit_id", "unit_path")


@dataclass(frozen=True)
class Source:
    """A model whose rows feed the counts: the fields its contributions read, and what each row adds."""

    model: type[models.Model]
    fields: tuple[str, ...]
    contributions: Callable[[Any], list[Contribution]]
    annotations: dict[str, Any] = field(default_factory=dict)


SOURCES: tuple[Source, ...] = (
    Source(
        Case,
        (*_PLACED, "status", "detected_in", "report_date", "outcome_date", "place_of_care"),
        case_contributions,
    ),
    Source(
        Order,
        (*_PLACED, "kind", "status", "place", "start_date", "end_date", "released_on", "case_report_date"),
        order_contributions,
        {"case_report_date": F("case__report_date")},
    ),
    Source(Escalation, (*_PLACED, "opened_at", "handled_at"), escalation_contributions),
    Source(Result, (*_PLACED, "outcome", "resulted_at"), result_contributions),
    Source(Stay, (*_PLACED, "purpose", "admitted_at", "discharged_at"), stay_contributions),
)
SOURCE_OF: dict[type[models.Model], Source] = {source.model: source for source in SOURCES}
