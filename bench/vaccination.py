"""Vaccination at province scale: coverage by commune × age band, and a district's next-dose due list.

A synthetic province of 1.3 million people (Lai Châu's real communes) and about 2.6 million doses goes in
through the bulk path (COPY), then the maintained rows are rebuilt once, as after any bulk load (timed).
Each side then computes the whole answer its page or endpoint shows; the two answers are checked equal
before anything is timed, and both run on the same inputs, interleaved.

1. Coverage by commune × age band of the whole province against population (the targets page, the
   coverage API). Ours: ``coverage.coverage_by_level`` over the maintained ``CoverageCount`` rows
   (commune × birth year × dose number). Raw: the same rows built from a GROUP BY over the dose rows.
2. Next-dose due list of a district, capped count and first page of 50 (``/api/vaccination-due/``).
   Ours: ``selectors.due_list`` over the maintained status rows and their (place, due day) index. Raw:
   the district's dose rows read and each person's next dose computed from the rules (the same
   ``schedule.next_dose``), filtered, sorted, counted.
"""

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db import connection
from django.db.models import Count

from bench.measure import line, paired_latencies_ms, timed
from phaodai.core import clock
from phaodai.core.bulk import bulk_insert
from phaodai.core.models import RuleSet
from phaodai.core.paging import CAP
from phaodai.core.scoping import Jurisdiction, next_path
from phaodai.core.text import fold, sort_key
from phaodai.demo.vaccination import DOSE_COLUMNS
from phaodai.geo.models import AdminUnit, Population, UnitLevel, UnitMap
from phaodai.inventory.models import Item, Lot
from phaodai.people.models import Person
from phaodai.vaccination import rulesets, selectors
from phaodai.vaccination.bundle import bundle_for
from phaodai.vaccination.coverage import (
    DOSE_NUMBERS,
    CoverageRow,
    band_case,
    band_of,
    coverage_by_level,
    population_year,
)
from phaodai.vaccination.models import Dose, DoseKind, VaccinationStatus
from phaodai.vaccination.schedule import Given, next_dose
from phaodai.vaccination.status import rebuild_counters, rebuild_statuses

PROVINCE = "12"
ON = dt.date(2021, 12, 20)
YEAR = 2021
PERSON_COLUMNS = (
    "full_name", "name_sort", "name_folded", "birth_year", "sex", "national_id", "phone", "address",
    "ethnicity", "occupation", "workplace", "comorbidities", "pregnant", "unit_id", "unit_path",
    "created_at", "updated_at",
)  # fmt: skip
PRODUCTS = (("VC", 21), ("AZ", 63), ("PF", 21), ("MD", 28))
PAGE = 50
COVERAGE_SAMPLES = 20
DUE_SAMPLES = 20


def _persons(count: int, communes: list[AdminUnit], rng: random.Random) -> Iterator[tuple[object, ...]]:
    now = clock.now()
    for index in range(count):
        commune = communes[index % len(communes)]
        name = f"Lò Văn Người {index}"
        yield (name, sort_key(name), fold(name), YEAR - rng.randint(0, 90), "M", "", "", "", "01", "", "",
               "[]", False, commune.pk, commune.path, now, now)  # fmt: skip


def _doses(
    rng: random.Random, lots: dict[str, int], rules: int, persons: list[tuple[int, int, int, str]]
) -> Iterator[tuple[object, ...]]:
    """1 dose (5 %), 2 (55 %) or 3 (40 %) for everyone aged 12 or more, on plausible days."""
    now = clock.now()
    for pid, birth_year, unit_id, path in persons:
        if YEAR - birth_year < 12:
            continue
        roll = rng.random()
        count = 1 if roll < 0.05 else 2 if roll < 0.6 else 3
        product, gap = PRODUCTS[pid % len(PRODUCTS)]
        day = dt.date(2021, 7, 1) + dt.timedelta(days=rng.randint(0, 60))
        for number in range(1, count + 1):
            kind = DoseKind.PRIMARY if number <= 2 else DoseKind.BOOSTER
            yield (
                pid,
                number,
                kind,
                product,
                lots[product],
                day,
                "",
                path,
                birth_year,
                rules,
                now,
                unit_id,
                path,
            )
            day += dt.timedelta(days=gap + rng.randint(0, 10) if number == 1 else 95 + rng.randint(0, 20))


