"""The demo's readiness ("4 tại chỗ"): a staffing report from every commune health station (most with a
doctor, some with a doctor sent by the district, a few with none), mobile medical stations and community
COVID teams with their members, oxygen, equipment, PPE and molnupiravir received by the province and
handed to the district centres, the hospitals' commune and most commune stations, and kits issued to the
teams of the showcase district.

Staffing, teams and members are bulk rows (one audit event per batch); stock moves through the ledger's
services (a bounded number of calls, independent of the population scale), so balances and kits are what
users would have produced. Some communes get no oxygen or no mobile station, so the summary has
shortfalls to show.
"""

import datetime as dt
import random
from dataclasses import dataclass

from phaodai.core import audit, clock
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.demo.context import DemoContext, Village
from phaodai.demo.names import name_style
from phaodai.demo.organisations import showcase_units
from phaodai.geo.models import AdminUnit
from phaodai.inventory.models import Item, ItemKind
from phaodai.inventory.services import Line, lot_register, stock_receive, stock_transfer
from phaodai.readiness.models import StaffingReport, Supply, SupplyCategory, Team, TeamKind, TeamMember
from phaodai.readiness.services import kit_issue

# code, name, kind, counting unit, category, tracks lots
ITEMS = (
    ("O2-BINH-40L", "Bình oxy y tế 40 lít", ItemKind.OXYGEN, "bình", SupplyCategory.OXYGEN_CYLINDER, False),
    ("O2-MAY-10L", "Máy tạo oxy 10L", ItemKind.EQUIPMENT, "máy", SupplyCategory.OXYGEN_CONCENTRATOR, False),
    ("O2-LONG", "Oxy lỏng", ItemKind.OXYGEN, "kg", SupplyCategory.LIQUID_OXYGEN, False),
    ("MAY-THO", "Máy thở xâm nhập", ItemKind.EQUIPMENT, "máy", SupplyCategory.VENTILATOR, False),
    ("SPO2-KEP", "Máy đo SpO2 kẹp ngón tay", ItemKind.EQUIPMENT, "cái", SupplyCategory.SPO2_METER, False),
    ("PPE-BO", "Bộ phòng hộ cá nhân cấp 4", ItemKind.PPE, "bộ", SupplyCategory.PPE, False),
    ("MOLNUPIRAVIR-200", "Molnupiravir 200 mg", ItemKind.DRUG, "liệu trình", SupplyCategory.ANTIVIRAL, True),
)  # fmt: skip
RAPID_TEST_CODE = "RAT-SD-BIOSENSOR"  # the testing step's kit: counted as test kits
# What each district centre receives (concentrators, ventilators, PPE, molnupiravir courses), and the
# hospitals' commune on top (liquid oxygen in kg).
DISTRICT_STOCK = {"O2-MAY-10L": 12, "MAY-THO": 2, "PPE-BO": 600, "MOLNUPIRAVIR-200": 150, "O2-BINH-40L": 0}
HOSPITAL_STOCK = {
    "O2-MAY-10L": 30,
    "MAY-THO": 15,
    "O2-LONG": 2000,
    "MOLNUPIRAVIR-200": 300,
    "O2-BINH-40L": 60,
}
# A stocked commune station: cylinders, SpO2 meters, PPE sets.
COMMUNE_STOCK = {"O2-BINH-40L": 3, "SPO2-KEP": 6, "PPE-BO": 30}
STOCKED_SHARE = 0.75
MOBILE_SHARE = 0.6
TEAM_SHARE = 0.8
POSITIONS = ("Trưởng thôn", "Y tế thôn bản", "Công an viên", "Đoàn thanh niên", "Hội phụ nữ", "Mặt trận")
STATION_POSITIONS = ("Bác sĩ", "Y sĩ", "Điều dưỡng", "Dân quân", "Tình nguyện viên")


@dataclass
class Readiness:
    ctx: DemoContext
    jurisdiction: Jurisdiction
    items: dict[str, Item]


def _items() -> dict[str, Item]:
    items = {}
    for code, name, kind, counting, category, lots in ITEMS:
        item, _created = Item.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "counting_unit": counting, "tracks_lots": lots}
        )
        Supply.objects.get_or_create(item=item, defaults={"category": category})
        items[code] = item
    rapid = Item.objects.filter(code=RAPID_TEST_CODE).first()
    if rapid is not None:
        Supply.objects.get_or_create(item=rapid, defaults={"category": SupplyCategory.TEST_KIT})
    return items


