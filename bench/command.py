"""The command center at province scale, and the weekly levels of the whole country.

On top of the cases benchmark's outbreak (100,000 F0) and the vaccination benchmark's province (1.3
million people, 2.6 million doses), 500,000 F1 quarantine orders and 1,000,000 test results go in through
COPY; the daily counts are then rebuilt once from all the source rows (timed, as after any bulk load).

1. The dashboard of the province for one reporting day: server time of the whole page (p95, Django test
   client, template included), and the same dashboard computed twice in the same run: from the
   maintained counts (ours), and with the three count reads replaced by queries over the raw rows
   (cases, orders, results, escalations, stays) that give the same numbers. Both answers are checked
   equal before timing; the two sides run interleaved.
2. Weekly epidemic levels of every commune of the three-tier national map (10,051 communes in 63
   provinces) from the counts, the population rows and the vaccination counters, rolled up to districts
   and provinces: total time.
"""

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Case as SqlCase
from django.db.models import Count, F, Q, QuerySet, When
from django.db.models.functions import Coalesce, TruncDate
from django.test import Client, override_settings

from bench.measure import latencies_ms, line, paired_latencies_ms, timed
from bench.outbreak import DAY
from phaodai.accounts.models import OrganisationKind, User
from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import OrganisationFactory, UserFactory
from phaodai.cases.models import Case, Escalation
from phaodai.cases.reference import CaseStatus, Detection
from phaodai.command import assess, counters, metrics, selectors
from phaodai.command import dashboard as board
from phaodai.command.models import DailyCount
from phaodai.core import clock, rules
from phaodai.core.bulk import bulk_insert
from phaodai.core.scoping import Jurisdiction, next_path
from phaodai.diagnostics.models import Result, Sample
from phaodai.facilities.models import Stay
from phaodai.geo.models import AdminUnit, Population, UnitLevel, UnitMap
from phaodai.people.models import Person
from phaodai.quarantine.models import Order

PROVINCE = "12"
ORDERS = 500_000
RESULTS = 1_000_000
SAMPLES = 30
STATIC_BACKEND = "django.contrib.staticfiles.storage.StaticFilesStorage"
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
ORDER_COLUMNS = (
    "person_id", "kind", "place", "address", "start_date", "end_date", "test_days", "self_monitor_days",
    "rules_id", "status", "number", "released_on", "release_number", "signer_name", "signer_title",
    "created_at", "unit_id", "unit_path",
)  # fmt: skip
SAMPLE_COLUMNS = (
    "id", "person_id", "kind", "reason", "taken_at", "reporter", "reporter_name", "reporter_phone", "resulted",
    "created_at", "unit_id", "unit_path",
)  # fmt: skip
RESULT_COLUMNS = (
    "sample_id", "outcome", "resulted_at", "from_pool", "handover", "handover_note", "recorded_at", "unit_id",
    "unit_path",
)  # fmt: skip


def _people(province: AdminUnit) -> list[tuple[int, int, str]]:
    under = Person.objects.filter(unit_path__gte=province.path, unit_path__lt=next_path(province.path))
    return list(under.values_list("pk", "unit_id", "unit_path"))


def _orders(
    people: list[tuple[int, int, str]], count: int, rules_id: int, rng: random.Random
) -> Iterator[tuple[Any, ...]]:
    """Order rows for COPY (the generator runs inside it: no query may run here)."""
    now = clock.now()
    for person, unit_id, path in rng.sample(people, min(count, len(people))):
        start = DAY - dt.timedelta(days=rng.randrange(60))
        released = start + dt.timedelta(days=14) if start + dt.timedelta(days=14) <= DAY else None
        status = "released" if released else "active"
        place = "facility" if rng.random() < 0.6 else "home"
        yield (person, "f1", place, "", start, start + dt.timedelta(days=14), "[]", 0, rules_id, status, "",
               released, "", "", "", now, unit_id, path)  # fmt: skip


