"""Coverage by unit and age band against population, read from the maintained counters, and the
dated targets it is measured against.

Counters are per commune and birth year (``CoverageCount``); a band is an age in the population's year,
so each counter row falls in exactly one band of whichever year the page asks about.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Max, Sum, Value, When

from phaodai.core import rules
from phaodai.core.models import RuleSet
from phaodai.core.scoping import Jurisdiction, next_path
from phaodai.geo.models import AdminUnit, AgeBand, Population, UnitLevel
from phaodai.vaccination import rulesets
from phaodai.vaccination.models import CoverageCount

BAND_LOWS = ((65, AgeBand.AGE_65_UP), (50, AgeBand.AGE_50_64), (18, AgeBand.AGE_18_49),
             (12, AgeBand.AGE_12_17), (5, AgeBand.AGE_5_11), (0, AgeBand.AGE_0_4))  # fmt: skip
DOSE_NUMBERS = (1, 2, 3)


def band_of(age: int) -> str:
    return next((band for low, band in BAND_LOWS if age >= low), AgeBand.AGE_0_4)


def band_case(year: int, field: str = "birth_year") -> Case:
    """:func:`band_of` in SQL: the age band in ``year`` of people born in ``field``'s year, so counters
    come back already summed per band (a few rows per unit rather than one per birth year)."""
    return Case(
        *(When(**{f"{field}__lte": year - low}, then=Value(band)) for low, band in BAND_LOWS[:-1]),
        default=Value(AgeBand.AGE_0_4),
        output_field=CharField(),
    )


@dataclass
class CoverageRow:
    """One unit's line: population and people with dose n, per band."""

    unit: AdminUnit
    population: dict[str, int] = field(default_factory=dict)
    doses: dict[tuple[str, int], int] = field(default_factory=dict)  # (band, number) -> people

    def people(self, number: int, bands: list[str] | tuple[str, ...]) -> int:
        return sum(self.doses.get((band, number), 0) for band in bands)

    def share(self, number: int, bands: list[str] | tuple[str, ...]) -> float | None:
        """Percentage of the bands' population with dose ``number`` (None without population)."""
        population = sum(self.population.get(band, 0) for band in bands)
        return 100 * self.people(number, bands) / population if population else None

    def cells(self) -> list[tuple[str, int, list[float | None]]]:
        """(band, population, [share with dose 1, 2, 3]) for the page."""
        return [
            (band, self.population.get(band, 0), [self.share(n, [band]) for n in DOSE_NUMBERS])
            for band in AgeBand.values
        ]


def population_year(*, parent: AdminUnit, on: dt.date) -> int:
    """The latest population year not after ``on`` under a unit (the census lags the campaign)."""
    latest = Population.objects.filter(
        unit_path__gte=parent.path, unit_path__lt=next_path(parent.path), year__lte=on.year
    ).aggregate(year=Max("year"))["year"]
    return int(latest or on.year)


def _prefix(path: str, depth: int) -> str:
    """The first ``depth`` segments of a path: the row unit a counter or population row belongs to."""
    return "/".join(path.split("/")[:depth]) + "/"


def _communes_under(parent: AdminUnit, depth: int) -> dict[int, str]:
    """Commune id -> the path of the row unit it counts towards (the commune itself, or its district)."""
    found = AdminUnit.objects.filter(
        path__gte=parent.path, path__lt=next_path(parent.path), level=UnitLevel.COMMUNE
    ).values_list("pk", "path")
    return {pk: _prefix(path, depth) for pk, path in found}


def coverage_by_level(
    *, jurisdiction: Jurisdiction, parent: AdminUnit, level: int, on: dt.date
) -> list[CoverageRow]:
    """Population and dose counts per band for each unit of ``level`` under ``parent`` (the parent itself
    when it is that level or below), in the jurisdiction."""
    if parent.level >= level:
        units = [parent]
    else:
        below = AdminUnit.objects.visible_to(jurisdiction).filter(
            path__gt=parent.path, path__lt=next_path(parent.path), level=level
        )
        units = list(below.order_by("path"))
    rows = {unit.path: CoverageRow(unit) for unit in units}
    if not rows:
        return []
    depth = units[0].path.count("/")
    year = population_year(parent=parent, on=on)
    under = {"unit_path__gte": parent.path, "unit_path__lt": next_path(parent.path)}
    population = Population.objects.visible_to(jurisdiction).filter(year=year, **under)
    for path, band, count in population.values_list("unit_path", "band").annotate(n=Sum("count")).order_by():
        if row := rows.get(_prefix(path, depth)):
            row.population[band] = row.population.get(band, 0) + count
    communes = _communes_under(parent, depth)
    counters = CoverageCount.objects.visible_to(jurisdiction).filter(number__in=DOSE_NUMBERS, **under)
    grouped = counters.values_list("unit_id", band_case(year), "number").annotate(n=Sum("count")).order_by()
    for unit_id, band, number, count in grouped:
        if row := rows.get(communes.get(unit_id, "")):
            row.doses[(band, number)] = row.doses.get((band, number), 0) + count
    return list(rows.values())


def coverage_by_child(*, jurisdiction: Jurisdiction, parent: AdminUnit, on: dt.date) -> list[CoverageRow]:
    """Coverage of each child of ``parent`` (a commune shows itself: counters stop at communes)."""
    level = min(parent.level + 1, UnitLevel.COMMUNE)
    return coverage_by_level(jurisdiction=jurisdiction, parent=parent, level=level, on=on)


@dataclass(frozen=True)
class Target:
    code: str
    label: str
    number: int
    bands: tuple[str, ...]
    share: float
    start: dt.date
    due: dt.date

    def expected(self, on: dt.date) -> float:
        """The share a steady campaign would have reached by ``on``."""
        if on >= self.due:
            return self.share
        elapsed = max((on - self.start).days, 0) / max((self.due - self.start).days, 1)
        return self.share * elapsed


class Progress:
    REACHED = "reached"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    LATE = "late"
    NO_DATA = "no_data"


def targets_in_force(*, on: dt.date, unit_path: str) -> tuple[RuleSet, list[Target]]:
    version = rules.in_force(rulesets.TARGETS, on=on, unit_path=unit_path)
    return version, [_target(t) for t in version.params["targets"]]


def _target(data: dict[str, Any]) -> Target:
    return Target(
        code=data["code"], label=data["label"], number=int(data["number"]), bands=tuple(data["bands"]),
        share=float(data["share"]), start=dt.date.fromisoformat(data["start"]),
        due=dt.date.fromisoformat(data["due"]),
    )  # fmt: skip


def progress(row: CoverageRow, target: Target, on: dt.date) -> tuple[float | None, str]:
    """The row's share for the target and where it stands: reached, on track, behind, late."""
    share = row.share(target.number, target.bands)
    if share is None:
        return None, Progress.NO_DATA
    if share >= target.share:
        return share, Progress.REACHED
    if on > target.due:
        return share, Progress.LATE
    return share, Progress.ON_TRACK if share >= target.expected(on) else Progress.BEHIND