def _staffing(ctx: DemoContext) -> None:
    now, rows = clock.now(), []
    for commune in ctx.communes:
        roll = ctx.rng.random()
        doctors = 0 if roll < 0.15 else ctx.rng.choice((1, 1, 1, 2, 2, 3))
        rotating = 1 if 0.07 <= roll < 0.15 else 0  # no doctor of its own: the district sent one
        rows.append(
            StaffingReport(
                unit=commune, unit_path=commune.path, doctors=doctors, rotating_doctors=rotating,
                nurses=ctx.rng.randint(3, 8), other_staff=ctx.rng.randint(0, 3),
                reported_on=ctx.today - dt.timedelta(days=ctx.rng.randint(1, 20)), created_at=now,
            )
        )  # fmt: skip
    StaffingReport.objects.bulk_create(rows)
    missing = sum(1 for row in rows if not row.doctor_present)
    audit.record(
        actor=ctx.actor, action=AuditAction.BULK_LOAD, entity="readiness.staffingreport",
        unit_path=ctx.province.path, row_count=len(rows),
        summary=f"Demo: nhân lực {len(rows)} trạm y tế xã ({missing} trạm chưa có bác sĩ)",
    )  # fmt: skip
    ctx.counts["staffing_reports"] = len(rows)


def _member_names(rng: random.Random, count: int) -> list[str]:
    style = name_style("kinh")
    return [style.full_name(rng, rng.choice("MF"), style.family_name(rng)) for _ in range(count)]


def _team_rows(ctx: DemoContext, showcase: AdminUnit) -> list[tuple[Team, tuple[str, ...]]]:
    """(team, positions of its members) for the mobile stations and community teams to create."""
    now, start = clock.now(), ctx.today - dt.timedelta(days=90)
    villages: dict[int, list[Village]] = {}
    for village in ctx.villages:
        villages.setdefault(village.commune_index, []).append(village)
    planned: list[tuple[Team, tuple[str, ...]]] = []
    for index, commune in enumerate(ctx.communes):
        established = start + dt.timedelta(days=ctx.rng.randint(0, 60))
        if commune.pk == showcase.pk or ctx.rng.random() < MOBILE_SHARE:
            team = Team(
                kind=TeamKind.MOBILE_STATION, name=f"Trạm y tế lưu động {commune.name}", unit=commune,
                unit_path=commune.path, established_on=established, created_at=now, updated_at=now,
            )  # fmt: skip
            planned.append((team, STATION_POSITIONS))
        if commune.pk != showcase.pk and ctx.rng.random() > TEAM_SHARE:
            continue
        for village in villages.get(index, [])[:3]:
            team = Team(
                kind=TeamKind.COMMUNITY_TEAM, name=f"Tổ COVID cộng đồng {village.address.split(',')[0]}",
                unit_id=village.id, unit_path=village.path, established_on=established, created_at=now,
                updated_at=now,
            )  # fmt: skip
            planned.append((team, POSITIONS[: ctx.rng.randint(4, len(POSITIONS))]))
    return planned


def _teams(ctx: DemoContext, showcase: AdminUnit, district: AdminUnit) -> list[Team]:
    """Creates them all; returns those of the showcase district (the ones given kits)."""
    planned = _team_rows(ctx, showcase)
    teams = Team.objects.bulk_create([team for team, _positions in planned])
    members = [
        TeamMember(
            team=team, full_name=name, position=position, phone=f"09{ctx.rng.randint(10_000_000, 99_999_999)}"
        )
        for team, (_planned, positions) in zip(teams, planned, strict=True)
        for name, position in zip(_member_names(ctx.rng, len(positions)), positions, strict=True)
    ]
    TeamMember.objects.bulk_create(members)
    audit.record(
        actor=ctx.actor, action=AuditAction.BULK_LOAD, entity="readiness.team", unit_path=ctx.province.path,
        row_count=len(teams),
        summary=f"Demo: {len(teams)} trạm y tế lưu động, tổ COVID cộng đồng ({len(members)} thành viên)",
    )  # fmt: skip
    ctx.counts["readiness_teams"] = len(teams)
    return [team for team in teams if team.unit_path.startswith(district.path)]


