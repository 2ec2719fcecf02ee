"""Reads of the command center. Every figure comes from ``DailyCount`` (or from counters other apps keep),
never from personal rows, so the dashboard and the daily report show the same numbers (decision 0008)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Sum

from phaodai.command import metrics
from phaodai.command.models import BoundarySet, DailyCount, DailyReport, RiskAssessment
from phaodai.core.rules import path_prefixes
from phaodai.core.scoping import Jurisdiction, get_in_scope_or_404, next_path
from phaodai.facilities.models import Facility, FacilityPurpose
from phaodai.geo.models import AdminUnit

FIRST_DAY = dt.date(2020, 1, 1)
"""No figure of the epidemic is older: an earlier day asked for is a typing slip (and a year 1 date would
overflow the date arithmetic of the series)."""


def _under[Q_: QuerySet[Any]](queryset: Q_, unit: AdminUnit, field_name: str = "unit_path") -> Q_:
    return queryset.filter(**{f"{field_name}__gte": unit.path, f"{field_name}__lt": next_path(unit.path)})


def _counts(jurisdiction: Jurisdiction, unit: AdminUnit) -> QuerySet[DailyCount]:
    return _under(DailyCount.objects.visible_to(jurisdiction), unit)


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def daily_series(
    *, jurisdiction: Jurisdiction, unit: AdminUnit, first: dt.date, last: dt.date, names: Sequence[str]
) -> dict[str, list[int]]:
    """Per metric, the value of each day from ``first`` to ``last`` (flows)."""
    index = {day: i for i, day in enumerate(days_between(first, last))}
    series = {name: [0] * len(index) for name in names}
    rows = _counts(jurisdiction, unit).filter(metric__in=names, day__gte=first, day__lte=last)
    for day, name, value in rows.values_list("day", "metric").annotate(v=Sum("value")).order_by():
        series[name][index[day]] += value
    return series


def stock_on(
    *, jurisdiction: Jurisdiction, unit: AdminUnit, on: dt.date, names: Sequence[str]
) -> dict[str, int]:
    """Stocks (active cases, F1 in quarantine, ...) as they stood at the end of reporting day ``on``."""
    rows = _counts(jurisdiction, unit).filter(metric__in=names, day__lte=on)
    found = dict(rows.values_list("metric").annotate(v=Sum("value")).order_by())
    return {name: int(found.get(name, 0)) for name in names}


def total_until(*, jurisdiction: Jurisdiction, unit: AdminUnit, on: dt.date, names: Sequence[str]) -> int:
    rows = _counts(jurisdiction, unit).filter(metric__in=names, day__lte=on)
    return int(rows.aggregate(v=Sum("value"))["v"] or 0)


@dataclass
class DayFigures:
    """One unit's figures for one reporting day: what the dashboard tiles and the daily report show."""

    day: dt.date
    new_community: int = 0
    new_other: int = 0
    new_week: int = 0
    total_cases: int = 0
    recovered: int = 0
    deaths: int = 0
    total_deaths: int = 0
    active: dict[str, int] = field(default_factory=dict)
    f1: dict[str, int] = field(default_factory=dict)
    tests_done: int = 0
    tests_positive: int = 0
    escalations_open: int = 0
    occupied: dict[str, int] = field(default_factory=dict)
    beds: dict[str, int] = field(default_factory=dict)

    @property
    def new_cases(self) -> int:
        return self.new_community + self.new_other

    @property
    def active_total(self) -> int:
        return sum(self.active.values())

    @property
    def f1_total(self) -> int:
        return sum(self.f1.values())

    @property
    def positivity(self) -> float | None:
        return 100 * self.tests_positive / self.tests_done if self.tests_done else None


FLOWS = (metrics.CASES_COMMUNITY, metrics.CASES_OTHER, metrics.RECOVERED, metrics.DEATHS,
         metrics.TESTS_DONE, metrics.TESTS_POSITIVE)  # fmt: skip
OCCUPANCY = tuple(metrics.OCCUPIED + purpose for purpose in ("isolation", "quarantine", "treatment"))
STOCKS = (*metrics.ACTIVE_METRICS, *metrics.F1_METRICS, metrics.ESCALATIONS_OPEN, *OCCUPANCY)
CASE_FLOWS = (metrics.CASES_COMMUNITY, metrics.CASES_OTHER)


