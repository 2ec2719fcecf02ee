"""Reading phase: every data row of the file parsed into a staging row, committed in chunks.

Each chunk commits with the batch's count of rows read, so a worker killed while reading resumes after the
last staged row. Cells are checked one by one here (each message names its column); checks that need the
database as a whole (matching people, doses already recorded) are set-based, in ``imports.checking``.
"""

from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from phaodai.core.bulk import bulk_insert
from phaodai.core.cellvalues import CellError
from phaodai.geo.models import UnitLevel
from phaodai.imports.fields import PERSON_REQUIRED, Field
from phaodai.imports.kinds import kind_get
from phaodai.imports.lookups import Lookups
from phaodai.imports.models import ImportBatch, RowStatus, StagedRow
from phaodai.imports.spec import RowContext

CHUNK = 20_000
# Every column of a staging row but its id, in the model's order: the batch, the row's number and status,
# then the values (a value no cell gave is "" or NULL).
_STAGED = [field for field in StagedRow._meta.concrete_fields if not field.primary_key]
COLUMNS = tuple(field.attname for field in _STAGED)
_BLANK: dict[str, Any] = {field.attname: None if field.null else "" for field in _STAGED[3:]}


class RowParser:
    """Turns one row's cells into a staging tuple for one batch."""

    def __init__(self, *, batch: ImportBatch, columns: list[tuple[int, Field]], lookups: Lookups) -> None:
        self.batch_id = batch.pk
        self.kind = kind_get(batch.kind)
        # Messages name the column as the file titles it, so the person finds it.
        self.columns = [(index, field, batch.headers[index] or str(field.title)) for index, field in columns]
        self.titles = {field.key: title for _index, field, title in self.columns}
        self.lookups = lookups
        self.row = RowContext(lookups=lookups, titles=self.titles)
        root = lookups.root
        self.default_place = (root.pk, root.path) if root.level >= UnitLevel.COMMUNE else None

    def _missing(self, values: dict[str, Any], failed: set[str], problems: list[str], required: Any) -> None:
        for column, key in required:
            if values[column] in (None, "") and key not in failed and key in self.titles:
                problems.append(f"«{self.titles[key]}»: " + _("chưa có."))

    def _place(self, values: dict[str, Any], failed: set[str], problems: list[str]) -> None:
        if values["unit_id"] is not None or failed & {"unit_code", "unit_name"}:
            return
        if self.default_place is None:
            problems.append(_("Chưa có xã/phường nơi cư trú."))
        else:
            values["unit_id"], values["place_path"] = self.default_place

    def parse(self, number: int, cells: list[Any]) -> tuple[Any, ...]:
        values = dict(_BLANK)
        problems: list[str] = []
        failed: set[str] = set()
        for index, field, title in self.columns:
            cell = cells[index] if index < len(cells) else None
            if cell is None or (type(cell) is str and not cell.strip()):
                continue
            try:
                values.update(field.parse(cell, self.lookups))
            except CellError as error:
                problems.append(f"«{title}»: {error}")
                failed.add(field.key)
        self._missing(values, failed, problems, (*PERSON_REQUIRED, *self.kind.required))
        self._place(values, failed, problems)
        if self.kind.complete is not None:
            self.kind.complete(values, problems, self.row)
        status = RowStatus.INVALID if problems else RowStatus.VALID
        values["errors"] = "; ".join(problems)
        return (self.batch_id, number, status, *(values[column] for column in COLUMNS[3:]))


def _chunks(body: Iterator[tuple[int, list[Any]]], size: int) -> Iterator[list[tuple[int, list[Any]]]]:
    while chunk := list(islice(body, size)):
        yield chunk


def stage(
    *, batch: ImportBatch, body: Iterator[tuple[int, list[Any]]], parser: RowParser, save: Callable[..., None]
) -> None:
    """Stage the rows after the last one already staged; each chunk commits with the count read."""
    last = StagedRow.objects.filter(batch=batch).aggregate(m=Max("number"))["m"] or 0
    rows = (row for row in body if row[0] > last)
    for chunk in _chunks(rows, CHUNK):
        with transaction.atomic():
            # Parsed before the COPY starts: a lookup's first query cannot run inside it (PostgreSQL).
            parsed = [parser.parse(number, cells) for number, cells in chunk]
            written = bulk_insert(StagedRow, COLUMNS, parsed)
            save(batch, rows_read=batch.rows_read + written)


def refresh_statistics() -> None:
    """Let the planner see the staged rows as they are before the next set-based checks: without them it
    takes a freshly filled staging table for a small one, and both PostgreSQL (nested loops over a
    million rows) and SQLite (a scan per row instead of the batch's indexes) then go quadratic."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {StagedRow._meta.db_table}")
