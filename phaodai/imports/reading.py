"""Reading an uploaded spreadsheet: its format, its encoding, its header row and its data rows.

CSV files are read in UTF-8 (with or without BOM) as they stream; anything else is decoded whole by
``core.vnencodings`` (UTF-16, Windows-1258, or the old TCVN3/VNI byte encodings), or refused with a
message saying how to save the file. Excel cells typed in a TCVN3 or VNI font are Latin letters standing
for Vietnamese ones: a sample of the sheet decides, and every text cell is converted.
"""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any

from django.utils.translation import gettext as _

from phaodai.core.errors import DomainError
from phaodai.core.vnencodings import LegacyEncodingError, convert_legacy, decode_text, detect_legacy

EXCEL_FORMATS = ("xlsx", "xls", "xlsm", "ods")
SAMPLE_ROWS = 200
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


def file_format(file_name: str, content: bytes) -> str:
    """The format: "csv" or an Excel one, from the name and the first bytes (a renamed file is read for
    what it is)."""
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if content.startswith((_ZIP, _OLE)):
        return extension if extension in EXCEL_FORMATS else "xlsx"
    if extension in EXCEL_FORMATS:
        raise DomainError(
            _("Tệp «%(name)s» không phải tệp Excel hợp lệ.") % {"name": file_name}, field="file"
        )
    return "csv"


@dataclass
class Rows:
    """The header (cells as typed) and the data rows as (spreadsheet row number, cells)."""

    headers: list[str]
    encoding: str
    body: Iterator[tuple[int, list[Any]]]


def _is_utf8(content: bytes) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(content), 1 << 20):
            decoder.decode(content[start : start + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _csv_stream(content: bytes) -> tuple[io.TextIOBase, str]:
    if content.startswith(codecs.BOM_UTF8) or _is_utf8(content):
        return io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline=""), "utf-8"
    try:
        decoded = decode_text(content)
    except LegacyEncodingError as error:
        raise DomainError(str(error), field="file") from error
    return io.StringIO(decoded.text, newline=""), decoded.encoding


def _delimiter(first_line: str) -> str:
    return max(",;\t", key=first_line.count) if first_line else ","


def _blank(cells: list[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _numbered(rows: Iterator[list[Any]], first: int) -> Iterator[tuple[int, list[Any]]]:
    for number, cells in enumerate(rows, start=first):
        if not _blank(cells):
            yield number, cells


def _split_header(
    numbered: Iterator[tuple[int, list[Any]]],
) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    header = next(numbered, None)
    if header is None:
        raise DomainError(_("Tệp không có dữ liệu."), field="file")
    return [str(cell).strip() if cell is not None else "" for cell in header[1]], numbered


def read_csv(content: bytes) -> Rows:
    stream, encoding = _csv_stream(content)
    first = stream.readline()
    stream.seek(0)
    headers, body = _split_header(_numbered(_csv_rows(stream, _delimiter(first)), 1))
    return Rows(headers, encoding, body)


def _csv_rows(stream: io.TextIOBase, delimiter: str) -> Iterator[list[Any]]:
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as error:
        raise DomainError(
            _("Không đọc được tệp CSV ở dòng %(n)s: %(reason)s.") % {"n": reader.line_num, "reason": error},
            field="file",
        ) from error


def _converted(rows: Iterator[list[Any]], encoding: str) -> Iterator[list[Any]]:
    for cells in rows:
        yield [convert_legacy(cell, encoding) if isinstance(cell, str) else cell for cell in cells]


def read_excel(content: bytes) -> Rows:
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
        first_row = (sheet.start or (0, 0))[0] + 1
        sample = list(islice(sheet.iter_rows(), SAMPLE_ROWS))
    except Exception as error:  # calamine raises its own error types for any unreadable workbook
        raise DomainError(_("Không đọc được tệp Excel: tệp hỏng hoặc có mật khẩu."), field="file") from error
    legacy = detect_legacy(cell for cells in sample for cell in cells if isinstance(cell, str))
    rows: Iterator[list[Any]] = chain(sample, islice(sheet.iter_rows(), SAMPLE_ROWS, None))
    if legacy:
        rows = _converted(rows, legacy)
    headers, body = _split_header(_numbered(rows, first_row))
    return Rows(headers, legacy or "unicode", body)


def read_rows(content: bytes, fmt: str) -> Rows:
    return read_csv(content) if fmt == "csv" else read_excel(content)
