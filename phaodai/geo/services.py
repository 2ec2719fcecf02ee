"""Writes for units, villages and population."""

import csv
import io
import os
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.core import audit
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction
from phaodai.core.text import fold, nfc
from phaodai.geo.catalogue import official_units
from phaodai.geo.models import AdminUnit, AgeBand, Deployment, Population, UnitLevel


def child_path(parent: AdminUnit | None, unit_map: str, code: str) -> str:
    return f"{parent.path if parent else unit_map + '/'}{code}/"


@transaction.atomic
def units_load(*, unit_map: str) -> int:
    """Load one map's official units; units already present are left alone. Returns how many were added."""
    known: dict[str, AdminUnit] = {
        u.code: u for u in AdminUnit.objects.filter(unit_map=unit_map).exclude(level=4)
    }
    added = 0
    for level in (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE):
        new_units = []
        for official in official_units(unit_map):
            if official.level != level or official.code in known:
                continue
            parent = known[official.parent_code] if official.parent_code else None
            new_units.append(
                AdminUnit(
                    unit_map=unit_map,
                    level=level,
                    code=official.code,
                    name=official.name,
                    division_type=official.division_type,
                    parent=parent,
                    path=child_path(parent, unit_map, official.code),
                )
            )
        for unit in AdminUnit.objects.bulk_create(new_units, batch_size=2000):
            known[unit.code] = unit
        added += len(new_units)
    return added


def deployment_map() -> str:
    """The map this deployment runs on; a fresh deployment takes ``PHAODAI_DEFAULT_MAP``."""
    from django.conf import settings

    deployment = Deployment.objects.filter(pk=1).first()
    return deployment.unit_map if deployment else settings.PHAODAI_DEFAULT_MAP


VILLAGE_NAME_MAX = AdminUnit._meta.get_field("name").max_length or 120


def _next_village_code(taken: Any) -> str:
    """``T001``, ``T002``… past the highest number in use (villages moved in keep their own codes)."""
    numbers = [int(code[1:]) for code in taken if code[:1] == "T" and code[1:].isdigit()]
    return f"T{max(numbers, default=0) + 1:03d}"


@transaction.atomic
def village_create(*, actor: Any, commune: AdminUnit, name: str, code: str = "") -> AdminUnit:
    """Add a village / residential group (thôn, bản, tổ dân phố) under a commune."""
    if commune.level != UnitLevel.COMMUNE:
        raise DomainError(_("Thôn/bản/tổ dân phố phải thuộc một xã/phường/thị trấn."), field="commune")
    name = nfc(name)
    if not name:
        raise DomainError(_("Tên thôn/bản không được để trống."), field="name")
    if len(name) > VILLAGE_NAME_MAX:
        raise DomainError(
            _("Tên thôn/bản dài tối đa %(max)s ký tự.") % {"max": VILLAGE_NAME_MAX}, field="name"
        )
    siblings = AdminUnit.objects.filter(parent=commune, level=UnitLevel.VILLAGE)
    if any(fold(v.name) == fold(name) for v in siblings):
        raise DomainError(_("Xã đã có thôn/bản tên «%(name)s».") % {"name": name}, field="name")
    code = code or _next_village_code(siblings.values_list("code", flat=True))
    village = AdminUnit.objects.create(
        unit_map=commune.unit_map,
        level=UnitLevel.VILLAGE,
        code=code,
        name=name,
        division_type="thôn",
        parent=commune,
        path=child_path(commune, commune.unit_map, code),
    )
    audit.record(
        actor=actor, action=AuditAction.CREATE, instance=village, unit_path=village.path, summary=name
    )
    return village


def _common_path(paths: list[str]) -> str:
    """The deepest unit containing all ``paths`` (where a batch's audit event is placed)."""
    prefix = os.path.commonprefix(paths) if paths else ""  # noqa: RUF071 - cut back to a "/" below
    return prefix[: prefix.rfind("/") + 1]


POPULATION_MAX = 20_000_000  # more than any commune: a typo, not a count
_POPULATION_HEADERS = {"ma don vi": "code", "nam": "year", "nhom tuoi": "band", "so nguoi": "count"}