def _tests(
    people: list[tuple[int, int, str]], count: int, rng: random.Random
) -> tuple[Iterator[Any], Iterator[Any]]:
    first = (Sample.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    picks = [rng.choice(people) for _ in range(count)]
    moments = [
        dt.datetime.combine(DAY - dt.timedelta(days=rng.randrange(60)), dt.time(rng.randrange(24)), LOCAL)
        for _ in range(count)
    ]
    outcomes = ["positive" if rng.random() < 0.04 else "invalid" if rng.random() < 0.01 else "negative"
                for _ in range(count)]  # fmt: skip
    samples = (
        (
            first + i,
            person,
            "pcr_single",
            "f1",
            at - dt.timedelta(hours=6),
            "",
            "",
            "",
            True,
            at,
            unit_id,
            path,
        )
        for i, ((person, unit_id, path), at) in enumerate(zip(picks, moments, strict=True))
    )
    results = (
        (first + i, outcome, at, False, "", "", at, unit_id, path)
        for i, ((_person, unit_id, path), at, outcome) in enumerate(
            zip(picks, moments, outcomes, strict=True)
        )
    )
    return samples, results


def load(results: dict[str, float], *, orders: int, tests: int) -> AdminUnit:
    rng = random.Random(2021)
    province = AdminUnit.objects.get(unit_map=UnitMap.THREE_TIER, level=UnitLevel.PROVINCE, code=PROVINCE)
    people = _people(province)
    rules_id = rules.in_force("quarantine.f1", on=DAY).pk
    orders = bulk_insert(Order, ORDER_COLUMNS, _orders(people, orders, rules_id, rng))
    samples, test_results = _tests(people, tests, rng)
    bulk_insert(Sample, SAMPLE_COLUMNS, samples)
    tests = bulk_insert(Result, RESULT_COLUMNS, test_results)
    with timed("rebuild", results):
        cells = counters.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    sources = sum(model.objects.count() for model in (Case, Order, Result, Escalation, Stay))
    line(
        f"loaded: {orders:,} F1 orders, {tests:,} test results; {len(people):,} people",
        f"{sources:,} source rows",
    )
    line(f"rebuild daily counts ({cells:,} cells) from the source rows", f"{results['rebuild']:.1f} s",
         f"{sources / results['rebuild']:,.0f} rows/s")  # fmt: skip
    return province


# --- The raw side: the same three reads, answered from the personal rows. ---------------------------------


def _placed[M: QuerySet[Any]](rows: M, jurisdiction: Jurisdiction, unit: AdminUnit) -> M:
    return rows.filter(jurisdiction.q(), unit_path__gte=unit.path, unit_path__lt=next_path(unit.path))


def _reporting_day(field: str) -> TruncDate:
    """The cut-off rule in SQL: a moment at or after 16:00 local time counts on the next day."""
    shift = dt.timedelta(hours=24 - metrics.cutoff_hour())
    return TruncDate(F(field) + shift, tzinfo=LOCAL)


def _counted_cases(jurisdiction: Jurisdiction, unit: AdminUnit) -> QuerySet[Case]:
    return _placed(Case.objects.filter(status__in=metrics.COUNTED_CASE_STATUSES), jurisdiction, unit)


def _flow_rows(name: str, jurisdiction: Jurisdiction, unit: AdminUnit) -> QuerySet[Any]:
    """(day, n) rows of one flow metric."""
    cases = _counted_cases(jurisdiction, unit)
    if name in (metrics.CASES_COMMUNITY, metrics.CASES_OTHER):
        community = Q(detected_in=Detection.COMMUNITY)
        picked = cases.filter(community if name == metrics.CASES_COMMUNITY else ~community)
        return picked.values_list("report_date").annotate(n=Count("pk"))
    if name in (metrics.RECOVERED, metrics.DEATHS):
        status = CaseStatus.RECOVERED if name == metrics.RECOVERED else CaseStatus.DECEASED
        return cases.filter(status=status).values_list("outcome_date").annotate(n=Count("pk"))
    tests = _placed(Result.objects.exclude(outcome="invalid"), jurisdiction, unit)
    if name == metrics.TESTS_POSITIVE:
        tests = tests.filter(outcome="positive")
    return tests.annotate(day=_reporting_day("resulted_at")).values_list("day").annotate(n=Count("pk"))


def raw_daily_series(*, jurisdiction: Jurisdiction, unit: AdminUnit, first: dt.date, last: dt.date,
                     names: Any) -> dict[str, list[int]]:  # fmt: skip
    index = {day: i for i, day in enumerate(selectors.days_between(first, last))}
    series = {name: [0] * len(index) for name in names}
    for name in names:
        for day, n in _flow_rows(name, jurisdiction, unit).order_by():
            if day in index:
                series[name][index[day]] += n
    return series


def raw_total_until(*, jurisdiction: Jurisdiction, unit: AdminUnit, on: dt.date, names: Any) -> int:
    total = 0
    for name in names:
        total += sum(n for day, n in _flow_rows(name, jurisdiction, unit).order_by() if day <= on)
    return total


def _open_on(rows: QuerySet[Any], on: dt.date, start: str, end: str) -> QuerySet[Any]:
    return rows.filter(**{f"{start}__lte": on}).filter(
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": on})
    )


# metrics.order_end in SQL: the day an F1 order stops counting.
ORDER_END = SqlCase(
    When(status="released", then=Coalesce("released_on", "end_date")),
    When(status="became_case", then=Coalesce("case__report_date", "end_date")),
    default=None,
)


def raw_stock_on(*, jurisdiction: Jurisdiction, unit: AdminUnit, on: dt.date, names: Any) -> dict[str, int]:
    found = dict.fromkeys(names, 0)
    cases = _counted_cases(jurisdiction, unit)
    open_cases = cases.filter(report_date__lte=on).filter(
        Q(status=CaseStatus.ACTIVE) | Q(outcome_date__gt=on)
    )
    for place, n in open_cases.values_list("place_of_care").annotate(n=Count("pk")).order_by():
        found[metrics.ACTIVE + place] = n
    orders = _placed(Order.objects.filter(kind="f1").exclude(status="cancelled"), jurisdiction, unit)
    ended = orders.annotate(ended=ORDER_END)
    for place, n in (
        _open_on(ended, on, "start_date", "ended").values_list("place").annotate(n=Count("pk")).order_by()
    ):
        found[metrics.F1_QUARANTINE + place] = n
    escalations = _placed(Escalation.objects.all(), jurisdiction, unit).annotate(
        opened=_reporting_day("opened_at"), handled=_reporting_day("handled_at")
    )
    found[metrics.ESCALATIONS_OPEN] = _open_on(escalations, on, "opened", "handled").count()
    stays = _placed(Stay.objects.all(), jurisdiction, unit).annotate(
        admitted=_reporting_day("admitted_at"), discharged=_reporting_day("discharged_at")
    )
    for purpose, n in (
        _open_on(stays, on, "admitted", "discharged")
        .values_list("purpose")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        found[metrics.OCCUPIED + purpose] = n
    return {name: found.get(name, 0) for name in names}


def _raw_reads() -> Any:
    return mock.patch.multiple(
        selectors, daily_series=raw_daily_series, stock_on=raw_stock_on, total_until=raw_total_until
    )


def _answer(built: board.Dashboard) -> tuple[Any, ...]:
    return built.figures, built.charts


def _dashboard(province: AdminUnit) -> None:
    jurisdiction = Jurisdiction.of([province.path])

    def ours(day: dt.date) -> board.Dashboard:
        return board.build(jurisdiction=jurisdiction, unit=province, day=day)

    def raw(day: dt.date) -> board.Dashboard:
        with _raw_reads():
            return board.build(jurisdiction=jurisdiction, unit=province, day=day)

    days = [DAY - dt.timedelta(days=i % 7) for i in range(SAMPLES)]
    for day in days[:3]:
        if _answer(ours(day)) != _answer(raw(day)):
            raise AssertionError(f"dashboard figures differ on {day}")
    samples = paired_latencies_ms({"ours": ours, "raw": raw}, days)
    mine, theirs = samples["ours"], samples["raw"]
    line("dashboard figures of the province, one day (p95)", f"{mine['p95']:.1f} ms",
         f"from raw rows p95 {theirs['p95']:.1f} ms, ratio raw/ours {theirs['p95'] / mine['p95']:.1f}")  # fmt: skip
    line("dashboard figures (median)", f"{mine['median']:.1f} ms",
         f"raw median {theirs['median']:.1f} ms, ratio {theirs['median'] / mine['median']:.1f}")  # fmt: skip
    client = Client()
    client.force_login(_viewer(province))
    url = f"/chi-huy/?don-vi={province.pk}&ngay="
    plain_static = {**settings.STORAGES, "staticfiles": {"BACKEND": STATIC_BACKEND}}  # no collectstatic here
    with override_settings(STORAGES=plain_static):
        page = latencies_ms(lambda day: client.get(url + day.strftime("%d/%m/%Y")), days)
    line(
        "dashboard page, province viewer, server time (p95)",
        f"{page['p95']:.1f} ms",
        f"median {page['median']:.1f} ms",
    )


def _viewer(province: AdminUnit) -> User:
    organisation = OrganisationFactory(
        unit=province, kind=OrganisationKind.HEALTH_DEPARTMENT, name="Sở Y tế (bench)"
    )
    return UserFactory(username="bench-soyte", role=Role.HEALTH_DEPARTMENT, organisation=organisation)


# --- The whole country's weekly levels. ---------------------------------------------------------------------


def _national_inputs(week_end: dt.date, rng: random.Random) -> list[AdminUnit]:
    """Population for every commune that has none, and a week of community cases in a third of them."""
    communes = list(AdminUnit.objects.filter(unit_map=UnitMap.THREE_TIER, level=UnitLevel.COMMUNE))
    counted = set(Population.objects.values_list("unit_id", flat=True).distinct())
    bulk_insert(Population, ("unit_id", "unit_path", "year", "band", "count"), (
        (c.pk, c.path, week_end.year, band, rng.randint(500, 6000) // share)
        for c in communes if c.pk not in counted for band, share in (("18-49", 1), ("50-64", 3), ("65+", 6))
    ))  # fmt: skip
    loaded = set(DailyCount.objects.values_list("unit_id", flat=True).distinct())  # the benchmark province
    cells = (
        (c.pk, c.path, week_end - dt.timedelta(days=d), metrics.CASES_COMMUNITY, rng.randint(1, 6))
        for c in communes if c.pk not in loaded and rng.random() < 0.33 for d in range(7) if rng.random() < 0.5
    )  # fmt: skip
    bulk_insert(DailyCount, ("unit_id", "unit_path", "day", "metric", "value"), cells)
    return list(AdminUnit.objects.filter(unit_map=UnitMap.THREE_TIER, level=UnitLevel.PROVINCE))


def national_levels() -> None:
    week_end = DAY - dt.timedelta(days=DAY.weekday() + 1)
    provinces = _national_inputs(week_end, random.Random(128))
    results: dict[str, float] = {}
    with timed("levels", results):
        written = sum(assess.assess(province, week_end) for province in provinces)
    communes = AdminUnit.objects.filter(unit_map=UnitMap.THREE_TIER, level=UnitLevel.COMMUNE).count()
    line(f"weekly levels, whole country: {communes:,} communes, {len(provinces)} provinces",
         f"{results['levels']:.1f} s", f"{written:,} rows written, {communes / results['levels']:,.0f} communes/s")  # fmt: skip


def run(*, orders: int = ORDERS, tests: int = RESULTS) -> None:
    results: dict[str, float] = {}
    province = load(results, orders=orders, tests=tests)
    _dashboard(province)
    national_levels()
