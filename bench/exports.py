"""Exports of a million-row line list (vaccine doses) as CSV and as Excel, through the real export code.

A synthetic Lai Châu (the demo generator's names, CCCD and phones) gets about 1,000,000 dose rows through
the bulk path (COPY). Each export is an ``ExportJob`` run by the job itself (``exports.jobs.export_run``:
the requester's access resolved, the filters read, the rows streamed from a server-side cursor in chunks,
progress written every 10,000 rows, the file written under the exports directory), for the provincial
health department, whose jurisdiction is the whole province.

Baselines, same run, same rows, same order, same columns: a bare server-side psycopg cursor over the
join, written with ``csv.writer`` (for the CSV), and the same cursor written with a bare XlsxWriter in
constant-memory mode (for the Excel file). Every export and baseline runs in a fresh process (spawned,
Django set up, then measured), so the heap the data load grew cannot hide what the export needs: the
figure is the peak resident size above the size before the export, sampled every 10 ms by a thread (C
allocations count too: psycopg, XlsxWriter). The same export of one district (about an eighth of the
rows) shows whether memory grows with the list.
"""

import csv
import datetime as dt
import itertools
import multiprocessing
import os
import random
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import django
import xlsxwriter
from django.db import connection

from bench.measure import line
from bench.synthetic import person_rows
from bench.vaccination import PRODUCTS, _doses  # the vaccination benchmark's dose drawing, reused as is
from phaodai.accounts.models import Organisation, OrganisationKind, User
from phaodai.accounts.roles import Role
from phaodai.core import clock
from phaodai.core.bulk import bulk_insert
from phaodai.core.models import RuleSet
from phaodai.core.scoping import next_path
from phaodai.demo.vaccination import DOSE_COLUMNS
from phaodai.exports.jobs import export_run
from phaodai.exports.models import ExportJob, ExportStatus, FileFormat
from phaodai.geo.models import AdminUnit, UnitLevel, UnitMap
from phaodai.inventory.models import Item, Lot
from phaodai.people.bulk import persons_bulk_load
from phaodai.people.models import Person
from phaodai.vaccination import rulesets
from phaodai.vaccination.models import Dose

PROVINCE = "12"
ON = dt.date(2021, 12, 20)
PERSONS_PER_DOSE = 0.7  # the drawing gives about 1.55 doses per person (the under-12s get none)

_BASELINE_SQL = """
SELECT p.full_name, p.birth_year, p.sex, p.national_id, p.phone, p.address, d.number, d.kind, i.name,
       l.number, d.given_on, u.name, u.code, d.team
FROM vaccination_dose d
JOIN people_person p ON p.id = d.person_id
JOIN inventory_lot l ON l.id = d.lot_id
JOIN inventory_item i ON i.id = l.item_id
JOIN geo_adminunit u ON u.id = d.unit_id
WHERE d.unit_path >= %s AND d.unit_path < %s
ORDER BY d.given_on DESC, d.id DESC
"""


class PeakRss:
    """The highest resident size while the block runs, above the size when it started (MiB)."""

    def __init__(self, every: float = 0.01) -> None:
        self.every, self.start, self.peak = every, 0, 0
        self._stop = threading.Event()

    @staticmethod
    def _rss() -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * 4096

    def _watch(self) -> None:
        while not self._stop.wait(self.every):
            self.peak = max(self.peak, self._rss())

    def __enter__(self) -> "PeakRss":
        self.start = self.peak = self._rss()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())

    @property
    def mib(self) -> float:
        return (self.peak - self.start) / 2**20


def _load(doses: int) -> tuple[AdminUnit, AdminUnit]:
    rng = random.Random(2021)
    province = AdminUnit.objects.get(unit_map=UnitMap.THREE_TIER, level=UnitLevel.PROVINCE, code=PROVINCE)
    under = {"path__gt": province.path, "path__lt": next_path(province.path)}
    communes = list(AdminUnit.objects.filter(level=UnitLevel.COMMUNE, **under).order_by("path"))
    district = AdminUnit.objects.filter(level=UnitLevel.DISTRICT, **under).order_by("path").first()
    assert district is not None
    started = time.perf_counter()
    rows = person_rows(count=int(doses * PERSONS_PER_DOSE), communes=communes, rng=rng, province=PROVINCE)
    persons_bulk_load(actor=None, rows=rows, summary="benchmark")
    del rows
    lots = {
        code: Lot.objects.create(item=Item.objects.get(code=code), number=f"BENCH-{code}", expires_on=ON).pk
        for code, _gap in PRODUCTS
    }
    products = RuleSet.objects.filter(kind=rulesets.PRODUCTS, unit_path="").order_by("effective_from").last()
    assert products is not None
    read = list(Person.objects.order_by("pk").values_list("pk", "birth_year", "unit_id", "unit_path"))
    loaded = bulk_insert(Dose, DOSE_COLUMNS, itertools.islice(_doses(rng, lots, products.pk, read), doses))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    line(f"loaded: {len(read):,} persons, {loaded:,} doses", f"{time.perf_counter() - started:.0f} s")
    return province, district


