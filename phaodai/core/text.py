"""Vietnamese text: NFC storage, diacritic-insensitive folding and the Vietnamese sort order.

Folding is explicit because generic filters get ``Đ`` wrong: NFD leaves ``đ`` intact (it is a letter
of its own, not ``d`` plus a mark), and FTS5's diacritic removal does not map it either.
"""

import datetime as dt
import re
import unicodedata

_TONE_MARKS = {
    "\u0300": "1",
    "\u0309": "2",
    "\u0303": "3",
    "\u0301": "4",
    "\u0323": "5",
}  # huyền hỏi ngã sắc nặng
_LETTER_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}  # breve, circumflex, horn
# The Vietnamese alphabet, with the Latin letters it borrows (f, j, w, z) in their Latin places.
_ALPHABET = [
    "a", "a\u0306", "a\u0302", "b", "c", "d", "đ", "e", "e\u0302", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "o\u0302", "o\u031b", "p", "q", "r", "s", "t", "u", "u\u031b", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER_CODE = {letter: chr(0x30 + index) for index, letter in enumerate(_ALPHABET)}
_DIGIT_CODE = {str(d): chr(0x70 + d) for d in range(10)}
_SPACE = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return text in NFC with runs of whitespace collapsed; what we store is always this form."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Lower-case, strip every diacritic and map đ to d: ``Đặng Văn An`` -> ``dang van an``."""
    decomposed = unicodedata.normalize("NFD", nfc(text).lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Folded search tokens of a name: words split on spaces and hyphens, duplicates removed."""
    seen: dict[str, None] = {}
    for word in re.split(r"[\s\-]+", fold(text)):
        if word:
            seen.setdefault(word, None)
    return list(seen)


def _letters(word: str) -> list[tuple[str, str]]:
    """Split a word into (letter, tone) pairs, the letter keeping its breve/circumflex/horn."""
    pairs: list[tuple[str, str]] = []
    for char in unicodedata.normalize("NFD", word.lower()):
        if char in _TONE_MARKS and pairs:
            pairs[-1] = (pairs[-1][0], _TONE_MARKS[char])
        elif char in _LETTER_MARKS and pairs:
            pairs[-1] = (pairs[-1][0] + char, pairs[-1][1])
        elif not unicodedata.combining(char):
            pairs.append((char, "0"))
    return pairs


def _word_key(word: str) -> tuple[str, str]:
    primary, secondary = [], []
    for letter, tone in _letters(word):
        code = _LETTER_CODE.get(letter) or _DIGIT_CODE.get(letter)
        if code:
            primary.append(code)
            secondary.append(tone)
    return "".join(primary), "".join(secondary)


def split_name(full_name: str) -> tuple[str, str, str]:
    """Return (family, middle, given): the first word is the family name, the last the given name."""
    words = nfc(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def sort_key(full_name: str) -> str:
    """An ASCII key that sorts names the Vietnamese way under a binary collation.

    Given name first, then family name, then middle names; letters in Vietnamese alphabet order
    (Đ after D, Ă and Â after A); tones only break ties (ngang, huyền, hỏi, ngã, sắc, nặng).
    """
    family, middle, given = split_name(full_name)
    keys = [_word_key(word) for word in (given, family, *middle.split(" "))]
    return (" ".join(p for p, _ in keys) + "!" + " ".join(s for _, s in keys))[:255]


def day_text(value: dt.date) -> str:
    """A date as Vietnamese documents write it: 05/11/2021."""
    return value.strftime("%d/%m/%Y")


def is_digits(text: str) -> bool:
    """Only ASCII digits: ``str.isdigit`` also accepts "²" or "٣", which ``int()`` then refuses."""
    return text.isascii() and text.isdigit()


def percent_text(value: float | None) -> str:
    """A share as Vietnamese write it: one decimal after a comma ("62,5%"); "—" when unknown."""
    if value is None:
        return "—"
    return f"{value:.1f}".replace(".", ",") + "%"