def _line(state: Readiness, code: str, quantity: int, lot: object = None) -> Line:
    return Line(state.items[code], lot, quantity)  # type: ignore[arg-type]


def _receive(state: Readiness, totals: dict[str, int]) -> object:
    """Everything arrives at the province store; molnupiravir in one lot."""
    ctx, on = state.ctx, state.ctx.today - dt.timedelta(days=30)
    lot = lot_register(
        actor=ctx.actor,
        item=state.items["MOLNUPIRAVIR-200"],
        number="MOL2110A",
        expires_on=ctx.today + dt.timedelta(days=300),
    )
    for code, quantity in totals.items():
        if quantity:
            stock_receive(
                actor=ctx.actor, jurisdiction=state.jurisdiction, unit=ctx.province,
                line=_line(state, code, quantity, lot if code == "MOLNUPIRAVIR-200" else None), on=on,
                source="Bộ Y tế cấp, viện trợ", reference=f"PN-{code}",
            )  # fmt: skip
    return lot


def _hand_down(state: Readiness, target: AdminUnit, plan: dict[str, int], lot: object, on: dt.date) -> None:
    for code, quantity in plan.items():
        if quantity:
            stock_transfer(
                actor=state.ctx.actor, jurisdiction=state.jurisdiction, from_unit=state.ctx.province,
                to_unit=target,
                line=_line(state, code, quantity, lot if code == "MOLNUPIRAVIR-200" else None), on=on,
                reference=f"PX-{target.code}",
            )  # fmt: skip


def _stock(state: Readiness) -> list[AdminUnit]:
    ctx = state.ctx
    stocked = [c for c in ctx.communes if ctx.rng.random() < STOCKED_SHARE]
    totals = {code: 0 for code, *_rest in ITEMS}
    for plan, count in (
        (DISTRICT_STOCK, len(ctx.districts)),
        (HOSPITAL_STOCK, 1),
        (COMMUNE_STOCK, len(stocked)),
    ):
        for code, quantity in plan.items():
            totals[code] += quantity * count
    lot = _receive(state, totals)
    on = ctx.today - dt.timedelta(days=20)
    for district in ctx.districts:
        _hand_down(state, district, DISTRICT_STOCK, lot, on)
    _hand_down(state, ctx.communes[0], HOSPITAL_STOCK, lot, on)  # the provincial hospitals stand there
    for commune in stocked:
        _hand_down(state, commune, COMMUNE_STOCK, lot, on)
    ctx.counts["readiness_stocked_communes"] = len(stocked)
    return stocked


def _kits(state: Readiness, teams: list[Team], stocked: list[AdminUnit]) -> None:
    """Kits for the teams of the showcase district whose commune store has stock."""
    ctx, stocked_paths = state.ctx, {c.path for c in stocked}
    issued = 0
    for team in teams:
        store_path = (
            team.unit_path if team.kind == TeamKind.MOBILE_STATION else team.unit_path.rsplit("/", 2)[0] + "/"
        )
        if store_path not in stocked_paths:
            continue
        team.unit = AdminUnit.objects.select_related("parent").get(pk=team.unit_id)
        kit = (
            {"O2-BINH-40L": 1, "SPO2-KEP": 2, "PPE-BO": 10}
            if team.kind == TeamKind.MOBILE_STATION
            else {"SPO2-KEP": 1, "PPE-BO": 4}
        )
        for code, quantity in kit.items():
            try:
                kit_issue(
                    actor=ctx.actor, jurisdiction=state.jurisdiction, team=team, item=state.items[code],
                    lot=None,
                    quantity=quantity, on=ctx.today - dt.timedelta(days=10), reference=f"PX-TO-{team.pk}",
                )  # fmt: skip
            except DomainError:  # a store emptied by earlier teams: that team waits for the next delivery
                continue
            issued += 1
    ctx.counts["readiness_kits_issued"] = issued


def create_readiness(ctx: DemoContext) -> None:
    jurisdiction = Jurisdiction.of([ctx.province.path])
    showcase, district = showcase_units(ctx)
    state = Readiness(ctx=ctx, jurisdiction=jurisdiction, items=_items())
    _staffing(ctx)
    teams = _teams(ctx, showcase, district)
    stocked = _stock(state)
    _kits(state, teams, stocked)
