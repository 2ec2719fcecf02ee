"""Checkpoints, zones and passages for tests, through the real services."""

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone

from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.tests.factories import OrganisationFactory
from phaodai.checkpoints.models import Checkpoint
from phaodai.checkpoints.reference import CheckpointLevel, Decision, Direction, Purpose
from phaodai.checkpoints.services import PassageInput, checkpoint_create, passage_record, zone_create
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit, UnitMap
from phaodai.geo.tests import factories as units


@dataclass
class Places:
    hanoi: AdminUnit
    hanoi_district: AdminUnit
    hanoi_commune: AdminUnit
    dien_bien: AdminUnit


def make_places(tree: Any) -> Places:
    """Hà Nội (an outbreak zone at level 4 from 1/11/2021) and Điện Biên (no zone)."""
    hanoi = units.province("01", "Thành phố Hà Nội")
    district = units.district(hanoi, "001", "Quận Ba Đình")
    commune = units.commune(district, "00001", "Phường Phúc Xá")
    dien_bien = units.province("11", "Tỉnh Điện Biên")
    zone_create(
        actor=None,
        unit=district,
        level=4,
        valid_from=dt.date(2021, 11, 1),
        valid_to=None,
        reason="Thông báo của BCĐ thành phố Hà Nội",
    )
    return Places(hanoi, district, commune, dien_bien)


def make_checkpoint(unit: AdminUnit, *, name: str = "Chốt Ma Lù Thàng", **fields: Any) -> Checkpoint:
    organisation = OrganisationFactory(unit=unit, kind=OrganisationKind.CHECKPOINT, name=f"Tổ chốt {name}")
    defaults: dict[str, Any] = {
        "road": "QL4D km 12",
        "level": CheckpointLevel.BORDER,
        "opened_on": dt.date(2021, 5, 1),
    }
    return checkpoint_create(
        actor=None,
        jurisdiction=Jurisdiction.of([unit.path]),
        name=name,
        unit=unit,
        organisation=organisation,
        **{**defaults, **fields},
    )


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


def record(checkpoint: Checkpoint, **fields: Any) -> Any:
    data: dict[str, Any] = {
        "direction": Direction.IN,
        "purpose": Purpose.GOODS,
        "decision": Decision.PASS,
        "plate": "29A-123.45",
    }
    data.update(fields)
    return passage_record(
        actor=None,
        jurisdiction=Jurisdiction.of([checkpoint.unit_path]),
        data=PassageInput(checkpoint=checkpoint, **data),
    )


def other_map_commune(province_code: str, commune_code: str) -> AdminUnit:
    province = AdminUnit.objects.create(
        unit_map=UnitMap.TWO_TIER,
        level=1,
        code=province_code,
        name=f"Tỉnh {province_code}",
        path=f"N/{province_code}/",
    )
    return AdminUnit.objects.create(
        unit_map=UnitMap.TWO_TIER,
        level=3,
        code=commune_code,
        parent=province,
        name=f"Xã {commune_code}",
        path=f"N/{province_code}/{commune_code}/",
    )


def xlsx(rows: list[list[str]]) -> bytes:
    """A real one-sheet .xlsx (inline strings), without a spreadsheet library."""

    def cell(value: str) -> str:
        return f'<c t="inlineStr"><is><t>{escape(value)}</t></is></c>'

    sheet_rows = "".join(f"<row>{''.join(cell(v) for v in row)}</row>" for row in rows)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006"
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    rels_mime = "application/vnd.openxmlformats-package.relationships+xml"

    def relationships(kind: str, target: str) -> str:
        return (
            f'{head}<Relationships xmlns="{package}/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/{kind}" Target="{target}"/></Relationships>'
        )

    files = {
        "[Content_Types].xml": (
            f'{head}<Types xmlns="{package}/content-types">'
            f'<Default Extension="rels" ContentType="{rels_mime}"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{mime}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{mime}.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": relationships("officeDocument", "xl/workbook.xml"),
        "xl/workbook.xml": (
            f'{head}<workbook xmlns="{ns}" xmlns:r="{rel}">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": relationships("worksheet", "worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml": (
            f'{head}<worksheet xmlns="{ns}"><sheetData>{sheet_rows}</sheetData></worksheet>'
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()
