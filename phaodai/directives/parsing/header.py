"""The header and the closing of a directive: number and symbol, place and date line, kind, subject,
issuer, addressees ("Kính gửi"), recipients ("Nơi nhận") and signer."""

import datetime as dt
import re
from dataclasses import dataclass

from phaodai.directives.parsing.dates import make_date
from phaodai.directives.parsing.model import DirectiveKind
from phaodai.directives.parsing.text import bulleted, fold, is_upper, numbered, strip_marker

HEAD_LINES = 25  # the number, date and title sit in the first lines, whatever OCR did
_NUMBER = re.compile(
    r"^\s*so\s*(?:[:.;]|(?=[\d/]))\s*(?P<number>\d+[a-z]?)?\s*[-/]?\s*(?P<symbol>[a-z0-9][\w.&/-]*)?"
)
_DATE_LINE = re.compile(
    r"(?P<place>[a-z][a-z .'-]{1,40}?)\s*,\s*ngay\s*(?P<day>[\d]{0,2})[\s._…]*"
    r"thang\s*(?P<month>\d{1,2})\s*nam\s*(?P<year>\d{4})"
)
_KINDS = (
    ("thong bao", DirectiveKind.NOTICE),
    ("cong van", DirectiveKind.LETTER),
    ("chi thi", DirectiveKind.INSTRUCTION),
    ("ke hoach", DirectiveKind.PLAN),
    ("quyet dinh", DirectiveKind.DECISION),
)
# The kind code in a symbol: "TB-UBND", "168-TB/HU", "KH-BCĐ"; a letter's symbol has none ("UBND-VX").
_SYMBOL_KINDS = {"tb": DirectiveKind.NOTICE, "ct": DirectiveKind.INSTRUCTION, "kh": DirectiveKind.PLAN}
_SYMBOL_KINDS |= {"qd": DirectiveKind.DECISION, "cv": DirectiveKind.LETTER}
# Issuers named by the symbol alone, when OCR lost the header block.
_SYMBOL_ISSUERS = {
    "ubnd": "Ủy ban nhân dân",
    "syt": "Sở Y tế",
    "bcd": "Ban Chỉ đạo phòng, chống dịch COVID-19",
    "tu": "Tỉnh ủy",
    "hu": "Huyện ủy",
    "ttkslt": "Trung tâm Kiểm soát bệnh tật",
    "vpcp": "Văn phòng Chính phủ",
}
_NATIONAL = re.compile(r"^(?:cong hoa|doc lap|dang(?: cong san| $|$))")
_ISSUER = re.compile(
    r"^(?:tinh uy|huyen uy|thanh uy|dang uy|uy ban nhan dan|ubnd|so |ban chi dao|bcd|trung tam|van phong"
    r"|benh vien|bo )"
)
_NOTES = re.compile(r"\([^)]*\)|\bđể\s+(?:b/c|báo cáo|biết|t/h|thực hiện)\b", re.IGNORECASE)
_SIGNATURE_WORDS = re.compile(r"\b(?:kt|tm|tl|q|ktl)\.|giam doc|chu tich|truong|bi thu|pho ")


@dataclass
class Header:
    number: str | None = None
    symbol: str | None = None
    date_text: str | None = None
    place: str | None = None
    day: tuple[int, int, int | None] | None = None  # (year, month, day or None when left blank)
    kind: DirectiveKind | None = None
    title_index: int | None = None
    subject: str | None = None
    issuer: str | None = None


def number_and_symbol(lines: list[str], header: Header) -> None:
    for line in lines[:HEAD_LINES]:
        if (match := _NUMBER.match(fold(line))) and (match["number"] or match["symbol"]):
            header.number = match["number"] and line[match.start("number") : match.end("number")]
            symbol = match["symbol"] and line[match.start("symbol") : match.end("symbol")].strip(".-/")
            header.symbol = symbol or None
            return


def date_line(lines: list[str], header: Header) -> None:
    for line in lines[:HEAD_LINES]:
        if match := _DATE_LINE.search(fold(line)):
            header.place = line[match.start("place") : match.end("place")].strip()
            header.date_text = line[match.start("place") : match.end()]
            day = int(match["day"]) if match["day"] else None
            header.day = (int(match["year"]), int(match["month"]), day)
            return


def document_date(header: Header) -> dt.date | None:
    if header.day is None:
        return None
    year, month, day = header.day
    return None if day is None else make_date(year, month, day)


