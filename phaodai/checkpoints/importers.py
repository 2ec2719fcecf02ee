"""Lists of arrivals another province sends (.xlsx or .csv, Vietnamese headers), imported whole or not at
all: every row is checked first, and one bad row refuses the file with the row and field named.

Each row whose origin is an outbreak zone on its arrival day becomes a follow-up for its destination
commune, exactly as a passage at a checkpoint would; rows from elsewhere are counted and left out.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from phaodai.checkpoints import rulesets
from phaodai.checkpoints.models import ArrivalImport, FollowUp
from phaodai.checkpoints.services import follow_up_fields
from phaodai.checkpoints.zones import zone_of
from phaodai.core import audit, clock, rules
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import fold, nfc
from phaodai.geo.models import AdminUnit
from phaodai.geo.services import deployment_map
from phaodai.people.identity import clean_national_id, normalise_phone

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
# Folded header -> field. Several spellings the provinces' lists use.
HEADERS = {
    "ho va ten": "full_name",
    "ho ten": "full_name",
    "so cccd/cmnd": "national_id",
    "cccd/cmnd": "national_id",
    "so cccd": "national_id",
    "cccd": "national_id",
    "so dien thoai": "phone",
    "dien thoai": "phone",
    "noi di (ma don vi)": "origin",
    "ma noi di": "origin",
    "noi di": "origin",
    "noi den (ma xa)": "destination",
    "ma noi den": "destination",
    "noi den": "destination",
    "ngay den": "arrived_on",
}
REQUIRED = ("full_name", "origin", "destination", "arrived_on")
LABELS = {
    "full_name": "Họ và tên",
    "national_id": "Số CCCD/CMND",
    "phone": "Số điện thoại",
    "origin": "Nơi đi (mã đơn vị)",
    "destination": "Nơi đến (mã xã)",
    "arrived_on": "Ngày đến",
}


@dataclass
class ImportReport:
    batch: ArrivalImport
    follow_ups: int
    outside_zones: int


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value if value is not None else "")).strip()


def read_table(file_name: str, content: bytes) -> list[list[Any]]:
    if file_name.lower().endswith((".xlsx", ".xls", ".ods")):
        try:
            return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
        except Exception as exc:  # calamine raises its own error types for a damaged file
            raise DomainError(
                _("Không đọc được tệp Excel (tệp hỏng hoặc không phải .xlsx)."), field="file"
            ) from exc
    if file_name.lower().endswith(".csv"):
        try:
            return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        except UnicodeDecodeError as exc:
            raise DomainError(_("Tệp CSV phải mã hoá UTF-8."), field="file") from exc
    raise DomainError(_("Chỉ nhận tệp .xlsx hoặc .csv."), field="file")


def _columns(header: list[Any]) -> dict[str, int]:
    columns = {HEADERS[key]: i for i, cell in enumerate(header) if (key := fold(_text(cell))) in HEADERS}
    missing = [LABELS[name] for name in REQUIRED if name not in columns]
    if missing:
        raise DomainError(
            _("Tệp thiếu cột: %(columns)s (dòng đầu là tên cột).") % {"columns": ", ".join(missing)},
            field="file",
        )
    return columns


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(_text(value), pattern).date()
        except ValueError:
            continue
    raise ValueError(_("Ngày đến «%(value)s» không đúng dạng ngày/tháng/năm.") % {"value": _text(value)})


class _Rows:
    def __init__(self, jurisdiction: Jurisdiction) -> None:
        self.jurisdiction = jurisdiction
        self.units = {u.code: u for u in AdminUnit.objects.filter(unit_map=deployment_map()).exclude(level=4)}
        self.errors: list[str] = []

    def _unit(self, code: str, label: str) -> AdminUnit:
        unit = self.units.get(code.zfill(5) if len(code) == 4 else code)
        if unit is None:
            raise ValueError(
                _("%(label)s: không có đơn vị mã «%(code)s» trên bản đồ hành chính đang dùng.")
                % {"label": label, "code": code}
            )
        return unit

    def parse(self, number: int, cells: dict[str, Any]) -> dict[str, Any] | None:
        row: dict[str, Any] = {}
        problems = []
        for name, convert in (
            ("full_name", lambda v: _full_name(_text(v))),
            ("national_id", lambda v: _national_id(_text(v))),
            ("phone", lambda v: normalise_phone(_text(v))),
            ("origin", lambda v: self._unit(_text(v), LABELS["origin"])),
            ("destination", lambda v: self._destination(_text(v))),
            ("arrived_on", _date),
        ):
            try:
                row[name] = convert(cells.get(name))
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            self.errors.append(
                _("Dòng %(row)s: %(problems)s") % {"row": number, "problems": " ".join(problems)}
            )
            return None
        if row["arrived_on"] > clock.today():
            self.errors.append(_("Dòng %(row)s: ngày đến ở tương lai.") % {"row": number})
            return None
        return row

    def _destination(self, code: str) -> AdminUnit:
        unit = self._unit(code, LABELS["destination"])
        if not self.jurisdiction.contains(unit.path):
            raise ValueError(_("Nơi đến «%(name)s» không thuộc địa bàn bạn quản lý.") % {"name": unit.name})
        return unit


def _raise(message: str) -> str:
    raise ValueError(message)


MAX_NAME = 120  # FollowUp.full_name


def _full_name(value: str) -> str:
    name = " ".join(value.split()) or _raise(_("Họ và tên là bắt buộc."))
    if len(name) > MAX_NAME:
        _raise(_("Họ và tên dài quá %(n)s ký tự.") % {"n": MAX_NAME})
    return name


def _national_id(value: str) -> str:
    if len(value) == 11 and value.isdigit():
        raise ValueError(
            _("Số CCCD có 11 chữ số: có thể Excel đã bỏ số 0 đầu, hãy để cột CCCD ở dạng văn bản.")
        )
    return clean_national_id(value)


@transaction.atomic
def arrivals_import(
    *, actor: Any, jurisdiction: Jurisdiction, unit: AdminUnit, file_name: str, content: bytes, source: str
) -> ImportReport:
    """Import a list of arrivals for the communes of ``unit`` (inside the caller's jurisdiction)."""
    if not jurisdiction.contains(unit.path):
        raise DomainError(_("Đơn vị nhận danh sách không thuộc địa bàn bạn quản lý."), field="unit")
    if len(content) > MAX_BYTES:
        raise DomainError(_("Tệp quá lớn (tối đa 5 MB)."), field="file")
    if not source.strip():
        raise DomainError(_("Ghi nơi gửi danh sách (tỉnh, cơ quan)."), field="source")
    table = [row for row in read_table(file_name, content) if any(_text(cell) for cell in row)]
    if len(table) < 2:
        raise DomainError(_("Tệp không có dòng dữ liệu nào."), field="file")
    if len(table) - 1 > MAX_ROWS:
        raise DomainError(_("Tối đa %(n)s dòng mỗi tệp.") % {"n": MAX_ROWS}, field="file")
    columns = _columns(table[0])
    rows = _Rows(Jurisdiction.of([unit.path]))  # unit is inside the jurisdiction (checked above)
    parsed = [
        rows.parse(number, {name: line[i] if i < len(line) else "" for name, i in columns.items()})
        for number, line in enumerate(table[1:], start=2)
    ]
    if rows.errors:
        raise DomainError(rows.errors[0], errors={"file": rows.errors[:50]})
    batch = ArrivalImport.objects.create(
        unit=unit,
        unit_path=unit.path,
        file_name=file_name[:255],
        source=source.strip()[:200],
        row_count=len(parsed),
        created_at=clock.now(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    follow_ups = []
    for number, row in enumerate(parsed, start=2):
        assert row is not None
        zone = zone_of(row["origin"].path, on=row["arrived_on"])
        if zone is None:
            continue
        try:
            version = rules.in_force(
                rulesets.ARRIVAL_FOLLOW_UP, on=row["arrived_on"], unit_path=row["destination"].path
            )
        except DomainError as error:  # no follow-up rule yet on that day: say which row
            message = _("Dòng %(row)s: %(problems)s") % {"row": number, "problems": error.message}
            raise DomainError(message, field="file") from error
        plan = version.params["levels"].get(str(zone.level))
        if plan is None:
            continue
        follow_ups.append(
            FollowUp(
                unit=row["destination"],
                unit_path=row["destination"].path,
                source=batch,
                full_name=row["full_name"],
                national_id=row["national_id"],
                phone=row["phone"],
                origin=row["origin"],
                zone_level=zone.level,
                arrived_on=row["arrived_on"],
                rules=version,
                created_at=clock.now(),
                **follow_up_fields(plan=plan, arrived_on=row["arrived_on"]),
            )
        )
    FollowUp.objects.bulk_create(follow_ups)
    audit.record(
        actor=actor,
        action=AuditAction.BULK_LOAD,
        instance=batch,
        row_count=len(parsed),
        summary=_("Nhập danh sách người đến từ %(source)s: %(n)s người cần theo dõi")
        % {"source": batch.source, "n": len(follow_ups)},
    )
    return ImportReport(batch=batch, follow_ups=len(follow_ups), outside_zones=len(parsed) - len(follow_ups))
