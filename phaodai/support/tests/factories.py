"""Support rows for tests, made through the services; F0/F1 through the cases and quarantine services."""

import datetime as dt
from typing import Any

from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import OrganisationFactory, UserFactory
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit
from phaodai.support import services
from phaodai.support.checks import EntryInput
from phaodai.support.models import BeneficiaryList, Programme
from phaodai.support.reference import ListStatus

D = dt.date
PERIOD = (D(2021, 11, 1), D(2021, 11, 30))


def programme(code: str) -> Programme:
    return Programme.objects.get(code=code)


def labour_user(unit: AdminUnit, username: str) -> Any:
    organisation = OrganisationFactory(unit=unit, kind=OrganisationKind.LABOUR, name=f"LĐTBXH {username}")
    return UserFactory(username=username, role=Role.LABOUR_SOCIAL, organisation=organisation)


def make_list(commune: AdminUnit, code: str = "NQ68-F1-TIEN-AN", *, actor: Any = None) -> BeneficiaryList:
    return services.list_create(
        actor=actor,
        jurisdiction=Jurisdiction.of([commune.path]),
        programme=programme(code),
        unit=commune,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
    )


def add(blist: BeneficiaryList, person: Any = None, **fields: Any) -> Any:
    return services.entry_add(actor=None, blist=blist, data=EntryInput(person=person, **fields))


def approve(blist: BeneficiaryList, tree: Any) -> BeneficiaryList:
    """Walk the list commune → district → province."""
    for to_status, unit in (
        (ListStatus.SUBMITTED, blist.unit),
        (ListStatus.DISTRICT_APPROVED, tree.district),
        (ListStatus.APPROVED, tree.province),
    ):
        blist = services.list_transition(
            actor=None, jurisdiction=Jurisdiction.of([unit.path]), blist=blist, to_status=to_status
        )
    return blist


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    """A real one-sheet .xlsx (Office Open XML, inline strings), written by hand: no writer library is
    installed, and the importer must read what Excel saves."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    def cell(value: Any) -> str:
        if isinstance(value, int | float):
            return f"<c><v>{value}</v></c>"
        return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'

    sheet_rows = "".join(f"<row>{''.join(cell(v) for v in row)}</row>" for row in rows)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    types = "http://schemas.openxmlformats.org/package/2006/content-types"
    office = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    files = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{types}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'  # noqa: E501
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{office}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{office}.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="Danh sach" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}">'
            f"<sheetData>{sheet_rows}</sheetData></worksheet>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()
