"""Imports: a dose list from CSV through the whole import against PostgreSQL ``COPY`` of the same rows.

1. ``BENCH_IMPORT_DOSES`` dose rows (default 1,000,000: two doses for each of 500,000 persons already in
   the registry with their CCCD) are written as the CSV a district sends: Vietnamese headers, the person's
   name, birth year, sex, CCCD and commune code, dose number, vaccine, lot and date.
2. Baseline: the same rows, already resolved to the dose table's columns, go into ``vaccination_dose`` (with
   its indexes) by ``COPY ... FROM STDIN (FORMAT csv)`` on PostgreSQL, by a bare ``executemany`` on SQLite;
   the table is emptied again.
3. The import: the upload service, then the job's phases (read and stage, match persons, check doses,
   write doses in checkpointed chunks, recount statuses and coverage once) in a fresh Python process, whose
   peak resident memory is read from the kernel. Rows per second overall and per phase; the ratio is the
   baseline's time over the import time (the goal on PostgreSQL: at least 0.25).
4. The same rows as .xlsx (``BENCH_IMPORT_XLSX_ROWS``, default 200,000), reported apart: reading dominates.
"""

import csv
import datetime as dt
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from bench.measure import line, timed
from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import OrganisationFactory, UserFactory
from phaodai.core import clock
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit, UnitLevel, UnitMap
from phaodai.imports.models import ImportBatch
from phaodai.imports.services import import_start
from phaodai.inventory.models import Item, Lot
from phaodai.people.bulk import persons_bulk_load
from phaodai.people.models import Person
from phaodai.vaccination.models import Dose

PROVINCE = "12"
HEADER = ["Họ và tên", "Năm sinh", "Giới tính", "Số CCCD", "Mã xã", "Mũi số", "Vắc xin", "Số lô", "Ngày tiêm"]
_SEX = {"M": "Nam", "F": "Nữ"}


def _persons(count: int, communes: list[AdminUnit]) -> None:
    from bench.synthetic import person_rows

    rows = person_rows(count=count * 3, communes=communes, rng=random.Random(2021), province=PROVINCE)
    adults = [row for row in rows if row.national_id][:count]
    persons_bulk_load(actor=None, rows=adults, summary="benchmark: registry before the import")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE people_person" if connection.vendor == "postgresql" else "ANALYZE")


def _lots() -> list[Lot]:
    item = Item.objects.get(code="VC")
    return [
        Lot.objects.create(item=item, number=f"VC-21{n:02d}", expires_on=dt.date(2022, 12, 31))
        for n in range(4)
    ]


def _doses(count: int) -> list[tuple[object, ...]]:
    """(person id, name, year, sex, CCCD, commune code, commune id, path, number, lot, day), two per person."""
    codes = dict(AdminUnit.objects.filter(level=UnitLevel.COMMUNE).values_list("pk", "code"))
    persons = Person.objects.order_by("pk").values_list(
        "pk", "full_name", "birth_year", "sex", "national_id", "unit_id", "unit_path"
    )
    rng, rows = random.Random(7), list[tuple[object, ...]]()
    for pk, name, year, sex, national_id, unit_id, path in persons[: count // 2]:
        first = dt.date(2021, 7, 1) + dt.timedelta(days=rng.randrange(60))
        for number, day in ((1, first), (2, first + dt.timedelta(days=28))):
            rows.append(
                (
                    pk,
                    name,
                    year,
                    sex,
                    national_id,
                    codes[unit_id],
                    unit_id,
                    path,
                    number,
                    rng.randrange(4),
                    day,
                )
            )
    return rows


def _file_csv(rows: list[tuple[object, ...]], lots: list[Lot]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for _pk, name, year, sex, national_id, code, _uid, _path, number, lot, day in rows:
        writer.writerow([name, year, _SEX[str(sex)], national_id, code, number, "Vero Cell", lots[int(lot)].number,  # type: ignore[call-overload]
                         day.strftime("%d/%m/%Y")])  # type: ignore[attr-defined]  # fmt: skip
    return buffer.getvalue().encode()


_DOSE_COLUMNS = "person_id, number, kind, product, lot_id, given_on, team, home_path, birth_year, rules_id, created_at, unit_id, unit_path"


def _dose_table_rows(
    rows: list[tuple[object, ...]], lots: list[Lot], rules_id: int
) -> list[tuple[object, ...]]:
    """The same rows as the dose table stores them (persons and lots already resolved)."""
    now = clock.now()
    return [(pk, number, "primary", "VC", lots[int(lot)].pk, day, "", path, year, rules_id, now, unit_id, path)  # type: ignore[call-overload]
            for pk, _name, year, _sex, _cccd, _code, unit_id, path, number, lot, day in rows]  # fmt: skip


def _baseline(table_rows: list[tuple[Any, ...]]) -> str:
    """The rows into ``vaccination_dose`` with its indexes, the fastest plain way the database offers:
    ``COPY … FROM STDIN`` of a CSV on PostgreSQL, a bare ``executemany`` in one transaction on SQLite."""
    if connection.vendor != "postgresql":
        marks = ", ".join(["%s"] * len(table_rows[0]))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO vaccination_dose ({_DOSE_COLUMNS}) VALUES ({marks})", table_rows)
        return "executemany"
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NOTNULL).writerows(table_rows)  # "" stays text, not NULL
    payload = buffer.getvalue().encode()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY vaccination_dose ({_DOSE_COLUMNS}) FROM STDIN (FORMAT csv)") as copy,
    ):
        for start in range(0, len(payload), 1 << 20):
            copy.write(payload[start : start + (1 << 20)])
    return "COPY"


