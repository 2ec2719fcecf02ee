"""Cleaning OCR'd or pasted text into lines and paragraphs, and a folded twin to match rules against.

Rules match the *folded* text (lower-case, no diacritics, ``đ`` → ``d``): OCR often drops or swaps tone
marks ("Kinh gui", "Noi nhân"). Folding keeps one character for each character, so a match's span
slices the original text as written.
"""

import re
import unicodedata

from phaodai.core.text import nfc

# Markup and OCR annotations that are not part of the document: Markdown emphasis, "[Faint text]"...
_MARKUP = re.compile(r"\*\*+|__+|`+|^#+\s*", re.MULTILINE)
_ANNOTATION = re.compile(r"\[[A-Za-z][^\]\n]{0,80}\]")
_INLINE_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_BULLET = re.compile(r"^\s*(?:[-–—+•·▪●○*]|\uf0b7|\uf0a7)\s*")
_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\s*(?:[.)/]\s*|\s(?=[A-ZÀ-ỸĐ]))(?=\S)(?!\d)")
_LETTERED = re.compile(r"^\s*([a-zđ])\s*\)\s*(?=\S)")
_ROMAN = re.compile(r"^\s*[IVX]{1,5}\s*[.)]\s*")
_TERMINAL = (".", ";", ":", "!", "?")
# Lines that open a part of the document and are never the continuation of the line before.
_KEYWORDS = re.compile(r"^(?:so\s*[:.]|v/v|kinh gui|noi nhan|[^,]{2,40},\s*ngay\b)")
LONG_LINE = 60
# Words that open a paragraph of their own: a long line before them is not broken, it ended.
_OPENERS = re.compile(
    r"^(?:ngay \d|can cu|thuc hien|sau khi|tuy nhien|de |nham|tren co so|qua |trong thoi gian|thua lenh)"
)


def fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char.lower().replace("đ", "d"))
    return decomposed[0] if decomposed else char


def fold(text: str) -> str:
    """Lower-case, no diacritics, ``đ`` → ``d``; exactly one character per character of ``text``."""
    return "".join(fold_char(char) for char in text)


def clean(text: str) -> str:
    """NFC text with markup and OCR annotations removed, spaces collapsed, lines stripped."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _ANNOTATION.sub(" ", _MARKUP.sub(" ", text))
    return "\n".join(_INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n"))


def is_upper(line: str) -> bool:
    """A line in capitals (a heading, an issuer, a signature title), letters required."""
    letters = [char for char in line if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def numbered(line: str) -> re.Match[str] | None:
    return _NUMBERED.match(line)


def bulleted(line: str) -> re.Match[str] | None:
    return _BULLET.match(line) or _LETTERED.match(line)


def structural(line: str) -> bool:
    """A line that starts something new: a number, a bullet, a heading, a keyword of the header."""
    return bool(
        numbered(line)
        or bulleted(line)
        or _ROMAN.match(line)
        or is_upper(line)
        or _KEYWORDS.match(fold(line))
    )


def _continues(previous: str, line: str, *, after_blank: bool) -> bool:
    """Whether ``line`` is the rest of a sentence OCR or the page broke after ``previous``."""
    if previous.endswith(_TERMINAL) or structural(line) or is_upper(previous):
        return False
    if _KEYWORDS.match(fold(previous)) and after_blank:
        return False
    if not after_blank:
        return True
    if line[:1].islower() or line[:1].isdigit():
        return True
    return len(previous) >= LONG_LINE and not _OPENERS.match(fold(line))


def paragraphs(text: str) -> list[str]:
    """Non-empty lines of cleaned text, broken sentences joined back together."""
    joined: list[str] = []
    blank = False
    for line in text.split("\n"):
        if not line:
            blank = True
            continue
        if joined and _continues(joined[-1], line, after_blank=blank):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
        blank = False
    return [nfc(paragraph) for paragraph in joined]


def strip_marker(line: str) -> str:
    """The text of a numbered or bulleted line without its number or bullet."""
    match = numbered(line) or bulleted(line)
    return line[match.end() :].strip() if match else line.strip()
