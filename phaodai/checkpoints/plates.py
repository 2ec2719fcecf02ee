"""Vietnamese licence plates: one stored form, and a clear message when a plate cannot be one.

Cars: province code, series letter(s), then 4 digits or 5 written ``123.45`` (``29A-123.45``,
``51LD-123.45``, older ``30E-1234``). Motorbikes: province code, a letter and a digit or letter, then 4
or 5 digits (``29-B1 123.45``). Spaces, dots, dashes and case are free on input.
"""

import re

from django.utils.translation import gettext as _

_SEPARATORS = re.compile(r"[\s.\-_]+")
_CAR = re.compile(r"^(\d{2})([A-Z]{1,2})(\d{4,5})$")
_MOTORBIKE = re.compile(r"^(\d{2})([A-Z][A-Z0-9])(\d{4,5})$")
# Written with the series set apart ("25-M1 1234"), a plate is a motorbike's even where the compact form
# could read as a car's ("25M-112.34").
_MOTORBIKE_SPACED = re.compile(r"^(\d{2})\s*-?\s*([A-Z]\d)[\s.\-]+(\d{3}\.?\d{2}|\d{4})$")


def _digits(number: str) -> str:
    return f"{number[:3]}.{number[3:]}" if len(number) == 5 else number


def normalise_plate(value: str) -> str:
    """``"29a 12345"`` -> ``"29A-123.45"``; ``"29b1-12345"`` -> ``"29-B1 123.45"``. Raises ValueError."""
    compact = _SEPARATORS.sub("", (value or "").upper().replace("Đ", "D"))
    if not compact:
        return ""
    spaced = _MOTORBIKE_SPACED.match((value or "").strip().upper())
    if spaced and int(spaced[1]) >= 10:
        return f"{spaced[1]}-{spaced[2]} {_digits(spaced[3].replace('.', ''))}"
    if (car := _CAR.match(compact)) and int(car[1]) >= 10:
        return f"{car[1]}{car[2]}-{_digits(car[3])}"
    if (bike := _MOTORBIKE.match(compact)) and int(bike[1]) >= 10:
        return f"{bike[1]}-{bike[2]} {_digits(bike[3])}"
    raise ValueError(
        _(
            "Biển số «%(plate)s» không đúng dạng biển số Việt Nam (ô tô: 29A-123.45 hoặc 30E-1234; "
            "xe máy: 29-B1 123.45)."
        )
        % {"plate": value.strip()}
    )