def _title_kind(line: str) -> tuple[DirectiveKind, str] | None:
    """A title line in capitals ("THÔNG BÁO", "THÔNG BÁO Ý KIẾN CHỈ ĐẠO ...") and what follows the kind."""
    folded = fold(line)
    for words, kind in _KINDS:
        if folded.startswith(words) and is_upper(line[: len(words)]):
            return kind, line[len(words) :].strip(" :")
    return None


def _subject(lines: list[str], index: int, rest: str) -> str | None:
    """The trích yếu: what follows the kind on the title line, then lines under it while the title runs
    on in capitals; the first line in ordinary case ends it (the body never starts it)."""
    subject = [rest] if rest else []
    for line in lines[index + 1 : index + 4]:
        if subject and not is_upper(subject[-1]):
            break
        if numbered(line) or fold(line).startswith(("can cu", "ngay ", "thuc hien", "kinh gui")):
            break
        subject.append(line)
    return " ".join(subject) or None


def kind_and_subject(lines: list[str], header: Header) -> None:
    for index, line in enumerate(lines[:HEAD_LINES]):
        if (found := _title_kind(line)) is not None:
            header.kind, rest = found
            header.title_index = index
            header.subject = _subject(lines, index, rest)
            return
    for line in lines[:HEAD_LINES]:
        if fold(line).startswith("v/v"):
            header.kind, header.subject = DirectiveKind.LETTER, line
            return
    header.kind = _kind_from_symbol(header.symbol)


def _symbol_parts(symbol: str | None) -> list[str]:
    return [part for part in re.split(r"[-/]", fold(symbol or "")) if part]


def _kind_from_symbol(symbol: str | None) -> DirectiveKind | None:
    parts = _symbol_parts(symbol)
    if not parts:
        return None
    return next((_SYMBOL_KINDS[part] for part in parts if part in _SYMBOL_KINDS), DirectiveKind.LETTER)


def issuer(lines: list[str], header: Header, *, body_end: int) -> None:
    """The issuer's line in capitals above the title; else one OCR moved below the body; else the symbol's."""
    top = header.title_index if header.title_index is not None else min(len(lines), 6)
    for candidates, nearest in ((lines[:top], -1), (lines[body_end:], 0)):
        found = [line for line in candidates if is_upper(line) and _ISSUER.match(fold(line))]
        found = [line for line in found if not _NATIONAL.match(fold(line))]
        if found:  # the issuer is the line nearest the title, under its governing body
            header.issuer = found[nearest]
            return
    header.issuer = next(
        (_SYMBOL_ISSUERS[p] for p in _symbol_parts(header.symbol) if p in _SYMBOL_ISSUERS), None
    )


def _listed(lines: list[str], start: int) -> list[str]:
    """Bulleted names from ``start`` on (a name per line), without notes, until the list ends."""
    names: list[str] = []
    for line in lines[start:]:
        if is_upper(line) and names:
            continue  # a signature title OCR interleaved with the list
        if not (bulleted(line) or (line.endswith(";") and len(line) < 120)):
            break
        name = _NOTES.sub("", strip_marker(line)).strip(" ;.,")
        if name and not fold(name).startswith("luu"):
            names.append(re.sub(r"\s+", " ", name))
    return names


def _list_after(lines: list[str], keyword: str) -> tuple[list[str], int | None]:
    for index, line in enumerate(lines):
        folded = fold(line)
        if folded.startswith(keyword):
            rest = line[line.find(":") + 1 :].strip() if ":" in line else ""
            inline = [_NOTES.sub("", rest).strip(" ;.,")] if rest else []
            return inline + _listed(lines, index + 1), index
    return [], None


def addressees(lines: list[str]) -> list[str]:
    return _list_after(lines[: HEAD_LINES + 10], "kinh gui")[0]


def recipients(lines: list[str]) -> tuple[list[str], int | None]:
    return _list_after(lines, "noi nhan")


def _looks_like_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 5 and all(w.isalpha() and w[0].isupper() and w[1:].islower() for w in words)


def signer(lines: list[str]) -> str | None:
    """The name under the signature: after the last title in capitals ("GIÁM ĐỐC", "KT. CHỦ TỊCH")."""
    titles = [i for i, line in enumerate(lines) if is_upper(line) and _SIGNATURE_WORDS.search(fold(line))]
    if not titles:
        return None
    return next((line for line in lines[titles[-1] + 1 :] if _looks_like_name(line)), None)
