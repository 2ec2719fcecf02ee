"""Dates as Vietnamese documents write them, and the deadlines a task states.

A deadline is a date *with a phrase that makes it one* ("chậm nhất", "trước ngày", "từ ngày", "trong
tháng", "trong quý"). A bare date is never taken: the dates of cited documents ("Nghị quyết số
128/NQ-CP ngày 11/10/2021") and of the meeting ("tại hội nghị ngày 15/11/2021") carry no such phrase.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from phaodai.directives.parsing.model import Deadline, DeadlineType
from phaodai.directives.parsing.text import fold

# Numeric (30/11/2021, 30-11-21, 30.11) or in words (31 tháng 12 năm 2021); the year may be missing.
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}|\d{2})(?!\d))?")
_WORDS = re.compile(r"(\d{1,2})\s*thang\s*(\d{1,2})(?:\s*(?:nam|/)\s*(\d{4}))?")
_MONTH = re.compile(r"thang\s*(\d{1,2})\s*(?:nam|/)\s*(\d{4})")
_QUARTER = re.compile(r"quy\s*(iv|iii|ii|i|[1-4])\b\s*(?:(?:nam|/)\s*(\d{4}))?")
_YEAR = re.compile(r"nam\s*(\d{4})")
_DAY_WORD = re.compile(r"(?:ngay\s*)?")
_TIME = re.compile(r"(?:\d{1,2}\s*(?:h|gio)\s*(?:\d{2})?\s*(?:phut)?\s*,?\s*(?:ngay\s*)?)?")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_BY = re.compile(
    r"(?<![a-z])(?:cham nhat|han chot|truoc|den het|trong ngay)"
    r"(?:\s+(?:den|la|vao|trong))?(?:\s+ngay)?\s*"
)
_FROM = re.compile(r"(?<![a-z])(?:ke\s+)?tu\s+(?:ngay\s*)?(?=\d)")
_UNTIL = re.compile(r"\s*(?:den|toi|-)\s*(?:het\s+)?(?:ngay\s*)?")
_IN = re.compile(r"(?<![a-z])(?:cham nhat\s+)?trong\s+(?=thang|quy|nam)")
_ONGOING = re.compile(
    r"thoi gian(?: thuc hien| hoan thanh)?\s*:\s*(thuong xuyen)"
    r"|\((thuong xuyen)\)"
    r"|thuc hien (thuong xuyen)(?=\s*(?:[,.;]|$))"
    r"|(?:^|[.;:]\s*)(thuong xuyen)\s*(?:[.;]|$)"
)
# A date right after these is a cited document's or a meeting's, even after "từ"/"trước".
_CITED = re.compile(r"(?:so\s*\S+|hoi nghi|cuoc hop|phien hop)\s*$")


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    deadline: Deadline


def make_date(year: int | None, month: int, day: int) -> dt.date | None:
    if year is None:
        return None
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def month_range(year: int, month: int) -> tuple[dt.date, dt.date] | None:
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def quarter_range(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = 3 * quarter - 2
    return dt.date(year, first, 1), dt.date(year, first + 2, calendar.monthrange(year, first + 2)[1])


def date_at(folded: str, pos: int, year: int | None) -> tuple[dt.date | None, int] | None:
    """The day written at ``pos`` (after an optional "ngày"), and where it ends."""
    pos = _DAY_WORD.match(folded, pos).end()  # type: ignore[union-attr]  # matches the empty string
    for pattern in (_WORDS, _NUMERIC):
        if match := pattern.match(folded, pos):
            day, month, written = match.groups()
            found_year = int(written) if written else year
            return make_date(found_year, int(month), int(day)), match.end()
    return None


def _period_at(folded: str, pos: int, year: int | None) -> tuple[tuple[dt.date, dt.date] | None, int] | None:
    """A month, a quarter or a year at ``pos``: its first and last day, and where the phrase ends."""
    if match := _MONTH.match(folded, pos):
        return month_range(int(match[2]), int(match[1])), match.end()
    if match := _QUARTER.match(folded, pos):
        quarter = _ROMAN.get(match[1]) or int(match[1])
        found_year = int(match[2]) if match[2] else year
        return (quarter_range(found_year, quarter) if found_year else None), match.end()
    if match := _YEAR.match(folded, pos):
        found_year = int(match[1])
        return (dt.date(found_year, 1, 1), dt.date(found_year, 12, 31)), match.end()
    return None


def _cited(folded: str, start: int) -> bool:
    return bool(_CITED.search(folded[max(start - 40, 0) : start]))


def _by(text: str, folded: str, year: int | None) -> list[Found]:
    found = []
    for trigger in _BY.finditer(folded):
        after = _TIME.match(folded, trigger.end()).end()  # type: ignore[union-attr]
        if (day := date_at(folded, after, year)) is not None:
            end_day, end = day
            deadline = Deadline(DeadlineType.BY_DATE, None, end_day, text[trigger.start() : end])
        elif (period := _period_at(folded, after, year)) is not None:
            bounds, end = period
            deadline = Deadline(
                DeadlineType.BY_DATE, None, bounds[1] if bounds else None, text[trigger.start() : end]
            )
        else:
            continue
        found.append(Found(trigger.start(), end, deadline))
    return found


def _from(text: str, folded: str, year: int | None) -> list[Found]:
    found = []
    for trigger in _FROM.finditer(folded):
        if _cited(folded, trigger.start()) or (day := date_at(folded, trigger.end(), year)) is None:
            continue
        start_day, end = day
        deadline = Deadline(DeadlineType.FROM_DATE, start_day, None, text[trigger.start() : end])
        until = _UNTIL.match(folded, end)
        if until and until.end() > end and (last := date_at(folded, until.end(), year)) is not None:
            end = last[1]
            deadline = Deadline(DeadlineType.IN_PERIOD, start_day, last[0], text[trigger.start() : end])
        found.append(Found(trigger.start(), end, deadline))
    return found


def _in(text: str, folded: str, year: int | None) -> list[Found]:
    found = []
    for trigger in _IN.finditer(folded):
        if (period := _period_at(folded, trigger.end(), year)) is None:
            continue
        bounds, end = period
        first, last = bounds if bounds else (None, None)
        deadline = Deadline(DeadlineType.IN_PERIOD, first, last, text[trigger.start() : end])
        found.append(Found(trigger.start(), end, deadline))
    return found


def _ongoing(text: str, folded: str) -> list[Found]:
    found = []
    for match in _ONGOING.finditer(folded):
        group = next(index for index in range(1, 5) if match.group(index))
        start, end = match.span(group)
        found.append(Found(start, end, Deadline(DeadlineType.ONGOING, None, None, text[start:end])))
    return found


def deadlines(text: str, *, year: int | None) -> list[Deadline]:
    """Every deadline stated in ``text``, in order; ``year`` completes a date written without one."""
    folded = fold(text)
    candidates = sorted(
        [
            *_in(text, folded, year),
            *_by(text, folded, year),
            *_from(text, folded, year),
            *_ongoing(text, folded),
        ],
        key=lambda item: (item.start, -item.end),
    )
    kept: list[Found] = []
    for item in candidates:
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return [item.deadline for item in kept]
