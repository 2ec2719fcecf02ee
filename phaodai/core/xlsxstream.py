"""Excel workbooks of any length with constant memory: XlsxWriter's constant-memory mode writes each row to
a temporary file as it comes, and the finished workbook is streamed from disk. Text stays text (IDs and
phones keep their leading zeros); text Excel would run as a formula is defused as in the CSV files."""

import tempfile
from collections.abc import Iterable
from typing import IO, Any

import xlsxwriter

from phaodai.core.csvstream import Column, safe_cell


def _write(sheet: Any, row: int, column: int, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        sheet.write_string(row, column, str(safe_cell(str(value))))
    else:
        sheet.write_number(row, column, value)


def xlsx_file(columns: list[Column], rows: Iterable[Any], *, sheet_name: str) -> IO[bytes]:
    """The workbook in a temporary file (deleted when closed), rewound for reading."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes it when sent
    book = xlsxwriter.Workbook(handle, {"constant_memory": True})
    sheet = book.add_worksheet(sheet_name[:31])
    bold = book.add_format({"bold": True})
    for index, (title, _value) in enumerate(columns):
        sheet.write_string(0, index, title, bold)
    for number, row in enumerate(rows, start=1):
        for index, (_title, value) in enumerate(columns):
            _write(sheet, number, index, value(row))
    book.close()
    handle.seek(0)
    return handle