def _population_row(line: int, row: dict[str, str], units: dict[str, AdminUnit]) -> tuple[Any, list[str]]:
    # Column names stay as the file's headers (which are Vietnamese) so the user can find them.
    errors = []
    unit = units.get((row.get("code") or "").strip())
    if unit is None:
        errors.append(
            _("Dòng %(line)s, cột «%(column)s»: không có đơn vị mã «%(value)s» trên bản đồ đang dùng.")
            % {"line": line, "column": "Mã đơn vị", "value": row.get("code", "")}
        )
    band = (row.get("band") or "").strip().replace(" ", "")
    if band not in AgeBand.values:
        errors.append(
            _("Dòng %(line)s, cột «%(column)s»: «%(value)s» không phải một trong %(choices)s.")
            % {
                "line": line,
                "column": "Nhóm tuổi",
                "value": row.get("band", ""),
                "choices": ", ".join(AgeBand.values),
            }
        )
    year, count = (
        (row.get("year") or "").strip(),
        (row.get("count") or "").strip().replace(".", "").replace(",", ""),
    )
    if not (year.isdigit() and 1990 <= int(year) <= 2100):
        errors.append(
            _("Dòng %(line)s, cột «%(column)s»: «%(value)s» không phải năm hợp lệ.")
            % {"line": line, "column": "Năm", "value": year}
        )
    if not count.isdigit() or int(count) > POPULATION_MAX:
        errors.append(
            _("Dòng %(line)s, cột «%(column)s»: «%(value)s» không phải số nguyên không âm.")
            % {"line": line, "column": "Số người", "value": row.get("count", "")}
        )
    if errors:
        return None, errors
    return (unit, int(year), band, int(count)), []


@transaction.atomic
def population_import_csv(*, actor: Any, content: bytes) -> int:
    """Import population by unit and age band from CSV (columns Mã đơn vị, Năm, Nhóm tuổi, Số người,
    accented or not, any order). All rows are checked first; any error refuses the whole file."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(_("Tệp CSV phải được lưu với mã UTF-8."), field="file") from exc
    reader = csv.DictReader(io.StringIO(text))
    headers = {h: _POPULATION_HEADERS.get(fold(h or "").strip()) for h in reader.fieldnames or []}
    missing = set(_POPULATION_HEADERS.values()) - set(headers.values())
    if missing:
        raise DomainError(_("Tệp thiếu cột: Mã đơn vị, Năm, Nhóm tuổi, Số người."), field="file")
    units = {u.code: u for u in AdminUnit.objects.filter(unit_map=deployment_map(), level=UnitLevel.COMMUNE)}
    parsed: list[tuple[Any, ...]] = []
    errors: list[str] = []
    seen: dict[tuple[Any, ...], int] = {}
    for line, raw in enumerate(reader, start=2):
        row = {str(headers[k]): v for k, v in raw.items() if headers.get(k)}
        value, row_errors = _population_row(line, row, units)
        errors.extend(row_errors)
        if value:
            key = value[:3]
            if key in seen:
                errors.append(
                    _("Dòng %(line)s: trùng đơn vị, năm và nhóm tuổi với dòng %(first)s.")
                    % {"line": line, "first": seen[key]}
                )
            seen.setdefault(key, line)
            parsed.append(value)
    if errors:
        raise DomainError(errors[0], errors={"file": errors})
    for unit, year, band, count in parsed:
        Population.objects.update_or_create(
            unit=unit, year=year, band=band, defaults={"count": count, "unit_path": unit.path}
        )
    audit.record(
        actor=actor,
        action=AuditAction.BULK_LOAD,
        entity="geo.population",
        row_count=len(parsed),
        unit_path=_common_path([unit.path for unit, *_rest in parsed]),
        summary=f"Nhập dân số theo nhóm tuổi: {len(parsed)} dòng",
    )
    return len(parsed)


def ensure_deployment(*, unit_map: str) -> Deployment:
    deployment, _created = Deployment.objects.get_or_create(pk=1, defaults={"unit_map": unit_map})
    return deployment