def day_figures(*, jurisdiction: Jurisdiction, unit: AdminUnit, day: dt.date) -> DayFigures:
    one_day = daily_series(jurisdiction=jurisdiction, unit=unit, first=day, last=day, names=FLOWS)
    flows = {name: values[0] for name, values in one_day.items()}
    stocks = stock_on(jurisdiction=jurisdiction, unit=unit, on=day, names=STOCKS)
    week = daily_series(
        jurisdiction=jurisdiction, unit=unit, first=day - dt.timedelta(days=6), last=day, names=CASE_FLOWS
    )
    return DayFigures(
        day=day,
        new_community=flows[metrics.CASES_COMMUNITY],
        new_other=flows[metrics.CASES_OTHER],
        new_week=sum(sum(values) for values in week.values()),
        total_cases=total_until(jurisdiction=jurisdiction, unit=unit, on=day, names=CASE_FLOWS),
        recovered=flows[metrics.RECOVERED],
        deaths=flows[metrics.DEATHS],
        total_deaths=total_until(jurisdiction=jurisdiction, unit=unit, on=day, names=[metrics.DEATHS]),
        active={name.removeprefix(metrics.ACTIVE): stocks[name] for name in metrics.ACTIVE_METRICS},
        f1={name.removeprefix(metrics.F1_QUARANTINE): stocks[name] for name in metrics.F1_METRICS},
        tests_done=flows[metrics.TESTS_DONE],
        tests_positive=flows[metrics.TESTS_POSITIVE],
        escalations_open=stocks[metrics.ESCALATIONS_OPEN],
        occupied={name.removeprefix(metrics.OCCUPIED): stocks[name] for name in OCCUPANCY},
        beds=beds(jurisdiction=jurisdiction, unit=unit, on=day),
    )


def beds(*, jurisdiction: Jurisdiction, unit: AdminUnit, on: dt.date) -> dict[str, int]:
    """Beds of the facilities open on ``on`` by purpose (quarantine, treatment): facility rows, no people."""
    open_facilities = _under(Facility.objects.visible_to(jurisdiction), unit).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=on), opened_on__lte=on
    )
    found: dict[str, int] = defaultdict(int)
    for kind, total in open_facilities.values_list("kind").annotate(n=Sum("beds")).order_by():
        found[purpose_of(kind)] += int(total or 0)
    return dict(found)


def purpose_of(kind: str) -> str:
    return FacilityPurpose.QUARANTINE if kind == "quarantine_centre" else FacilityPurpose.TREATMENT


def assessments(
    *, jurisdiction: Jurisdiction, parent: AdminUnit, week_end: dt.date
) -> QuerySet[RiskAssessment]:
    rows = RiskAssessment.objects.visible_to(jurisdiction).filter(week_end=week_end)
    return _under(rows, parent).select_related("unit", "rules", "overridden_by").order_by("unit_path")


def latest_week(*, jurisdiction: Jurisdiction, parent: AdminUnit, on: dt.date) -> dt.date | None:
    rows = _under(RiskAssessment.objects.visible_to(jurisdiction), parent).filter(week_end__lte=on)
    return rows.order_by("-week_end").values_list("week_end", flat=True).first()


def assessment_get(*, jurisdiction: Jurisdiction, pk: object) -> RiskAssessment:
    return get_in_scope_or_404(
        RiskAssessment.objects.select_related("unit", "rules"), jurisdiction=jurisdiction, pk=pk
    )


def level_history(*, jurisdiction: Jurisdiction, unit: AdminUnit, weeks: int = 12) -> list[RiskAssessment]:
    rows = RiskAssessment.objects.visible_to(jurisdiction).filter(unit=unit).order_by("-week_end")
    return list(rows[:weeks])[::-1]


def boundaries_for(*, jurisdiction: Jurisdiction, unit: AdminUnit) -> BoundarySet | None:
    """The latest boundary file loaded for the unit or one above it."""
    rows = BoundarySet.objects.visible_to(jurisdiction).filter(unit_path__in=path_prefixes(unit.path))
    covering = rows.order_by("-loaded_at").first()
    if covering is not None:
        return covering
    return _under(BoundarySet.objects.visible_to(jurisdiction), unit).order_by("-loaded_at").first()


def reports(*, jurisdiction: Jurisdiction, unit: AdminUnit | None = None) -> QuerySet[DailyReport]:
    rows = DailyReport.objects.visible_to(jurisdiction).select_related("unit")
    return (_under(rows, unit) if unit is not None else rows).order_by("-day", "unit_path")


def report_get(*, jurisdiction: Jurisdiction, pk: object) -> DailyReport:
    return get_in_scope_or_404(DailyReport.objects.select_related("unit"), jurisdiction=jurisdiction, pk=pk)
