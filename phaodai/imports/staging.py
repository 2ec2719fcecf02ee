"""Reading phase: every data row of the file parsed into a staging row, committed in chunks.

Each chunk commits with the batch's count of rows read, so a worker killed while reading resumes after the
last staged row. Cells are checked one by one here (each message names its column); checks that need the
database as a whole (matching people, doses already recorded) are set-based, in ``imports.checking``.
"""

from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from phaodai.core.bulk import bulk_insert
from phaodai.core.cellvalues import CellError
from phaodai.geo.models import UnitLevel
from phaodai.imports.fields import Field
from phaodai.imports.lookups import Lookups
from phaodai.imports.models import ImportBatch, ImportKind, RowStatus, StagedRow

CHUNK = 20_000
COLUMNS = (
    "batch_id", "number", "status", "errors", "full_name", "name_folded", "birth_year", "birth_date", "sex",
    "national_id", "phone", "address", "unit_id", "place_path", "day", "code", "seq", "variant", "ref_id",
    "note", "extra", "rules_id", "person_id",
)  # fmt: skip
_BLANK: dict[str, Any] = {
    "errors": "", "full_name": "", "name_folded": "", "birth_year": None, "birth_date": None, "sex": "",
    "national_id": "", "phone": "", "address": "", "unit_id": None, "place_path": "", "day": None, "code": "",
    "seq": None, "variant": "", "ref_id": None, "note": "", "extra": "", "rules_id": None,
    "person_id": None,
}  # fmt: skip
_PERSON_REQUIRED = (("full_name", "full_name"), ("birth_year", "birth"), ("sex", "sex"))
_DOSE_REQUIRED = (("seq", "number"), ("code", "product"), ("note", "lot"), ("day", "given_on"))


class RowParser:
    """Turns one row's cells into a staging tuple for one batch."""

    def __init__(self, *, batch: ImportBatch, columns: list[tuple[int, Field]], lookups: Lookups) -> None:
        self.batch_id = batch.pk
        self.kind = batch.kind
        # Messages name the column as the file titles it, so the person finds it.
        self.columns = [(index, field, batch.headers[index] or str(field.title)) for index, field in columns]
        self.titles = {field.key: title for _index, field, title in self.columns}
        self.lookups = lookups
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

    def _dose(self, values: dict[str, Any], problems: list[str]) -> None:
        if not values["code"] or not values["note"]:
            return
        lot = self.lookups.lot(values["code"], values["note"])
        if lot is None:
            problems.append(
                f"«{self.titles['lot']}»: "
                + _("lô %(lot)s của vắc xin %(product)s chưa có trong sổ kho.")
                % {"lot": values["note"], "product": values["code"]}
            )
        elif values["day"] is not None and lot[1] < values["day"]:
            problems.append(
                f"«{self.titles['lot']}»: "
                + _("lô %(lot)s đã hết hạn trước ngày tiêm.") % {"lot": values["note"]}
            )
        else:
            values["ref_id"] = lot[0]
        if values["day"] is not None:
            values["rules_id"] = self.lookups.products_rules(values["day"])
        if not values["variant"] and values["seq"] is not None:
            values["variant"] = self.lookups.dose_kind(values["code"], values["seq"])

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
        self._missing(values, failed, problems, _PERSON_REQUIRED)
        self._place(values, failed, problems)
        if self.kind == ImportKind.DOSES:
            self._missing(values, failed, problems, _DOSE_REQUIRED)
            self._dose(values, problems)
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
