"""The weekly epidemic levels of every commune under a unit, from the maintained counts, and their
roll-up to the districts and the province (rules in ``rulesets.RISK_LEVEL``, the version kept on each row).

Everything is read set-based: one grouped query for the week's community cases, the vaccination
counters for population and coverage, facility rows for beds, last week's levels; the levels are then
computed in Python and written in one bulk upsert that keeps any override a person made.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from phaodai.command import capacity, metrics, risk, rulesets
from phaodai.command.models import DailyCount, RiskAssessment
from phaodai.core import clock, rules
from phaodai.core.errors import DomainError
from phaodai.core.models import RuleSet
from phaodai.core.rules import path_prefixes
from phaodai.core.scoping import Jurisdiction, next_path
from phaodai.facilities.models import Facility
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.vaccination.coverage import CoverageRow, coverage_by_level

TREATMENT_KINDS = ("treatment_facility", "field_hospital", "hospital")


def prefix(path: str, depth: int) -> str:
    return "/".join(path.split("/")[:depth]) + "/"


@dataclass
class Week:
    """The inputs of one week under one unit, keyed by commune path."""

    parent: AdminUnit
    week_end: dt.date
    communes: dict[str, AdminUnit]
    cases: dict[str, int]
    coverage: dict[str, CoverageRow]
    beds: dict[str, int]  # district (or province, on the two-tier map) path -> COVID-19 beds
    previous: dict[str, int]
    oxygen: dict[str, bool]  # commune path -> oxygen at its station (criterion 3 of 4800); absent: unknown

    @property
    def first_day(self) -> dt.date:
        return self.week_end - dt.timedelta(days=6)


def _communes(parent: AdminUnit) -> dict[str, AdminUnit]:
    found = AdminUnit.objects.filter(
        path__gte=parent.path, path__lt=next_path(parent.path), level=UnitLevel.COMMUNE
    )
    return {unit.path: unit for unit in found.order_by("path")}


def _week_cases(parent: AdminUnit, first: dt.date, last: dt.date, depth: int) -> dict[str, int]:
    rows = DailyCount.objects.filter(
        unit_path__gte=parent.path,
        unit_path__lt=next_path(parent.path),
        metric=metrics.CASES_COMMUNITY,
        day__gte=first,
        day__lte=last,
    )
    found: dict[str, int] = defaultdict(int)
    for path, value in rows.values_list("unit_path").annotate(v=Sum("value")).order_by():
        found[prefix(path, depth)] += value
    return found


def _beds(parent: AdminUnit, depth: int, on: dt.date) -> dict[str, int]:
    open_rows = Facility.objects.filter(
        unit_path__gte=parent.path,
        unit_path__lt=next_path(parent.path),
        kind__in=TREATMENT_KINDS,
        opened_on__lte=on,
    ).exclude(closed_on__lte=on)
    found: dict[str, int] = defaultdict(int)
    for path, beds in open_rows.values_list("unit_path").annotate(n=Sum("beds")).order_by():
        found[prefix(path, depth)] += int(beds or 0)
    return found


def gather(parent: AdminUnit, week_end: dt.date) -> Week:
    communes = _communes(parent)
    depth = next(iter(communes)).count("/") if communes else parent.path.count("/")
    scope = Jurisdiction.of([parent.path])
    coverage = {
        row.unit.path: row
        for row in coverage_by_level(jurisdiction=scope, parent=parent, level=UnitLevel.COMMUNE, on=week_end)
    }
    previous = RiskAssessment.objects.filter(
        unit_path__gte=parent.path,
        unit_path__lt=next_path(parent.path),
        week_end=week_end - dt.timedelta(days=7),
    )
    return Week(
        parent=parent,
        week_end=week_end,
        communes=communes,
        cases=_week_cases(parent, week_end - dt.timedelta(days=6), week_end, depth),
        coverage=coverage,
        beds=_beds(parent, depth - 1, week_end),
        previous={row.unit_path: row.effective_level for row in previous if row.effective_level},
        oxygen=capacity.oxygen_at_communes(parent, week_end),
    )


def _share(row: CoverageRow | None, number: int, bands: list[str]) -> float | None:
    return row.share(number, bands) if row is not None else None


def bands_label(bands: list[str]) -> str:
    """["50-64", "65+"] -> "50+": the age groups as people say them."""
    if len(bands) > 1 and bands[-1] == "65+":
        return bands[0].split("-")[0] + "+"
    return ", ".join(bands)


def figures_of(week: Week, path: str, params: dict[str, Any], beds_per_100k: float | None) -> risk.Figures:
    row = week.coverage.get(path)
    population = sum(row.population.values()) if row is not None else 0
    extra = {
        bands_label(target["bands"]): (_share(row, target["dose"], target["bands"]), float(target["share"]))
        for target in params.get("extra_targets", [])
        if dt.date.fromisoformat(target["from"]) <= week.week_end
    }
    return risk.Figures(
        population=population,
        community_cases=week.cases.get(path, 0),
        coverage=_share(row, params["coverage_dose"], params["coverage_bands"]),
        extra_shares=extra,
        risk_group_share=_share(row, 2, params.get("risk_group_bands", ["65+"])),
        beds_per_100k=beds_per_100k,
        capacity_met=week.oxygen.get(path),
    )


def _district_beds_per_100k(week: Week, depth: int) -> dict[str, float | None]:
    population: dict[str, int] = defaultdict(int)
    for path, row in week.coverage.items():
        population[prefix(path, depth)] += sum(row.population.values())
    return {
        district: (100_000 * week.beds.get(district, 0) / people if people else None)
        for district, people in population.items()
    }


class RuleCache:
    """The version in force for each district (a province or district may adopt its own)."""

    def __init__(self, on: dt.date) -> None:
        self.on = on
        self.found: dict[str, RuleSet] = {}

    def for_path(self, path: str) -> RuleSet:
        if path not in self.found:
            version = rules.in_force(rulesets.RISK_LEVEL, on=self.on, unit_path=path)
            if found := rules.problems(version):
                message = _("Bộ tiêu chí %(code)s không dùng được: %(why)s") % {
                    "code": version.code,
                    "why": found[0],
                }
                raise DomainError(message, errors={"rules": [message, *found[1:]]})
            self.found[path] = version
        return self.found[path]


@dataclass
class Result:
    unit: AdminUnit
    decision: risk.Decision
    figures: dict[str, Any]
    rules: RuleSet
    method: str = ""


def commune_results(week: Week, cache: RuleCache) -> list[Result]:
    depth = next(iter(week.communes)).count("/") if week.communes else 0
    per_100k = _district_beds_per_100k(week, depth - 1)
    results = []
    for path, commune in week.communes.items():
        district = prefix(path, depth - 1)
        version = cache.for_path(district)
        figures = figures_of(week, path, version.params, per_100k.get(district))
        decision = risk.commune_level(figures, version.params, week.previous.get(path))
        results.append(Result(commune, decision, figures.as_json(), version))
    return results


def rollup_results(
    week: Week, communes: list[Result], cache: RuleCache, overrides: dict[int, int]
) -> list[Result]:
    """Each unit above the communes under the parent (the parent itself included), from the levels its
    communes show: a person's override of a commune counts."""
    above = AdminUnit.objects.filter(
        path__gte=week.parent.path, path__lt=next_path(week.parent.path), level__lt=UnitLevel.COMMUNE
    )
    shown = [
        (
            result.unit.path,
            overrides.get(result.unit.pk, result.decision.level),
            int(result.figures["population"]),
        )
        for result in communes
    ]
    return [_rolled_up(unit, shown, cache) for unit in above.order_by("path")]


