"""Writes for units, villages and population."""

import csv
import io
import os
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from phaodai.core import audit, clock, jobs
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import fold, is_digits, nfc
from phaodai.geo.catalogue import official_units
from phaodai.geo.models import AdminUnit, AgeBand, Deployment, Population, PopulationImport, UnitLevel


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
    numbers = [int(code[1:]) for code in taken if code[:1] == "T" and is_digits(code[1:])]
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
POPULATION_CSV_HEADERS = ("Mã đơn vị", "Năm", "Nhóm tuổi", "Số người")  # as the importer reads them
_POPULATION_HEADERS = {"ma don vi": "code", "nam": "year", "nhom tuoi": "band", "so nguoi": "count"}


def _population_row(
    line: int, row: dict[str, str], units: dict[str, AdminUnit], jurisdiction: Jurisdiction | None
) -> tuple[Any, list[str]]:
    # Column names stay as the file's headers (which are Vietnamese) so the user can find them.
    errors = []
    unit = units.get((row.get("code") or "").strip())
    if unit is None:
        errors.append(
            _("Dòng %(line)s, cột «%(column)s»: không có đơn vị mã «%(value)s» trên bản đồ đang dùng.")
            % {"line": line, "column": "Mã đơn vị", "value": row.get("code", "")}
        )
    elif jurisdiction is not None and not jurisdiction.contains(unit.path):
        # Unit codes are public (the official catalogue): saying "not yours" hides nothing.
        errors.append(
            _("Dòng %(line)s, cột «%(column)s»: đơn vị mã «%(value)s» không thuộc địa bàn bạn quản lý.")
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
    if not (is_digits(year) and 1990 <= int(year) <= 2100):
        errors.append(
            _("Dòng %(line)s, cột «%(column)s»: «%(value)s» không phải năm hợp lệ.")
            % {"line": line, "column": "Năm", "value": year}
        )
    if not is_digits(count) or int(count) > POPULATION_MAX:
        errors.append(
            _("Dòng %(line)s, cột «%(column)s»: «%(value)s» không phải số nguyên không âm.")
            % {"line": line, "column": "Số người", "value": row.get("count", "")}
        )
    if errors:
        return None, errors
    return (unit, int(year), band, int(count)), []


@transaction.atomic
def population_import_csv(*, actor: Any, content: bytes, jurisdiction: Jurisdiction | None = None) -> int:
    """Import population by unit and age band from CSV (columns Mã đơn vị, Năm, Nhóm tuổi, Số người,
    accented or not, any order). All rows are checked first; any error refuses the whole file.

    With a ``jurisdiction``, a row on a unit outside it is an error; without one (the command run by
    an operator) every unit of the map is allowed.
    """
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
        value, row_errors = _population_row(line, row, units, jurisdiction)
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


POPULATION_IMPORT_MAX_BYTES = 5 * 1024 * 1024
_UPLOAD_UNIT_LEVELS = (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE)


def _upload_unit(*, jurisdiction: Jurisdiction, unit: AdminUnit | None) -> AdminUnit:
    """The unit an upload is for: the one given (inside the jurisdiction), else the jurisdiction's only
    top unit; a jurisdiction of several units has to say which."""
    if unit is not None:
        if (
            unit.level not in _UPLOAD_UNIT_LEVELS
            or unit.unit_map != deployment_map()
            or not jurisdiction.contains(unit.path)
        ):
            raise DomainError(_("Đơn vị này không thuộc địa bàn bạn quản lý."), field="unit")
        return unit
    tops = list(AdminUnit.objects.filter(unit_map=deployment_map(), path__in=jurisdiction.prefixes)[:2])
    if not tops:
        raise DomainError(_("Bạn không có địa bàn nào để nhập dân số."), field="unit")
    if len(tops) > 1:
        raise DomainError(_("Hãy chọn địa bàn của tệp."), field="unit")
    return tops[0]


def _read_upload(file: UploadedFile[bytes] | None) -> tuple[str, bytes]:
    """The file's name and bytes, refused before anything is saved when missing, empty or too large."""
    if file is None:
        raise DomainError(_("Hãy chọn tệp CSV để tải lên."), field="file")
    too_large = DomainError(
        _("Tệp lớn hơn %(max)s MB: hãy chia thành nhiều tệp nhỏ hơn.")
        % {"max": POPULATION_IMPORT_MAX_BYTES // (1024 * 1024)},
        field="file",
    )
    if (file.size or 0) > POPULATION_IMPORT_MAX_BYTES:
        raise too_large
    content = file.read(POPULATION_IMPORT_MAX_BYTES + 1)  # whatever size the caller claims
    if len(content) > POPULATION_IMPORT_MAX_BYTES:
        raise too_large
    if not content:
        raise DomainError(_("Tệp đã chọn không có dữ liệu."), field="file")
    return nfc(os.path.basename(file.name or ""))[:255], content


@transaction.atomic
def population_import_start(
    *, actor: Any, jurisdiction: Jurisdiction, file: UploadedFile[bytes] | None, unit: AdminUnit | None = None
) -> PopulationImport:
    """Keep an uploaded population CSV and queue its import (``geo.jobs.population_import_run``).

    Only the size and the place are checked here; the job checks the rows, as the command does, so
    the person can leave the page while it runs and read the outcome later. The import row itself
    records who uploaded what and when; the audit event is written when population changes.
    """
    from phaodai.geo.jobs import population_import_run  # the job module imports these services

    place = _upload_unit(jurisdiction=jurisdiction, unit=unit)
    file_name, content = _read_upload(file)
    upload = PopulationImport.objects.create(
        unit=place,
        unit_path=place.path,
        file_name=file_name,
        size=len(content),
        content=content,
        language=translation.get_language() or "",
        created_by=actor,
        created_at=clock.now(),
    )
    jobs.enqueue_on_commit(population_import_run, upload.pk)
    return upload


def ensure_deployment(*, unit_map: str) -> Deployment:
    deployment, _created = Deployment.objects.get_or_create(pk=1, defaults={"unit_map": unit_map})
    return deployment
