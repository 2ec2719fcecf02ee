"""What the dashboard page shows, assembled from the selectors: series for the charts, today's tiles,
R_t beside the curve, coverage against targets and the risk map's units."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from phaodai.cases.reference import PlaceOfCare
from phaodai.command import metrics, rt, rulesets, selectors
from phaodai.command.documents import period_text
from phaodai.command.models import RiskAssessment
from phaodai.core import rules
from phaodai.core.errors import DomainError
from phaodai.core.models import RuleSet
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.quarantine.reference import OrderPlace
from phaodai.vaccination import coverage

CURVE_DAYS = 90


@dataclass
class Dashboard:
    unit: AdminUnit
    day: dt.date
    figures: selectors.DayFigures
    charts: dict[str, Any]
    rt_rules: RuleSet
    rt_latest: rt.RtPoint | None
    coverage: list[tuple[str, str, float | None, float, str]]
    coverage_rules: RuleSet | None
    week_end: dt.date | None
    levels: list[RiskAssessment]
    level_here: RiskAssessment | None
    period: str = ""

    @property
    def active_rows(self) -> list[tuple[Any, int]]:
        return [(label, self.figures.active.get(value, 0)) for value, label in PlaceOfCare.choices]

    @property
    def f1_rows(self) -> list[tuple[Any, int]]:
        return [(label, self.figures.f1.get(value, 0)) for value, label in OrderPlace.choices]

    @property
    def occupancy_rows(self) -> list[tuple[Any, int, int]]:
        used, beds = self.figures.occupied, self.figures.beds
        return [
            (_("Khu cách ly tập trung"), used.get("quarantine", 0), beds.get("quarantine", 0)),
            (
                _("Cơ sở điều trị, bệnh viện"),
                used.get("isolation", 0) + used.get("treatment", 0),
                beds.get("treatment", 0),
            ),
        ]


def _curve(
    jurisdiction: Jurisdiction, unit: AdminUnit, day: dt.date
) -> tuple[list[dt.date], dict[str, list[int]]]:
    first = day - dt.timedelta(days=CURVE_DAYS - 1)
    days = selectors.days_between(first, day)
    names = (*selectors.CASE_FLOWS, metrics.TESTS_DONE, metrics.TESTS_POSITIVE)
    return days, selectors.daily_series(
        jurisdiction=jurisdiction, unit=unit, first=first, last=day, names=names
    )


def rt_series(days: list[dt.date], series: dict[str, list[int]], version: RuleSet) -> list[rt.RtPoint]:
    incidence = [a + b for a, b in zip(*(series[name] for name in selectors.CASE_FLOWS), strict=True)]
    params = rt.RtParams(
        si_mean=float(version.params["si_mean"]),
        si_sd=float(version.params["si_sd"]),
        window=int(version.params["window"]),
        min_cases=int(version.params["min_cases"]),
    )
    return rt.estimate(days, incidence, params)


def _charts(days: list[dt.date], series: dict[str, list[int]], points: list[rt.RtPoint]) -> dict[str, Any]:
    by_day = {point.day: point for point in points}
    positivity = [
        round(100 * pos / done, 1) if done else None
        for pos, done in zip(series[metrics.TESTS_POSITIVE], series[metrics.TESTS_DONE], strict=True)
    ]
    return {
        "days": [day.strftime("%d/%m") for day in days],
        "community": series[metrics.CASES_COMMUNITY],
        "other": series[metrics.CASES_OTHER],
        "rt": [round(by_day[d].mean, 2) if d in by_day else None for d in days],
        "rt_low": [round(by_day[d].low, 2) if d in by_day else None for d in days],
        "rt_high": [round(by_day[d].high, 2) if d in by_day else None for d in days],
        "tests": series[metrics.TESTS_DONE],
        "positivity": positivity,
    }


def _coverage_row(jurisdiction: Jurisdiction, unit: AdminUnit, day: dt.date) -> coverage.CoverageRow | None:
    level = min(unit.level, UnitLevel.COMMUNE)
    rows = coverage.coverage_by_level(jurisdiction=jurisdiction, parent=unit, level=level, on=day)
    return rows[0] if rows else None


def _by_band(row: coverage.CoverageRow | None) -> dict[str, Any]:
    """Shares with dose 1, 2 and 3 per age band, for the coverage chart."""
    cells = row.cells() if row is not None else []
    return {
        "bands": [band for band, _population, _shares in cells],
        "doses": [
            [None if s is None else round(s, 1) for s in shares] for _band, _population, shares in cells
        ],
    }


def _coverage(
    row: coverage.CoverageRow | None, unit: AdminUnit, day: dt.date
) -> tuple[list[Any], RuleSet | None]:
    if row is None:
        return [], None
    try:
        version, targets = coverage.targets_in_force(on=day, unit_path=unit.path)
    except DomainError:  # a day before the first campaign's targets: nothing to measure against
        return [], None
    lines = []
    for target in targets:
        share, state = coverage.progress(row, target, day)
        lines.append((target.label, ", ".join(target.bands), share, target.share, state))
    return lines, version


def build(*, jurisdiction: Jurisdiction, unit: AdminUnit, day: dt.date) -> Dashboard:
    days, series = _curve(jurisdiction, unit, day)
    version = rules.in_force(rulesets.RT, on=day, unit_path=unit.path)
    points = rt_series(days, series, version)
    row = _coverage_row(jurisdiction, unit, day)
    lines, coverage_rules = _coverage(row, unit, day)
    week_end = selectors.latest_week(jurisdiction=jurisdiction, parent=unit, on=day)
    levels = (
        list(selectors.assessments(jurisdiction=jurisdiction, parent=unit, week_end=week_end))
        if week_end
        else []
    )
    return Dashboard(
        unit=unit,
        day=day,
        figures=selectors.day_figures(jurisdiction=jurisdiction, unit=unit, day=day),
        charts={**_charts(days, series, points), "coverage": _by_band(row)},
        rt_rules=version,
        rt_latest=points[-1] if points else None,
        coverage=lines,
        coverage_rules=coverage_rules,
        week_end=week_end,
        levels=[row for row in levels if row.unit.level == UnitLevel.COMMUNE],
        level_here=next((row for row in levels if row.unit_id == unit.pk), None),
        period=period_text(day),
    )
