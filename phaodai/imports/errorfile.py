"""The uploaded file handed back with two more columns, the outcome and the errors of each row, in the
format it came in (CSV stays CSV, Excel comes back as .xlsx): fix the red rows, import it again."""

import datetime as dt
from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _

from phaodai.core.csvstream import Column, stream_csv
from phaodai.core.text import day_text
from phaodai.core.xlsxstream import xlsx_file
from phaodai.imports import selectors
from phaodai.imports.models import ImportBatch
from phaodai.imports.reading import read_rows


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime) and not (value.hour or value.minute or value.second):
        return day_text(value.date())
    if isinstance(value, dt.date):
        return day_text(value)
    return "" if value is None else value


def _column(index: int) -> Any:
    return lambda row: _cell(row[0][index]) if index < len(row[0]) else ""


def _columns(headers: list[str]) -> list[Column]:
    cells: list[Column] = [(title, _column(index)) for index, title in enumerate(headers)]
    return [*cells, (_("Kết quả nhập"), lambda row: row[1]), (_("Lỗi"), lambda row: row[2])]


def _rows(batch: ImportBatch) -> tuple[list[Column], Iterator[tuple[list[Any], str, str]]]:
    rows = read_rows(selectors.file_content(batch=batch), batch.file_format)
    return _columns(rows.headers), selectors.with_outcomes(rows.body, selectors.outcomes(batch=batch))


def error_csv(batch: ImportBatch) -> Iterator[str]:
    columns, rows = _rows(batch)
    return stream_csv(columns, rows)


def error_xlsx(batch: ImportBatch) -> IO[bytes]:
    columns, rows = _rows(batch)
    return xlsx_file(columns, rows, sheet_name=_("Kết quả nhập"))
