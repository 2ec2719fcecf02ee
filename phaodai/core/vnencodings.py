"""Text in the Vietnamese encodings that came before Unicode: Windows-1258, TCVN3 (ABC) and VNI.

Two ways such text reaches us:

* a CSV file saved in one of them: :func:`decode_text` takes the bytes;
* an Excel cell typed with a TCVN3 (.VnTime) or VNI (VNI-Times) font: Excel stores the font's bytes as
  the Latin-1 characters of the same numbers ("Hµ Néi", "Haø Noäi" for "Hà Nội"); :func:`detect_legacy`
  looks at a sample of cells and :func:`convert_legacy` converts each one.

Which encoding a text is in is decided by reading it each way and counting the words that come out as
well-formed Vietnamese syllables (:func:`is_syllable`: onset, vowel nucleus, coda, tone on the right
vowel). Real Unicode text is never converted: a cell holding a Vietnamese letter beyond Latin-1 (ư, ơ,
đ, ạ...) cannot be TCVN3 or VNI, and a cell whose letters are all Latin-1 is converted only when the
conversion reads strictly better than the cell as it is.

TCVN3 has no code for an upper-case letter with a tone: the upper-case font (.VnTimeH) draws the
lower-case codes as capitals, and the file does not say which font a cell used. Those letters therefore
decode lower-case, and are raised again when their surroundings show it: a stretch of text whose other
letters are all capitals (at least two) is upper-cased ("HµNG NéI" -> "HÀNG NỘI"), and in a stretch whose
other words all start with a capital, a word starting with such a letter is capitalised
("NguyÔn ¸nh" -> "Nguyễn Ánh"). Text typed in lower-case letters with the upper-case font stays
lower-case: nothing in the data says otherwise.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

ENCODINGS = ("utf-8", "utf-16", "windows-1258", "tcvn3", "vni")
LEGACY = ("tcvn3", "vni")

# Tones in the order the legacy tables list them: huyền, hỏi, ngã, sắc, nặng.
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT = _TONES
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_VOWELS = "aăâeêioôơuưy"


def _toned(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


# Every Vietnamese letter beyond ASCII: 12 vowels x 5 tones + ă â ê ô ơ ư đ, lower then upper (134).
_LOWER_LETTERS = [_toned(v, t) for v in _VOWELS for t in _TONES] + list("ăâêôơưđ")
LETTERS = tuple(_LOWER_LETTERS + [letter.upper() for letter in _LOWER_LETTERS])

# --- TCVN3 (TCVN 5712:1993, VN3) ----------------------------------------------------------------------
# 0xA1-0xA7: Ă Â Ê Ô Ơ Ư Đ, 0xA8-0xAE: ă â ê ô ơ ư đ; from 0xB5 the toned lower-case vowels in alphabet
# order, five tones each, skipping the codes the standard leaves to Latin-1 (º ¿ À-Å Í Ù-Û à ð).
_TCVN3_GAPS = frozenset([0xBA, 0xBF, 0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xCD, 0xD9, 0xDA, 0xDB, 0xE0, 0xF0])
_TCVN3_TONED_CODES = [code for code in range(0xB5, 0xFF) if code not in _TCVN3_GAPS]


def _tcvn3_table() -> dict[int, str]:
    table = dict(zip(range(0xA1, 0xAF), "ĂÂÊÔƠƯĐăâêôơưđ", strict=True))
    toned = [_toned(v, t) for v in _VOWELS for t in _TONES]
    table.update(zip(_TCVN3_TONED_CODES, toned, strict=True))
    return table


_TCVN3 = _tcvn3_table()
_TCVN3_TRANSLATE = str.maketrans(_TCVN3)
# Lower-case toned letters: TCVN3 cannot tell them from their capitals.
_TCVN3_CASELESS = frozenset(_TCVN3[code] for code in _TCVN3_TONED_CODES)
_CASELESS = re.compile(f"[{''.join(sorted(_TCVN3_CASELESS))}]")

# --- VNI (VNI-Windows, the VNI-Times fonts) ----------------------------------------------------------
# A letter is its base letter followed by one mark byte (the circumflex and breve have one byte for each
# tone they combine with); i and a few letters have a byte of their own. Upper-case marks are 0x20 below
# the lower-case ones ("AØ" is À), as in Latin-1.
_VNI_MARKS_LOWER = {
    "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ù": _ACUTE, "ï": _DOT,
    "â": _CIRCUMFLEX, "à": _CIRCUMFLEX + _GRAVE, "å": _CIRCUMFLEX + _HOOK, "ã": _CIRCUMFLEX + _TILDE,
    "á": _CIRCUMFLEX + _ACUTE, "ä": _CIRCUMFLEX + _DOT,
    "ê": _BREVE, "è": _BREVE + _GRAVE, "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE,
    "é": _BREVE + _ACUTE, "ë": _BREVE + _DOT,
}  # fmt: skip
_VNI_SINGLE_LOWER = {
    "ô": "ơ", "ö": "ư", "ñ": "đ", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
}  # fmt: skip
_VNI_MARKS = _VNI_MARKS_LOWER | {chr(ord(k) - 0x20): v for k, v in _VNI_MARKS_LOWER.items()}
_VNI_SINGLE = _VNI_SINGLE_LOWER | {chr(ord(k) - 0x20): v.upper() for k, v in _VNI_SINGLE_LOWER.items()}
_VNI_SINGLE_TRANSLATE = str.maketrans(_VNI_SINGLE)
_MODIFIES = {_CIRCUMFLEX: "aeo", _BREVE: "a"}  # which base letters take a circumflex / breve
_MODIFIERS = (_CIRCUMFLEX, _BREVE, _HORN)


def _vni_sequences() -> dict[str, str]:
    """Base letter + mark byte(s) -> the Vietnamese letter, for every sequence that makes one.

    Besides the standard one mark byte, a circumflex or breve byte followed by a tone byte ("eâï" for ệ)
    is read too: some converters wrote the marks one at a time.
    """
    tones = [mark for mark, combining in _VNI_MARKS.items() if combining in _TONES]
    modifiers = [mark for mark, combining in _VNI_MARKS.items() if combining in _MODIFIERS]
    sequences: dict[str, str] = {}
    for base in "aeiouyơưAEIOUYƠƯ":
        for marks in [*_VNI_MARKS, *(m + t for m in modifiers for t in tones)]:
            combining = "".join(_VNI_MARKS[mark] for mark in marks)
            if combining[0] in _MODIFIES and base.lower() not in _MODIFIES[combining[0]]:
                continue
            letter = unicodedata.normalize("NFC", base + combining)
            if len(letter) == 1:
                sequences[base + marks] = letter
    return sequences


_VNI_SEQUENCES = _vni_sequences()
_VNI_SEQUENCE = re.compile("|".join(sorted(_VNI_SEQUENCES, key=len, reverse=True)))


def _vni_encode_table() -> dict[str, str]:
    """The inverse: each of the 134 letters as VNI spells it (base letter or own byte, then a mark)."""
    marks = {combining: mark for mark, combining in _VNI_MARKS_LOWER.items()}
    singles = {letter: byte for byte, letter in _VNI_SINGLE.items()}
    table: dict[str, str] = {}
    for letter in LETTERS:
        if letter in singles:
            table[letter] = singles[letter]
            continue
        decomposed = unicodedata.normalize("NFD", letter)
        base, rest = decomposed[0], "".join(sorted(decomposed[1:], key=lambda mark: mark not in _MODIFIERS))
        if rest.startswith(_HORN):  # ơ and ư have a byte of their own, which takes the tone mark
            base, rest = singles[unicodedata.normalize("NFC", base + _HORN)], rest[1:]
        mark = marks[rest]
        table[letter] = base + (mark.upper() if letter.isupper() else mark)
    return table


VNI_ENCODE = _vni_encode_table()
TCVN3_ENCODE = {letter: chr(code) for code, letter in _TCVN3.items()} | {
    letter.upper(): chr(code) for code, letter in _TCVN3.items() if letter in _TCVN3_CASELESS
}

# --- Unicode evidence and syllables --------------------------------------------------------------
_BEYOND_LATIN1 = "".join(sorted(ch for ch in LETTERS if ord(ch) > 0xFF))
_UNICODE_VIETNAMESE = re.compile(f"[{_BEYOND_LATIN1}{''.join(_TONES)}{_CIRCUMFLEX}{_BREVE}{_HORN}]")
# A word for scoring: anything between spaces, ASCII digits and ASCII punctuation.
_WORD = re.compile(r"[^\s0-9!-/:-@\[-`{-~]+")
_SEGMENT = re.compile(r"[^,;\t\r\n\"|]+")

# A vowel letter -> (the letter without its tone, tone number: 0 none, 1-5 as in _TONES).
_LETTER_PARTS = {_toned(v, t): (v, n) for v in _VOWELS for n, t in enumerate(_TONES, start=1)} | {
    v: (v, 0) for v in _VOWELS
}
_CONSONANTS = frozenset("bcdđghklmnpqrstvx")
_SYLLABLE = re.compile(
    r"(ngh|ng|gh|gi|qu|ch|kh|nh|ph|th|tr|[bcdđghklmnprstvx]?)([aăâeêioôơuưy]{1,3})(ch|nh|ng|[cmnptk]?)"
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Vowel nuclei (with their glides) by what may follow them.
_OPEN_ONLY = _words(
    "y ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui uơ ưa ưi ưu"
    " iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyu"
)
_CLOSED_ONLY = _words("ă â iê yê uô ươ uâ oă uyê oo")
_EITHER = _words("a e ê i o ô ơ u ư oa oe uê uy")
_PALATAL = _words("a ê i oa uê uy")  # the nuclei that take -ch and -nh
_STOPS = frozenset(("c", "ch", "p", "t"))  # a syllable ending in them has the sắc or nặng tone
_RISING_TONES = frozenset((4, 5))


def _tone_positions(nucleus: str, closed: bool) -> frozenset[int]:
    """Where the tone mark may sit in a nucleus; both the old (hòa) and the new (hoà) styles count."""
    marked = [i for i, ch in enumerate(nucleus) if ch in "ăâêôơư"]
    if marked:
        return frozenset((marked[-1],))
    if len(nucleus) == 1:
        return frozenset((0,))
    if len(nucleus) == 3:
        return frozenset((1,))
    if closed:
        return frozenset((len(nucleus) - 1,))
    if nucleus in ("oa", "oe", "uy"):
        return frozenset((0, 1))
    return frozenset((0,))


@lru_cache(maxsize=1 << 16)
def is_syllable(word: str) -> bool:
    """Whether a lower-case NFC word is spelt like a Vietnamese syllable.

    Deliberately tolerant of the place names of the Central Highlands (Đắk, Búk: a ``k`` coda) and of
    both tone placements; the point is telling real text from a misread encoding, not spell-checking.
    """
    letters: list[str] = []
    tone, tone_at = 0, -1
    for index, char in enumerate(word):
        parts = _LETTER_PARTS.get(char)
        if parts is None:
            if char not in _CONSONANTS:
                return False
            letters.append(char)
            continue
        if parts[1]:
            if tone:
                return False
            tone, tone_at = parts[1], index
        letters.append(parts[0])
    match = _SYLLABLE.fullmatch("".join(letters))
    if match is None:
        return False
    onset, nucleus, coda = match.groups()
    if not _nucleus_fits(nucleus, coda):
        return False
    if coda in _STOPS and tone not in _RISING_TONES:
        return False
    return not tone or tone_at - len(onset) in _tone_positions(nucleus, bool(coda))


def _nucleus_fits(nucleus: str, coda: str) -> bool:
    if coda in ("ch", "nh"):
        return nucleus in _PALATAL
    if coda:
        return nucleus in _EITHER or nucleus in _CLOSED_ONLY
    return nucleus in _EITHER or nucleus in _OPEN_ONLY


@dataclass(frozen=True, slots=True)
class _Score:
    valid: int
    invalid: int

    @property
    def net(self) -> int:
        return self.valid - self.invalid

    def convincing(self) -> bool:
        """Most words read as Vietnamese (a few foreign names or typos are expected)."""
        return self.valid > 0 and self.valid >= 3 * self.invalid

    def __add__(self, other: "_Score") -> "_Score":
        return _Score(self.valid + other.valid, self.invalid + other.invalid)


_ZERO = _Score(0, 0)


def _score(text: str) -> _Score:
    """Count the non-ASCII words that are and are not Vietnamese syllables (ASCII words say nothing).

    A word cased like no word is ("TuÊn": TCVN3 puts lower-case letters on Latin-1 capitals) counts
    as misread even when its letters spell a syllable.
    """
    valid = invalid = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if (word.istitle() or word.islower() or word.isupper()) and is_syllable(word.lower()):
            valid += 1
        else:
            invalid += 1
    return _Score(valid, invalid)


# --- Conversions -----------------------------------------------------------------------------------


def _restore_case(segment: str) -> str:
    """Raise the TCVN3 toned letters of one cell or field where the text around them is in capitals."""
    if _CASELESS.search(segment) is None:
        return segment
    others = _CASELESS.sub("", segment)
    if others.isupper() and sum(char.isalpha() for char in others) >= 2:
        return segment.upper()
    words = segment.split(" ")
    if "".join(word[0] for word in words if word and word[0] not in _TCVN3_CASELESS).isupper():
        return " ".join(_capitalised(word) for word in words)
    return segment


def _capitalised(word: str) -> str:
    return word[0].upper() + word[1:] if word and word[0] in _TCVN3_CASELESS else word


def tcvn3_to_unicode(text: str) -> str:
    """Every character read as TCVN3, unconditionally (a whole file); cells go through convert_legacy."""
    return _SEGMENT.sub(lambda m: _restore_case(m.group()), text.translate(_TCVN3_TRANSLATE))


def vni_to_unicode(text: str) -> str:
    """Every character read as VNI, unconditionally (a whole file); cells go through convert_legacy."""
    converted = text.translate(_VNI_SINGLE_TRANSLATE)
    return _VNI_SEQUENCE.sub(lambda match: _VNI_SEQUENCES[match.group()], converted)


_CONVERTERS = {"tcvn3": tcvn3_to_unicode, "vni": vni_to_unicode}


def _is_unicode(text: str) -> bool:
    return _UNICODE_VIETNAMESE.search(text) is not None


def convert_legacy(text: str, encoding: str) -> str:
    """A cell typed in a TCVN3 or VNI font, as Unicode (NFC).

    ASCII and real Unicode Vietnamese come back unchanged (NFC): a cell is converted only when it reads
    strictly better converted, so "Hà Tây" (all Latin-1 letters) survives in a file detected as TCVN3.
    The price: a legacy cell that also reads as Vietnamese is kept as it is (VNI "Hoà" for "Hồ" stays
    "Hoà"); cells of several words nearly always give themselves away.
    """
    if encoding not in _CONVERTERS:
        raise ValueError(f"Unknown legacy encoding {encoding!r}; expected one of {LEGACY}.")
    if text.isascii():
        return text
    if _is_unicode(text):
        return unicodedata.normalize("NFC", text)
    return _convert_cell(text, encoding)


@lru_cache(maxsize=1 << 16)
def _convert_cell(text: str, encoding: str) -> str:
    """The conversion if it reads better (remembered: villages and street names repeat down a sheet)."""
    converted = _CONVERTERS[encoding](text)
    before, after = _score(text), _score(converted)
    if after.net > before.net or (after.net == before.net and after.valid > before.valid):
        return converted
    return text


def detect_legacy(samples: Iterable[str]) -> str | None:
    """ "tcvn3" or "vni" when the sampled cells were typed in that font, else None (Unicode or ASCII).

    Cells that are ASCII or hold Unicode-only Vietnamese letters are left out of the vote; the rest are
    read as they are and in each legacy encoding, and an encoding wins only when its reading is
    convincing and has strictly more Vietnamese words than the text as it is.
    """
    totals = dict.fromkeys(("as-is", *LEGACY), _ZERO)
    for sample in samples:
        if sample.isascii() or _is_unicode(sample):
            continue
        totals["as-is"] += _score(sample)
        for encoding, convert in _CONVERTERS.items():
            totals[encoding] += _score(convert(sample))
    best = max(LEGACY, key=lambda encoding: (totals[encoding].net, totals[encoding].valid))
    found, as_is = totals[best], totals["as-is"]
    if found.convincing() and found.valid > as_is.valid and found.net > as_is.net:
        return best
    return None


# --- Files -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decoded:
    text: str  # NFC
    encoding: str  # one of ENCODINGS


class LegacyEncodingError(ValueError):
    """The bytes are in no encoding we can recognise."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Không nhận ra bảng mã của tệp. Hãy mở tệp bằng Excel và lưu lại với định dạng "
                "«CSV UTF-8 (Comma delimited)» rồi tải lên lại."
            )
        )