def _population(communes: list[AdminUnit]) -> None:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for path, birth_year, n in Person.objects.values_list("unit_path", "birth_year").annotate(n=Count("pk")):
        counts[(path, band_of(YEAR - birth_year))] += n
    by_path = {c.path: c for c in communes}
    Population.objects.bulk_create(
        Population(unit=by_path[path], unit_path=path, year=YEAR, band=band, count=n)
        for (path, band), n in counts.items()
    )


def _load(persons: int, results: dict[str, float]) -> tuple[AdminUnit, list[AdminUnit]]:
    rng = random.Random(2021)
    province = AdminUnit.objects.get(unit_map=UnitMap.THREE_TIER, level=UnitLevel.PROVINCE, code=PROVINCE)
    under = {"path__gt": province.path, "path__lt": next_path(province.path)}
    communes = list(AdminUnit.objects.filter(level=UnitLevel.COMMUNE, **under).order_by("path"))
    districts = list(AdminUnit.objects.filter(level=UnitLevel.DISTRICT, **under).order_by("path"))
    bulk_insert(Person, PERSON_COLUMNS, _persons(persons, communes, rng))
    _population(communes)
    lots = {
        code: Lot.objects.create(item=Item.objects.get(code=code), number=f"BENCH-{code}", expires_on=ON).pk
        for code, _gap in PRODUCTS
    }
    rules = RuleSet.objects.filter(kind=rulesets.PRODUCTS, unit_path="").order_by("effective_from").last()
    assert rules is not None
    persons_read = list(Person.objects.order_by("pk").values_list("pk", "birth_year", "unit_id", "unit_path"))
    with timed("doses", results):  # the persons are read first: the doses go out through COPY
        doses = bulk_insert(Dose, DOSE_COLUMNS, _doses(rng, lots, rules.pk, persons_read))
    with timed("counters", results):
        counters = rebuild_counters()
    with timed("statuses", results):
        ids = list(Dose.objects.filter(number=1).order_by("person_id").values_list("person_id", flat=True))
        statuses = rebuild_statuses(person_ids=ids, batch=20_000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    line(
        f"loaded: {persons:,} persons, {doses:,} doses ({len(communes)} communes)",
        f"{results['doses']:.1f} s",
    )
    line(f"rebuild coverage counters ({counters:,} rows) from the doses", f"{results['counters']:.1f} s")
    line(f"rebuild person statuses ({statuses:,} rows) from the doses", f"{results['statuses']:.1f} s")
    return province, districts


def raw_coverage(jurisdiction: Jurisdiction, parent: AdminUnit) -> list[CoverageRow]:
    """Coverage by commune × band as ``coverage_by_level`` shows it, from the dose rows themselves."""
    units = AdminUnit.objects.visible_to(jurisdiction).filter(
        path__gt=parent.path, path__lt=next_path(parent.path), level=UnitLevel.COMMUNE
    )
    rows = {unit.path: CoverageRow(unit) for unit in units.order_by("path")}
    year = population_year(parent=parent, on=ON)
    population = Population.objects.visible_to(jurisdiction).filter(year=year, unit_path__in=list(rows))
    for path, band, count in population.values_list("unit_path", "band", "count"):
        rows[path].population[band] = rows[path].population.get(band, 0) + count
    doses = Dose.objects.filter(home_path__gte=parent.path, home_path__lt=next_path(parent.path),
                                number__in=DOSE_NUMBERS)  # fmt: skip
    grouped = doses.values_list("home_path", band_case(year), "number").annotate(n=Count("pk")).order_by()
    for path, band, number, count in grouped:
        if path in rows and jurisdiction.contains(path):
            rows[path].doses[(band, number)] = rows[path].doses.get((band, number), 0) + count
    return list(rows.values())


def _coverage_answer(rows: list[CoverageRow]) -> list[tuple[Any, ...]]:
    return [(row.unit.path, sorted(row.population.items()), sorted(row.doses.items())) for row in rows]


def our_due(district: AdminUnit) -> tuple[int, list[tuple[int, dt.date]]]:
    rows = selectors.due_list(jurisdiction=Jurisdiction.of([district.path]), on=ON)
    return min(rows[: CAP + 1].count(), CAP), [(s.person_id, s.next_due_on) for s in rows[:PAGE]]  # type: ignore[misc]


def raw_due(district: AdminUnit) -> tuple[int, list[tuple[int, dt.date]]]:
    """The due list from the district's dose rows: each person's next dose computed from the rules."""
    histories: dict[int, list[Given]] = defaultdict(list)
    years: dict[int, int] = {}
    doses = Dose.objects.filter(home_path__gte=district.path, home_path__lt=next_path(district.path))
    for pid, number, kind, product, day, year in doses.order_by("person_id", "number").values_list(
        "person_id", "number", "kind", "product", "given_on", "birth_year"
    ):
        histories[pid].append(Given(number, kind, product, day))
        years[pid] = year
    due = []
    for pid, history in histories.items():
        bundle = _bundle(history[-1].given_on)
        age = history[-1].given_on.year - years[pid]
        upcoming = next_dose(history, bundle.catalogue, bundle.mixing, bundle.booster_timeline, age=age)
        if upcoming is not None and upcoming.earliest <= ON:
            due.append((upcoming.earliest, pid))
    due.sort()
    return min(len(due), CAP), [(pid, day) for day, pid in due[:PAGE]]


_bundles: dict[dt.date, Any] = {}


def _bundle(day: dt.date) -> Any:
    if day not in _bundles:
        _bundles[day] = bundle_for(on=day, unit_path="")
    return _bundles[day]


def _compare(name: str, ours: Any, raw: Any, inputs: list[Any], shape: Any = lambda answer: answer) -> None:
    for item in inputs:
        if shape(ours(item)) != shape(raw(item)):
            raise AssertionError(f"{name}: the two answers differ for {item}")
    samples = paired_latencies_ms({"ours": ours, "raw": raw}, inputs)
    mine, theirs = samples["ours"], samples["raw"]
    line(f"{name} (p95)", f"{mine['p95']:.1f} ms",
         f"from raw doses p95 {theirs['p95']:.1f} ms, ratio raw/ours {theirs['p95'] / mine['p95']:.1f}")  # fmt: skip
    line(f"{name} (median)", f"{mine['median']:.1f} ms",
         f"raw median {theirs['median']:.1f} ms, ratio {theirs['median'] / mine['median']:.1f}")  # fmt: skip


def run(*, persons: int) -> None:
    results: dict[str, float] = {}
    province, districts = _load(persons, results)
    jurisdiction = Jurisdiction.of([province.path])

    def ours(parent: AdminUnit) -> list[CoverageRow]:
        return coverage_by_level(jurisdiction=jurisdiction, parent=parent, level=UnitLevel.COMMUNE, on=ON)

    def raw(parent: AdminUnit) -> list[CoverageRow]:
        return raw_coverage(jurisdiction, parent)

    _compare("coverage by commune × age band, whole province", ours, raw, [province] * COVERAGE_SAMPLES,
             _coverage_answer)  # fmt: skip
    picks = [districts[i % len(districts)] for i in range(DUE_SAMPLES)]
    _compare("next-dose due list of a district, count + first 50", our_due, raw_due, picks)
    due = VaccinationStatus.objects.filter(next_due_on__lte=ON).count()
    line(f"persons due by {ON:%d/%m/%Y}", f"{due:,}", f"in {len(districts)} districts")
