"""National ID (CCCD / CMND) and phone number rules."""

import re
from functools import cache

from django.utils.translation import gettext as _
from vietnam_provinces import legacy

_NON_DIGIT = re.compile(r"\D")
# 4th digit of a CCCD: sex and century of birth (0/1: 1900s, 2/3: 2000s, ...; even = male).
_CENTURY_START = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 1800, 9: 1800}


@cache
def _province_codes() -> frozenset[str]:
    """CCCD numbers carry the pre-2025 province code of the place of birth registration."""
    return frozenset(f"{int(p.code):03d}" for p in legacy.Province.iter_all())


def clean_national_id(value: str) -> str:
    """Digits only; 12 (CCCD) or 9 (CMND). Raises ValueError with the reason, translated."""
    digits = _NON_DIGIT.sub("", value or "")
    if value and value.strip() and len(digits) != len(value.strip().replace(" ", "")):
        raise ValueError(_("Số CCCD/CMND chỉ gồm chữ số."))
    if digits and len(digits) not in (9, 12):
        raise ValueError(
            _("Số CCCD phải có 12 chữ số (CMND cũ: 9 chữ số); số đã nhập có %(count)s chữ số.")
            % {"count": len(digits)}
        )
    return digits


def national_id_warnings(national_id: str, *, sex: str, birth_year: int) -> list[str]:
    """Mismatches between a 12-digit CCCD and the record: warnings, because records are often wrong too."""
    if len(national_id) != 12:
        return []
    warnings = []
    if national_id[:3] not in _province_codes():
        warnings.append(
            _("Ba số đầu CCCD (%(prefix)s) không phải mã tỉnh nào.") % {"prefix": national_id[:3]}
        )
    gender_digit, year_digits = int(national_id[3]), int(national_id[4:6])
    if (gender_digit % 2 == 0) != (sex == "M"):
        warnings.append(_("Chữ số thứ 4 của CCCD không khớp giới tính đã nhập."))
    id_year = _CENTURY_START[gender_digit] + year_digits
    if id_year != birth_year:
        warnings.append(
            _("CCCD cho năm sinh %(id_year)s, khác năm sinh đã nhập (%(birth_year)s).")
            % {"id_year": id_year, "birth_year": birth_year}
        )
    return warnings


def normalise_phone(value: str) -> str:
    """One stored form: national format with the leading 0 (``0912345678``).

    Accepts +84 / 84 prefixes, spaces, dots and dashes, and a number whose leading 0 a spreadsheet
    dropped. Raises ValueError with the reason, translated.
    """
    digits = _NON_DIGIT.sub("", value or "")
    if not digits:
        return ""
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif not digits.startswith("0") and len(digits) in (9, 10):
        digits = "0" + digits
    if not re.fullmatch(r"0\d{9,10}", digits):
        raise ValueError(_("Số điện thoại phải có 10 chữ số bắt đầu bằng 0 (hoặc +84)."))
    return digits