def _rolled_up(unit: AdminUnit, shown: list[tuple[str, int | None, int]], cache: RuleCache) -> Result:
    """One unit's row from the (path, level shown, population) of the communes: those under it count."""
    version = cache.for_path(unit.path)
    levels = [(level, population) for path, level, population in shown if path.startswith(unit.path)]
    decision = risk.rollup(levels, version.params)
    counts = {level: sum(1 for lv, _p in levels if lv == level) for level in (1, 2, 3, 4)}
    counts[0] = sum(1 for lv, _p in levels if lv is None)
    figures = {"communes_by_level": counts, "population": sum(p for _lv, p in levels)}
    return Result(unit, decision, figures, version, method=version.params["method"])


def rollup_above(parent: AdminUnit, week_end: dt.date, cache: RuleCache) -> list[Result]:
    """The units above ``parent`` (its district, its province), again from every commune's stored row of
    the week: assessing one district must not leave its province's row stale."""
    paths = [p for p in path_prefixes(parent.path) if p.count("/") > 1 and p != parent.path]
    ancestors = list(AdminUnit.objects.filter(path__in=paths, unit_map=parent.unit_map).order_by("path"))
    if not ancestors:
        return []
    top = ancestors[0]
    rows = RiskAssessment.objects.filter(
        week_end=week_end,
        unit__level=UnitLevel.COMMUNE,
        unit_path__gte=top.path,
        unit_path__lt=next_path(top.path),
    ).values_list("unit_path", "level", "override_level", "figures")
    shown = [
        (path, override or level, int(figures.get("population", 0)))
        for path, level, override, figures in rows
    ]
    return [_rolled_up(unit, shown, cache) for unit in ancestors]


def save(week_end: dt.date, results: list[Result]) -> int:
    """Upsert the week's rows; a person's override on an existing row is kept."""
    now = clock.now()
    existing = {
        row.unit_id: row
        for row in RiskAssessment.objects.filter(week_end=week_end, unit__in=[r.unit for r in results])
    }
    fresh: list[RiskAssessment] = []
    changed: list[RiskAssessment] = []
    for result in results:
        row = existing.get(result.unit.pk) or RiskAssessment(unit=result.unit, week_end=week_end)
        row.unit_path = result.unit.path
        row.level, row.reasons, row.figures = result.decision.level, result.decision.reasons, result.figures
        row.rules, row.method, row.computed_at = result.rules, result.method, now
        (changed if row.pk else fresh).append(row)
    RiskAssessment.objects.bulk_create(fresh, batch_size=2000)
    fields = ["unit_path", "level", "reasons", "figures", "rules", "method", "computed_at"]
    RiskAssessment.objects.bulk_update(changed, fields, batch_size=2000)
    return len(results)


def assess(parent: AdminUnit, week_end: dt.date) -> int:
    """Compute and store the week's levels of the communes under ``parent`` and of the units above them."""
    week = gather(parent, week_end)
    cache = RuleCache(week_end)
    communes = commune_results(week, cache)
    overrides = dict(
        RiskAssessment.objects.filter(
            week_end=week_end, unit__in=list(week.communes.values()), override_level__isnull=False
        ).values_list("unit_id", "override_level")
    )
    written = save(week_end, communes + rollup_results(week, communes, cache, overrides))
    return written + save(week_end, rollup_above(parent, week_end, cache))
