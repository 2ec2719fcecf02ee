"""Turning an export's rows into a CSV or Excel file, with constant memory.

The request path streams (CSV line by line, Excel through ``core.xlsxstream``'s temporary file); the
background job writes the same bytes to a file under ``PHAODAI_EXPORTS_DIR``, reporting its progress.
"""

import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings

from phaodai.core.csvstream import Column as OutputColumn
from phaodai.core.csvstream import stream_csv
from phaodai.core.xlsxstream import xlsx_file
from phaodai.exports.columns import output_columns
from phaodai.exports.filters import ExportRequest
from phaodai.exports.models import FileFormat

XLSX_MAX_ROWS = 1_048_575  # an Excel sheet holds 1,048,576 rows, the header included
PROGRESS_EVERY = 10_000


def columns_for(request: ExportRequest) -> list[OutputColumn]:
    return output_columns(request.line_list.columns(request.query), masked=request.query.masked)


def file_name(request: ExportRequest) -> str:
    """``ca-benh-20211120.xlsx``: the list and the day, ASCII so every browser keeps it."""
    return f"{request.line_list.key}-{request.query.today:%Y%m%d}.{request.file_format}"


def sheet_name(request: ExportRequest) -> str:
    return str(request.line_list.title)[:31]


class Tally:
    """Counts rows as a writer consumes them, calling ``report(rows so far)`` every ``every`` rows."""

    def __init__(self, report: Callable[[int], None], every: int = PROGRESS_EVERY) -> None:
        self.count = 0
        self._report, self._every = report, every

    def over(self, rows: Iterable[Any]) -> Iterator[Any]:
        for row in rows:
            yield row
            self.count += 1
            if self.count % self._every == 0:
                self._report(self.count)


def exports_dir() -> Path:
    return Path(settings.PHAODAI_EXPORTS_DIR)


def write_file(request: ExportRequest, rows: Iterable[Any], path: Path) -> None:
    """Write the whole file to ``path`` (through ``path.part``, renamed at the end, so a file that is
    there is complete)."""
    columns = columns_for(request)
    part = path.with_name(path.name + ".part")
    try:
        if request.file_format == FileFormat.XLSX:
            with xlsx_file(columns, rows, sheet_name=sheet_name(request)) as workbook, part.open("wb") as out:
                shutil.copyfileobj(workbook, out)
        else:
            with part.open("w", encoding="utf-8", newline="") as out:
                out.writelines(stream_csv(columns, rows))
        part.rename(path)
    finally:
        part.unlink(missing_ok=True)
