"""Readiness items, staffing and teams for tests, through the real services."""

import datetime as dt
from typing import Any

from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit
from phaodai.inventory.models import Item, ItemKind
from phaodai.inventory.services import Line, stock_receive
from phaodai.readiness import services
from phaodai.readiness.models import StaffingReport, Supply, SupplyCategory, Team, TeamKind


def supply(category: str, name: str, kind: str = ItemKind.EQUIPMENT, counting_unit: str = "cái") -> Item:
    item = Item.objects.create(
        code=f"{category}-{name}"[:40], name=name, kind=kind, counting_unit=counting_unit, tracks_lots=False
    )
    Supply.objects.create(item=item, category=category)
    return item


def receive(unit: AdminUnit, item: Item, quantity: int, on: dt.date = dt.date(2021, 11, 1)) -> None:
    stock_receive(
        actor=None, jurisdiction=Jurisdiction.of([unit.path]), unit=unit, line=Line(item, None, quantity),
        on=on, source="Sở Y tế cấp",
    )  # fmt: skip


def cylinders() -> Item:
    return supply(SupplyCategory.OXYGEN_CYLINDER, "Bình oxy 40 lít", ItemKind.OXYGEN, "bình")


def spo2() -> Item:
    return supply(SupplyCategory.SPO2_METER, "Máy đo SpO2 kẹp ngón")


def staffing(
    unit: AdminUnit, doctors: int, on: dt.date = dt.date(2021, 11, 10), **counts: Any
) -> StaffingReport:
    return services.staffing_record(
        actor=None, jurisdiction=Jurisdiction.of([unit.path]), unit=unit, reported_on=on, doctors=doctors,
        nurses=counts.pop("nurses", 3), **counts,
    )  # fmt: skip


def team(unit: AdminUnit, kind: str = TeamKind.MOBILE_STATION, name: str = "", **fields: Any) -> Team:
    return services.team_create(
        actor=None, jurisdiction=Jurisdiction.of([unit.path]), kind=kind, name=name or f"Trạm {unit.name}",
        unit=unit, established_on=fields.pop("established_on", dt.date(2021, 10, 1)), **fields,
    )  # fmt: skip
