"""Reading a commune's list from a spreadsheet (.xlsx, .xls, .ods with python-calamine, or .csv).

Headers are Vietnamese, matched without diacritics or case; CCCD numbers are read as text (a number
cell loses its leading zero, so it is put back to 12 or 9 digits). Returns (row number, EntryInput)
for the service, which checks every row before saving any; problems of reading are per-row too.
"""

import csv
import io
from typing import Any

from django.utils.translation import gettext as _

from phaodai.core.errors import DomainError, FieldErrors
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import fold
from phaodai.people.models import Person
from phaodai.people.selectors import person_list
from phaodai.support.checks import EntryInput
from phaodai.support.models import BeneficiaryList

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
HEADERS = {
    "ho va ten": "full_name",
    "ho ten": "full_name",
    "so cccd": "national_id",
    "cccd": "national_id",
    "so cccd/cmnd": "national_id",
    "cccd/cmnd": "national_id",
    "nam sinh": "birth_year",
    "so ngay": "days",
    "so tien": "amount",
    "ghi chu": "note",
}
REQUIRED = ("full_name",)


def _cells(file_name: str, content: bytes) -> list[list[Any]]:
    if file_name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
            return [list(row) for row in csv.reader(io.StringIO(text))]
        except (UnicodeDecodeError, csv.Error) as exc:
            raise DomainError(
                _("Không đọc được tệp CSV: tệp phải được lưu với mã UTF-8."), field="file"
            ) from exc
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return [list(row) for row in workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)]
    except Exception as exc:  # calamine raises its own errors for any unreadable file
        raise DomainError(_("Không đọc được tệp: cần tệp Excel (.xlsx) hoặc CSV."), field="file") from exc


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""


def _whole(value: Any, label: str, number: int, errors: FieldErrors) -> int | None:
    text = _text(value).replace(".", "").replace(",", "").replace(" ", "")
    if not text:
        return None
    if not text.isdigit():
        errors.add(
            f"row_{number}", _("Dòng %(n)s: %(label)s phải là số nguyên.") % {"n": number, "label": label}
        )
        return None
    return int(text)


def _national_id(value: Any) -> str:
    digits = _text(value)
    if digits.isdigit() and len(digits) in (8, 10, 11):  # a spreadsheet dropped the leading zero(s)
        digits = digits.zfill(9 if len(digits) == 8 else 12)
    return digits


def person_for_row(
    *, blist: BeneficiaryList, national_id: str, full_name: str, birth_year: int | None
) -> Person | None:
    """The registry person a row names in the list's commune: by CCCD, else by folded name and birth
    year when exactly one person matches."""
    people = person_list(jurisdiction=Jurisdiction.of([blist.unit_path]))
    if national_id:
        return people.filter(national_id=national_id).first()
    if full_name and birth_year:
        found = list(people.filter(name_folded=fold(full_name), birth_year=birth_year)[:2])
        return found[0] if len(found) == 1 else None
    return None


def read_rows(*, blist: BeneficiaryList, file_name: str, content: bytes) -> list[tuple[int, EntryInput]]:
    if len(content) > MAX_BYTES:
        raise DomainError(_("Tệp quá 5 MB."), field="file")
    cells = _cells(file_name, content)
    if not cells:
        raise DomainError(_("Tệp trống."), field="file")
    columns = {index: HEADERS.get(fold(_text(title))) for index, title in enumerate(cells[0])}
    missing = [name for name in REQUIRED if name not in columns.values()]
    if missing:
        raise DomainError(_("Thiếu cột «Họ và tên» ở dòng tiêu đề."), field="file")
    if len(cells) - 1 > MAX_ROWS:
        raise DomainError(_("Tệp quá %(n)s dòng.") % {"n": MAX_ROWS}, field="file")
    errors, rows = FieldErrors(), []
    for number, raw in enumerate(cells[1:], start=2):
        values = {name: raw[i] if i < len(raw) else None for i, name in columns.items() if name}
        if not any(_text(v) for v in values.values()):
            continue
        data = EntryInput(
            full_name=_text(values.get("full_name")),
            national_id=_national_id(values.get("national_id")),
            birth_year=_whole(values.get("birth_year"), _("Năm sinh"), number, errors),
            days=_whole(values.get("days"), _("Số ngày"), number, errors),
            amount=_whole(values.get("amount"), _("Số tiền"), number, errors),
            note=_text(values.get("note")),
        )
        data.person = person_for_row(
            blist=blist, national_id=data.national_id, full_name=data.full_name, birth_year=data.birth_year
        )
        rows.append((number, data))
    errors.raise_any()
    return rows
