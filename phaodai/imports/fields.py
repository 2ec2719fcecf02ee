"""The columns an import understands: for each kind, its fields, their Vietnamese titles and the other
titles people give them, and how a cell becomes the staging row's typed values.

Headers are matched folded (no diacritics, no case, no punctuation: ``core.cellvalues.header_key``), so
"Họ và tên", "HO VA TEN" and "ho_va_ten" are one column. A parser gets the cell and the batch's lookups and
returns the staging columns it fills, or raises ``CellError`` with the reason; the caller names the column.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.core.cellvalues import CellError, clean_text, text_id
from phaodai.core.text import fold
from phaodai.imports.lookups import Lookups
from phaodai.people.identity import clean_national_id, normalise_phone

Values = dict[str, Any]
Parser = Callable[[Any, Lookups], Values]
NAME_MAX = 120


@dataclass(frozen=True)
class Field:
    key: str
    title: Any  # lazy translation
    aliases: tuple[str, ...]
    parse: Parser
    required: bool = False


def _full_name(value: Any, _lookups: Lookups) -> Values:
    name = clean_text(value)
    if len(name) > NAME_MAX:
        raise CellError(_("Họ tên dài quá %(max)s ký tự.") % {"max": NAME_MAX})
    return {"full_name": name, "name_folded": fold(name)}


def _birth(value: Any, lookups: Lookups) -> Values:
    day = lookups.day(value)
    if (
        day.year < 1900
        or day.year > lookups.today.year
        or (day.date is not None and day.date > lookups.today)
    ):
        raise CellError(_("Ngày sinh phải từ năm 1900 đến hôm nay."))
    return {"birth_year": day.year, "birth_date": day.date}


_SEXES = {"nam": "M", "m": "M", "male": "M", "trai": "M", "nu": "F", "f": "F", "female": "F", "gai": "F"}


@lru_cache(maxsize=256)
def _sex_code(text: str) -> str | None:
    return _SEXES.get(fold(text))


def _sex(value: Any, _lookups: Lookups) -> Values:
    sex = _sex_code(clean_text(value))
    if sex is None:
        raise CellError(_("Giới tính ghi «Nam» hoặc «Nữ»."))
    return {"sex": sex}


def _national_id(value: Any, _lookups: Lookups) -> Values:
    try:
        return {"national_id": clean_national_id(text_id(value))}
    except ValueError as error:
        raise CellError(str(error)) from error


def _phone(value: Any, _lookups: Lookups) -> Values:
    try:
        return {"phone": normalise_phone(text_id(value))}
    except ValueError as error:
        raise CellError(str(error)) from error


def _address(value: Any, _lookups: Lookups) -> Values:
    return {"address": clean_text(value)[:255]}


def _unit_code(value: Any, lookups: Lookups) -> Values:
    unit = lookups.unit_by_code(text_id(value))
    return {"unit_id": unit.pk, "place_path": unit.path}


def _unit_name(value: Any, lookups: Lookups) -> Values:
    unit = lookups.unit_by_name(clean_text(value))
    return {"unit_id": unit.pk, "place_path": unit.path}


PERSON_FIELDS = (
    Field("full_name", gettext_lazy("Họ và tên"), ("ho va ten", "ho ten", "ten", "ho ten nguoi duoc tiem"),
          _full_name, required=True),
    Field("birth", gettext_lazy("Ngày sinh"), ("ngay sinh", "ngay thang nam sinh", "nam sinh", "sinh ngay"),
          _birth, required=True),
    Field("sex", gettext_lazy("Giới tính"), ("gioi tinh", "gioi", "nam nu"), _sex, required=True),
    Field("national_id", gettext_lazy("Số CCCD/CMND"),
          ("so cccd", "cccd", "so cccd cmnd", "cccd cmnd", "cmnd", "so cmnd", "so dinh danh",
           "so dinh danh ca nhan", "ma dinh danh"), _national_id),
    Field("phone", gettext_lazy("Số điện thoại"), ("so dien thoai", "dien thoai", "sdt", "so dt", "dt"),
          _phone),
    Field("unit_code", gettext_lazy("Mã xã/phường"), ("ma xa", "ma xa phuong", "ma don vi", "ma dvhc"),
          _unit_code),
    Field("unit_name", gettext_lazy("Xã/phường"),
          ("xa phuong", "xa", "phuong", "xa phuong thi tran", "don vi", "ten xa"), _unit_name),
)  # fmt: skip
ADDRESS = Field("address", gettext_lazy("Địa chỉ"), ("dia chi", "noi o", "dia chi noi o", "cho o hien tai"),
                _address)  # fmt: skip
# Every kind names its person: without these a row is refused naming the missing column.
PERSON_REQUIRED = (("full_name", "full_name"), ("birth_year", "birth"), ("sex", "sex"))