# The bytes 0x80-0x9F as Windows-1252 has them (quotes, dashes), where it defines them.
_C1_AS_CP1252 = str.maketrans(
    {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
)
_NON_ASCII_LINE = re.compile(r"[^\n]*[\x80-\xff][^\n]*")
SAMPLE_LINES = 2000


def _as_font_characters(content: bytes) -> str:
    """The characters a legacy font's bytes arrive as (the same path as an Excel cell)."""
    return content.decode("latin-1").translate(_C1_AS_CP1252)


def _read(content: bytes, encoding: str) -> str:
    """The content read in one single-byte encoding (NFC); UnicodeDecodeError if it cannot be."""
    if encoding == "windows-1258":
        return unicodedata.normalize("NFC", content.decode("cp1258"))
    return _CONVERTERS[encoding](_as_font_characters(content))


def _scores(sample: bytes) -> dict[str, _Score]:
    """How well the sample reads in each single-byte encoding that can read it at all."""
    scores = {}
    for encoding in ("windows-1258", *LEGACY):
        try:
            scores[encoding] = _score(_read(sample, encoding))
        except UnicodeDecodeError:  # Windows-1258 leaves a few bytes undefined
            continue
    return scores


def _sample(content: bytes) -> bytes:
    """The first lines that hold a non-ASCII byte: where the encodings differ."""
    lines = _NON_ASCII_LINE.finditer(content.decode("latin-1"))
    return "\n".join(m.group() for _, m in zip(range(SAMPLE_LINES), lines, strict=False)).encode("latin-1")


def decode_text(content: bytes) -> Decoded:
    """Decode a text file: UTF-8 (BOM or not) or UTF-16 (BOM), else the best-reading legacy encoding.

    Raises :class:`LegacyEncodingError` when no single-byte reading gives mostly Vietnamese words.
    Equal readings prefer Windows-1258, then TCVN3, then VNI.
    """
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(unicodedata.normalize("NFC", content.decode("utf-16")), "utf-16")
    try:
        return Decoded(unicodedata.normalize("NFC", content.decode("utf-8-sig")), "utf-8")
    except UnicodeDecodeError:
        pass
    scores = _scores(_sample(content))
    best = max(scores, key=lambda encoding: (scores[encoding].net, scores[encoding].valid))
    if not scores[best].convincing():
        raise LegacyEncodingError
    try:
        return Decoded(_read(content, best), best)
    except UnicodeDecodeError:  # an undefined Windows-1258 byte beyond the sampled lines
        raise LegacyEncodingError from None