def _requester(province: AdminUnit) -> User:
    organisation = Organisation.objects.create(
        name="Sở Y tế (benchmark)",
        kind=OrganisationKind.HEALTH_DEPARTMENT,
        unit=province,
        unit_path=province.path,
    )
    return User.objects.create(
        username="bench_exports", role=Role.HEALTH_DEPARTMENT, organisation=organisation
    )


def _ours(requester_pk: int, unit_pk: int, file_format: str) -> tuple[int, float, float]:
    """One export job run to the end: rows written, seconds, peak RSS above the start (MiB)."""
    unit = AdminUnit.objects.get(pk=unit_pk)
    params = {} if unit.level == UnitLevel.PROVINCE else {"don-vi": str(unit.pk)}
    job = ExportJob.objects.create(
        unit=unit, unit_path=unit.path, list_key="mui-tiem", file_format=file_format, params=params,
        masked=False, file_name=f"mui-tiem.{file_format}", created_by_id=requester_pk, created_at=clock.now(),
    )  # fmt: skip
    with PeakRss() as memory:
        started = time.perf_counter()
        outcome = export_run.call(job.pk)
        seconds = time.perf_counter() - started
    job.refresh_from_db()
    assert outcome == ExportStatus.DONE, job.error
    return job.rows_written, seconds, memory.mib


def _rows(unit: AdminUnit) -> Iterator[tuple[Any, ...]]:
    with connection.cursor() as django_cursor:  # opens the connection
        django_cursor.execute("SELECT 1")
    raw = connection.connection
    assert raw is not None
    with raw.transaction(), raw.cursor(name="baseline") as cursor:
        cursor.itersize = 2000
        cursor.execute(_BASELINE_SQL, (unit.path, next_path(unit.path)))
        yield from cursor


def _baseline(unit_pk: int, file_format: str, path: Path) -> tuple[int, float, float]:
    """The same rows through a bare cursor and the bare writer: rows, seconds, peak RSS above the start."""
    unit = AdminUnit.objects.get(pk=unit_pk)
    with PeakRss() as memory:
        started = time.perf_counter()
        count = (_baseline_xlsx if file_format == FileFormat.XLSX else _baseline_csv)(unit, path)
        seconds = time.perf_counter() - started
    return count, seconds, memory.mib


def _baseline_csv(unit: AdminUnit, path: Path) -> int:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        count = 0
        for row in _rows(unit):
            writer.writerow(row)
            count += 1
    return count


def _baseline_xlsx(unit: AdminUnit, path: Path) -> int:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    count = 0
    for count, row in enumerate(_rows(unit), start=1):
        sheet.write_row(count, 0, [str(value) if isinstance(value, dt.date) else value for value in row])
    book.close()
    return count


def _child(name: str, *args: Any) -> tuple[int, float, float]:
    """``_ours`` or ``_baseline``, in a fresh process (its initializer has set Django up)."""
    return _ours(*args) if name == "ours" else _baseline(*args)


def _fresh(name: str, *args: Any) -> tuple[int, float, float]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=django.setup) as pool:
        return pool.submit(_child, name, *args).result()


def _report(
    name: str, ours: tuple[int, float, float], baseline: tuple[int, float, float], label: str
) -> None:
    rows, seconds, mib = ours
    base_rows, base_seconds, base_mib = baseline
    assert rows == base_rows, f"{name}: {rows} rows against {base_rows} in the baseline"
    line(
        f"{name} ({rows:,} rows)",
        f"{rows / seconds:,.0f} rows/s",
        f"ratio {base_seconds / seconds:.2f} to {label} ({base_rows / base_seconds:,.0f} rows/s)",
    )
    line(f"{name}: peak memory above start", f"{mib:,.1f} MiB", f"{label}: {base_mib:,.1f} MiB")


def run(*, doses: int) -> None:
    province, district = _load(doses)
    requester = _requester(province)
    connection.close()  # the children open their own
    with tempfile.TemporaryDirectory() as directory:
        os.environ["PHAODAI_EXPORTS_DIR"] = str(
            Path(directory) / "exports"
        )  # read by the children's settings
        scratch = Path(directory) / "baseline"
        for unit in (district, province):
            where = "province" if unit == province else f"one district, {unit.name}"
            for file_format, label in ((FileFormat.CSV, "bare cursor + csv.writer"),
                                       (FileFormat.XLSX, "bare cursor + XlsxWriter")):  # fmt: skip
                _report(
                    f"{file_format.upper()} export of the doses, {where}",
                    _fresh("ours", requester.pk, unit.pk, file_format.value),
                    _fresh("baseline", unit.pk, file_format.value, scratch),
                    label,
                )