def _empty_doses() -> None:
    tables = ("vaccination_dose", "vaccination_vaccinationstatus", "vaccination_coveragecount")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")


def _start(content: bytes, name: str, actor: object, province: AdminUnit) -> ImportBatch:
    return import_start(
        actor=actor, jurisdiction=Jurisdiction.of([province.path]), kind="doses",
        file=SimpleUploadedFile(name, content), unit=province,
    )  # fmt: skip


def _run_in_child(batch_id: int) -> tuple[dict[str, float], float]:
    """The job in a fresh process: its phase timings, and its peak resident memory in MiB."""
    done = subprocess.run(  # noqa: S603 - this interpreter and a module of ours
        [sys.executable, "-m", "bench.import_child", str(batch_id)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(done.stderr[-4000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return json.loads(done.stdout.strip().splitlines()[-1]), peak


def _report(
    label: str,
    count: int,
    phases: dict[str, float],
    started: float,
    baseline: tuple[str, float] | None = None,
) -> float:
    total = started + sum(phases.values())
    ratio = ""
    if baseline:
        name, seconds = baseline
        ratio = f"ratio to {name} {seconds / total:.2f} ({name} {count / seconds:,.0f} rows/s)"
    line(label, f"{count / total:,.0f} rows/s", ratio)
    detail = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in phases.items())
    line("  phases", f"{total:.1f} s", f"upload {started:.1f} s, {detail}")
    return total


def run(*, doses: int, xlsx_rows: int) -> None:
    province = AdminUnit.objects.get(unit_map=UnitMap.THREE_TIER, level=UnitLevel.PROVINCE, code=PROVINCE)
    communes = list(AdminUnit.objects.filter(level=UnitLevel.COMMUNE, path__startswith=province.path))
    actor = UserFactory(username="bench-import", role=Role.HEALTH_DEPARTMENT,
                        organisation=OrganisationFactory(unit=province, kind="health_department"))  # fmt: skip
    _persons(doses // 2, communes)
    lots = _lots()
    rows = _doses(doses)
    content = _file_csv(rows, lots)
    results: dict[str, float] = {}
    from phaodai.vaccination.bundle import versions
    from phaodai.vaccination.rulesets import PRODUCTS

    table_rows = _dose_table_rows(rows, lots, versions(PRODUCTS, unit_path=province.path)[-1].pk)
    with timed("baseline", results):
        baseline = _baseline(table_rows)
    del table_rows
    _empty_doses()
    with timed("start", results):
        batch = _start(content, "tiem-chung.csv", actor, province)
    connection.close()
    phases, peak = _run_in_child(batch.pk)
    assert Dose.objects.count() == len(rows), (Dose.objects.count(), len(rows))
    _report(f"dose import from CSV ({len(rows):,} rows, {len(content) / 2**20:,.0f} MiB)", len(rows), phases,
            results["start"], (baseline, results["baseline"]))  # fmt: skip
    line("  peak memory of the import process", f"{peak:,.0f} MiB")
    if xlsx_rows:
        _xlsx(rows[:xlsx_rows], lots, actor, province)


def _xlsx(rows: list[tuple[object, ...]], lots: list[Lot], actor: object, province: AdminUnit) -> None:
    import xlsxwriter

    _empty_doses()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "tiem-chung.xlsx"
        book = xlsxwriter.Workbook(path, {"constant_memory": True})
        sheet = book.add_worksheet()
        reader = csv.reader(io.StringIO(_file_csv(rows, lots).decode()))
        for index, values in enumerate(reader):
            sheet.write_row(index, 0, values)
        book.close()
        content = path.read_bytes()
    started = time.perf_counter()
    batch = _start(content, "tiem-chung.xlsx", actor, province)
    upload = time.perf_counter() - started
    connection.close()
    phases, _peak = _run_in_child(batch.pk)
    _report(
        f"dose import from .xlsx ({len(rows):,} rows, {len(content) / 2**20:,.0f} MiB)",
        len(rows),
        phases,
        upload,
    )
