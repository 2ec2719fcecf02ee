"""Persons: the project's bulk load against raw COPY, then search latency against a plain scan.

1. The same synthetic rows go in twice, into the same empty table with all its indexes: first by
   PostgreSQL ``COPY ... FROM STDIN (FORMAT csv)`` of a prepared CSV (the baseline: no Python work at all),
   then through ``phaodai.people.bulk.persons_bulk_load`` (sort keys, folded names, search tokens, audit).
2. Search: queries typed the way people type them (no diacritics, a prefix of the given name), scoped to
   the province, through the selector the person list uses; the baseline is the same filter written as
   ``icontains`` on the folded name (a scan), in the same run.
"""

import csv
import io
import json
import random

from django.db import connection

from bench.measure import latencies_ms, line, peak_rss_mib, timed
from phaodai.core import clock
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import fold, nfc, sort_key
from phaodai.geo.models import AdminUnit, UnitLevel, UnitMap
from phaodai.people.bulk import PersonRow, persons_bulk_load
from phaodai.people.models import Person
from phaodai.people.selectors import person_list

PROVINCE = "12"
QUERIES = 300


def _csv_of(rows: list[PersonRow]) -> bytes:
    """The rows exactly as the bulk path stores them, as CSV for COPY (ids included)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NOTNULL)  # None -> unquoted empty -> NULL
    now = clock.now().isoformat()
    for pk, row in enumerate(rows, start=1):
        name = nfc(row.full_name)
        writer.writerow([
            pk, name, sort_key(name), fold(name), row.birth_year, row.birth_date, row.sex,
            row.national_id, row.phone, nfc(row.address), row.ethnicity, row.occupation, row.workplace,
            json.dumps(list(row.comorbidities)), "t" if row.pregnant else "f", row.household_id,
            row.unit_id, row.unit_path, now, now,
        ])  # fmt: skip
    return buffer.getvalue().encode()


def _copy_baseline(payload: bytes) -> None:
    columns = (
        "id, full_name, name_sort, name_folded, birth_year, birth_date, sex, national_id, phone, address, "
        "ethnicity, occupation, workplace, comorbidities, pregnant, household_id, unit_id, unit_path, "
        "created_at, updated_at"
    )
    with connection.cursor() as cursor:
        sql = f"COPY people_person ({columns}) FROM STDIN (FORMAT csv)"
        with cursor.cursor.copy(sql) as copy:
            for start in range(0, len(payload), 1 << 20):
                copy.write(payload[start : start + (1 << 20)])


def _truncate() -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE people_person, people_personnametoken RESTART IDENTITY CASCADE")


def _queries(rows: list[PersonRow], rng: random.Random) -> tuple[list[str], list[str]]:
    """Family name and the first letters of the given name, unaccented, lower case ("lo po"), each with
    the commune of the person it was taken from."""
    picks = rng.sample(rows, QUERIES)
    queries = []
    for row in picks:
        words = fold(row.full_name).split()
        queries.append(f"{words[0]} {words[-1][: max(2, len(words[-1]) - 1)]}")
    return queries, [row.unit_path for row in picks]


def _scan(jurisdiction: Jurisdiction, query: str) -> list[Person]:
    persons = Person.objects.visible_to(jurisdiction)
    for word in query.split():
        persons = persons.filter(name_folded__contains=word)
    return list(persons.order_by("name_sort", "pk")[:25])


def run(*, count: int) -> None:
    from bench.synthetic import person_rows

    province = AdminUnit.objects.get(unit_map=UnitMap.THREE_TIER, level=UnitLevel.PROVINCE, code=PROVINCE)
    communes = list(AdminUnit.objects.filter(level=UnitLevel.COMMUNE, path__startswith=province.path))
    rng = random.Random(2021)
    rows = person_rows(count=count, communes=communes, rng=rng, province=PROVINCE)
    payload = _csv_of(rows)
    results: dict[str, float] = {}

    with timed("copy", results):
        _copy_baseline(payload)
    _truncate()
    with timed("bulk", results):
        persons_bulk_load(actor=None, rows=rows, summary="benchmark")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE people_person")  # what autovacuum does soon after a load
        cursor.execute("VACUUM ANALYZE people_personnametoken")

    line(
        f"persons bulk load ({count:,} rows, with name tokens)",
        f"{count / results['bulk']:,.0f} rows/s",
        f"ratio to COPY {results['copy'] / results['bulk']:.2f} (COPY {count / results['copy']:,.0f} rows/s)",
    )
    line("peak memory of the benchmark process", f"{peak_rss_mib():,.0f} MiB")

    jurisdiction = Jurisdiction.of([province.path])
    queries, paths = _queries(rows, rng)
    ours = latencies_ms(lambda q: list(person_list(jurisdiction=jurisdiction, query=q)[:25]), queries)
    scan = latencies_ms(lambda q: _scan(jurisdiction, q), queries[:50])
    line(
        f"person search, province scope, {QUERIES} queries (median)",
        f"{ours['median']:.1f} ms",
        f"scan {scan['median']:.1f} ms, ratio scan/ours {scan['median'] / ours['median']:.1f}",
    )
    line("person search, province scope (p95)", f"{ours['p95']:.1f} ms", f"scan p95 {scan['p95']:.1f} ms")
    local = [(Jurisdiction.of([path]), query) for query, path in zip(queries[:100], paths, strict=False)]
    near = latencies_ms(lambda pair: list(person_list(jurisdiction=pair[0], query=pair[1])[:25]), local)
    line("person search, commune scope (median / p95)", f"{near['median']:.1f} / {near['p95']:.1f} ms")
    broad = [query[:2] for query in queries[:50]]
    wide = latencies_ms(lambda q: list(person_list(jurisdiction=jurisdiction, query=q)[:25]), broad)
    line("person search, one 2-letter prefix (median / p95)", f"{wide['median']:.1f} / {wide['p95']:.1f} ms")
