"""Values as people type them in spreadsheets: dates, ID and phone numbers, text, column titles.

Pure functions for the imports: a cell arrives as whatever the reader gives (``str`` from a CSV; ``str``,
``int``, ``float``, ``bool``, ``dt.date`` or ``dt.datetime`` from an Excel sheet) and leaves as one typed
value, or as a :class:`CellError` whose Vietnamese message says what was expected. Validation that belongs
to a domain (a CCCD's length, a phone's prefix) stays in that domain: here only what the spreadsheet lost
is restored.
"""

import datetime as dt
import math
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from phaodai.core.text import day_text, fold, is_digits, nfc


class CellError(ValueError):
    """A cell that cannot be read as the column's kind of value; the message is for the person."""


@dataclass(frozen=True, slots=True)
class Day:
    """A day, or only its year when the cell held a bare year (``date`` is then None)."""

    year: int
    date: dt.date | None


# --- Days ------------------------------------------------------------------------------------------

# Excel's 1900 date system counts 1900-01-01 as 1 and, copying Lotus 1-2-3, has a 29 February 1900 (60):
# from 61 on, serials are one day ahead of a count from 1899-12-31.
_EXCEL_EPOCH = dt.date(1899, 12, 31)
_EXCEL_FAKE_LEAP_DAY = 60
_EXCEL_LAST = (dt.date.max - _EXCEL_EPOCH).days
_DMY = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?")
_EARLIEST_YEAR = 1800  # an integral number from here to next year is a year, not an Excel serial


def _expected(value: object) -> CellError:
    return CellError(
        _("Cần ngày/tháng/năm, ví dụ 05/11/2021 (hoặc chỉ năm, ví dụ 1985); ô ghi «%(value)s».")
        % {"value": value}
    )


def _day(year: int, month: int, day: int, value: object) -> Day:
    try:
        return Day(year, dt.date(year, month, day))
    except ValueError:
        raise CellError(
            _("Ngày «%(value)s» không có thật: ghi ngày trước, tháng sau (ngày/tháng/năm, ví dụ 05/11/2021).")
            % {"value": value}
        ) from None


def _full_year(digits: str, today: dt.date) -> int:
    """A two-digit year is in this century unless that would be after this year: 25 -> 2025, 85 -> 1985."""
    year = int(digits)
    if len(digits) == 4:
        return year
    century = today.year - today.year % 100
    return century + year if century + year <= today.year else century - 100 + year


def _from_text(text: str, today: dt.date) -> Day:
    if len(text) == 10 and text[2] == "/" and text[5] == "/":  # dd/mm/yyyy: most cells, no regex
        digits = text[:2] + text[3:5] + text[6:]
        if digits.isascii() and digits.isdigit():
            return _day(int(text[6:]), int(text[3:5]), int(text[:2]), text)
    if len(text) == 4 and is_digits(text) and int(text) > 0:
        return Day(int(text), None)
    if match := _DMY.fullmatch(text):
        day, _separator, month, year = match.groups()
        return _day(_full_year(year, today), int(month), int(day), text)
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
        return _day(int(year), int(month), int(day), text)
    raise _expected(text)


def _from_number(number: float, today: dt.date, value: object) -> Day:
    """A bare year (1800 up to next year), else an Excel serial date (1900 system)."""
    if not math.isfinite(number):
        raise _expected(value)
    whole = math.floor(number)
    if whole == number and _EARLIEST_YEAR <= whole <= today.year + 1:
        return Day(int(whole), None)
    if whole < 1 or whole == _EXCEL_FAKE_LEAP_DAY or whole > _EXCEL_LAST + 1:
        raise _expected(value)
    date = _EXCEL_EPOCH + dt.timedelta(days=whole - (1 if whole > _EXCEL_FAKE_LEAP_DAY else 0))
    return Day(date.year, date)


def parse_day(value: object, *, today: dt.date) -> Day:
    """A day as typed: day first always (Vietnam never writes the month first).

    Text: dd/mm/yyyy, d/m/yyyy, dd/mm/yy, d/m/yy, with "/", "-" or "." (a time after it is ignored),
    ISO yyyy-mm-dd, or a bare yyyy. Numbers: a year, or an Excel serial date. Dates and datetimes as
    the Excel reader returns them. Days after ``today`` are not refused here: the caller decides.
    """
    if isinstance(value, str):
        return _from_text(value.strip(), today)
    if isinstance(value, dt.datetime):
        return Day(value.year, value.date())
    if isinstance(value, dt.date):
        return Day(value.year, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_number(value, today, value)
    raise _expected("" if value is None else value)


# --- IDs and phone numbers ---------------------------------------------------------------------------

_INTEGRAL_TEXT = re.compile(r"(\d+)\.0+")
# A CCCD (12 digits) or an old CMND (9) always starts with 0 for most provinces; a number cell drops it.
_ZERO_DROPPED = {11: 12, 8: 9}
_MOBILE_PREFIXES = "35789"


def _number_text(value: float) -> str:
    """An integral float without ".0" (1.0e11 -> "100000000000"); other floats as Python writes them."""
    if math.isfinite(value) and value == math.floor(value):
        return str(int(value))
    return str(value)


def _restore_zeros(digits: str) -> str:
    """Pad a CCCD/CMND that lost its leading zero; leave a phone, which ``normalise_phone`` restores.

    An 11-digit "84…" followed by a mobile prefix is a phone with its country code, not a Trà Vinh (084)
    CCCD: those collide only for women born since 2000 (fourth digit 3), who then get the length error.
    A 9-digit number is left alone: it is an old CMND as often as a phone without its 0.
    """
    width = _ZERO_DROPPED.get(len(digits))
    if width is None or (len(digits) == 11 and digits[:2] == "84" and digits[2] in _MOBILE_PREFIXES):
        return digits
    return digits.zfill(width)


def text_id(value: object) -> str:
    """An ID or phone column's cell as text: the digits Excel kept, with the leading zeros it dropped.

    The result is not validated: the caller runs ``people.identity`` on it.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = _number_text(value)
    else:
        text = nfc(str(value)).removeprefix("'")  # a leading apostrophe forces text in a spreadsheet
        if match := _INTEGRAL_TEXT.fullmatch(text):  # a CSV written from a float column
            text = match.group(1)
    return _restore_zeros(text) if is_digits(text) else text


# --- Text and column titles -------------------------------------------------------------------------


def clean_text(value: object) -> str:
    """A text cell: NFC, whitespace collapsed, None as "", 12.0 as "12", a date as 05/11/2021."""
    if value is None:
        return ""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, float) and not isinstance(value, bool):
        return _number_text(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return day_text(value.date())
        return f"{day_text(value.date())} {value:%H:%M}"
    if isinstance(value, dt.date):
        return day_text(value)
    return nfc(str(value))


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def header_key(title: str) -> str:
    """A column title folded for matching: "Họ và tên (*):" and "HO_VA_TEN" both give "ho va ten"."""
    return _NOT_ALNUM.sub(" ", fold(title)).strip()
