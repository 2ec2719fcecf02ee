"""The demo's checkpoints: the province's real border checkpoints (the demo organisations step names
them: for Lai Châu the four districts on the Chinese border, the Ô Quy Hồ pass towards Lào Cai and QL32
from Yên Bái) with three weeks of passages, an administrator's list of outbreak zones (demo
assumptions, marked as such), the arrivals from those zones handed to the communes (most closed, some
overdue), duty shifts, and a freight company whose trucks run registered routes (one strays).

Set-based: passages, counters and follow-ups are drawn in memory and written with ``core.bulk`` /
``bulk_create``; the counters are the sums of the passages written, as the service would have kept them.
The few companies, vehicles and routes go through the real services.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from phaodai.checkpoints import rulesets
from phaodai.checkpoints.models import (
    Checkpoint,
    DutyShift,
    FollowUp,
    OriginCount,
    Passage,
    PassageCount,
    Zone,
)
from phaodai.checkpoints.reference import (
    CheckpointLevel,
    CrewRole,
    Decision,
    Direction,
    FollowUpStatus,
    Purpose,
    TestKind,
    TestOutcome,
)
from phaodai.checkpoints.services import follow_up_fields
from phaodai.checkpoints.transport import company_create, crew_register, route_register, vehicle_register
from phaodai.core import audit, clock, rules
from phaodai.core.bulk import bulk_insert, next_ids, reset_sequence
from phaodai.core.models import AuditAction, RuleSet
from phaodai.core.scoping import Jurisdiction
from phaodai.demo.context import DemoContext
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.people.models import Person

DAYS = 21
PASSAGES_PER_DAY = (60, 140)  # per checkpoint at full scale
OPENED = dt.date(2021, 5, 10)
ROADS = {
    "03574": "QL4D – cửa khẩu quốc tế Ma Lù Thàng",
    "107": "QL4H",
    "108": "QL12",
    "112": "QL12 – QL4H",
    "03413": "QL4D – đèo Ô Quy Hồ",
    "110": "QL32",
}
# Demo assumptions, not published levels: (province code, district code or "", level, from, reason).
ZONES = (
    (
        "79",
        "",
        3,
        dt.date(2021, 10, 11),
        "Demo: giả định cấp 3 (TP Hồ Chí Minh), không phải công bố chính thức",
    ),
    (
        "11",
        "094",
        3,
        dt.date(2021, 11, 3),
        "Demo: giả định cấp 3 (TP Điện Biên Phủ), không phải công bố chính thức",
    ),
    ("01", "", 2, dt.date(2021, 11, 1), "Demo: giả định cấp 2 (Hà Nội), không phải công bố chính thức"),
    (
        "10",
        "083",
        4,
        dt.date(2021, 11, 10),
        "Demo: giả định cấp 4 (TP Lào Cai), không phải công bố chính thức",
    ),
)
# Origins of arrivals (province code, weight): the neighbours first, then Hà Nội and Hồ Chí Minh City.
ORIGINS = (("10", 5), ("11", 4), ("14", 3), ("15", 2), ("01", 3), ("79", 1), ("12", 6))
PLATE_PROVINCE = {"10": "24", "11": "27", "14": "26", "15": "21", "01": "29", "79": "51", "12": "25"}
DECISIONS = ((Decision.PASS, 88), (Decision.MONITOR, 7), (Decision.TURNED_BACK, 4), (Decision.QUARANTINE, 1))
REASONS = {
    Decision.MONITOR: "Đến từ địa bàn có ca bệnh, tự theo dõi 7 ngày",
    Decision.TURNED_BACK: "Không có giấy xét nghiệm âm tính còn hiệu lực",
    Decision.QUARANTINE: "Có triệu chứng sốt, ho; chuyển khu cách ly tập trung",
}
PASSAGE_COLUMNS = (
    "unit_id",
    "unit_path",
    "checkpoint_id",
    "at",
    "day",
    "direction",
    "plate",
    "vehicle_id",
    "route_id",
    "person_id",
    "full_name",
    "national_id",
    "phone",
    "origin_id",
    "origin_path",
    "destination_id",
    "purpose",
    "declaration",
    "test_kind",
    "test_taken_at",
    "test_outcome",
    "test_valid",
    "test_rules_id",
    "zone_level",
    "decision",
    "reason",
    "flags",
    "recorded_by_id",
)


def db_rows(model: type[Model], columns: Sequence[str], objects: Iterable[Model]) -> list[tuple[Any, ...]]:
    """Unsaved instances as database values in ``columns`` order, for ``core.bulk.bulk_insert``."""
    by_column = {f.attname: f for f in model._meta.concrete_fields}
    fields: list[Any] = [by_column[name] for name in columns]
    return [tuple(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields) for obj in objects]


@dataclass
class _Plan:
    ctx: DemoContext
    origins: list[tuple[AdminUnit, int]]
    zones: list[Zone]
    travellers: dict[
        int, list[tuple[int | None, str, str, int | None]]
    ]  # district id -> (person id, name, id, unit id)
    communes: dict[int, list[AdminUnit]]  # district id -> communes
    passages: list[Passage] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)


def _checkpoints(ctx: DemoContext) -> list[Checkpoint]:
    rows = []
    for slot, organisation in sorted(ctx.organisations.items()):
        if not slot.startswith("checkpoint:"):
            continue
        unit = organisation.unit
        border = "biên giới" in organisation.name or "cửa khẩu" in organisation.name
        rows.append(
            Checkpoint(
                name=organisation.name,
                unit=unit,
                unit_path=unit.path,
                road=ROADS.get(unit.code, ""),
                level=CheckpointLevel.BORDER if border else CheckpointLevel.PROVINCE,
                organisation=organisation,
                transshipment="cửa khẩu" in organisation.name,
                opened_on=OPENED,
                created_at=clock.now(),
            )
        )
    return Checkpoint.objects.bulk_create(rows)


def _zones(ctx: DemoContext) -> list[Zone]:
    units = {
        (u.parent.code if u.parent and u.level == UnitLevel.DISTRICT else "", u.code): u
        for u in AdminUnit.objects.filter(unit_map=ctx.province.unit_map, level__lte=2).select_related(
            "parent"
        )
    }
    rows = []
    for province, district, level, since, reason in ZONES:
        unit = units.get((province, district) if district else ("", province))
        if unit is not None:
            rows.append(
                Zone(
                    unit=unit,
                    unit_path=unit.path,
                    level=level,
                    valid_from=since,
                    reason=reason,
                    created_at=clock.now(),
                )
            )
    return Zone.objects.bulk_create(rows)


def _travellers(ctx: DemoContext) -> dict[int, list[tuple[int | None, str, str, int | None]]]:
    """Adults with an id in each district: the people who cross its checkpoints and come home."""
    found: dict[int, list[tuple[int | None, str, str, int | None]]] = {}
    for district in ctx.districts:
        rows = Person.objects.visible_to(Jurisdiction.of([district.path])).exclude(national_id="")
        found[district.pk] = list(
            rows.order_by("pk").values_list("pk", "full_name", "national_id", "unit_id")[:300]
        )
    return found


def _draw(ctx: DemoContext, options: tuple[tuple[Any, int], ...] | list[tuple[Any, int]]) -> Any:
    values, weights = zip(*options, strict=True)
    return ctx.rng.choices(values, weights)[0]


def _plate(ctx: DemoContext, province_code: str) -> str:
    rng = ctx.rng
    series = rng.choice("ABCDEFGH")
    number = rng.randrange(10000, 99999)
    return f"{PLATE_PROVINCE.get(province_code, '25')}{series}-{str(number)[:3]}.{str(number)[3:]}"


def _moment(day: dt.date, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day) + dt.timedelta(minutes=minute))


def _zone_level(plan: _Plan, origin: AdminUnit, day: dt.date) -> int | None:
    levels = [z.level for z in plan.zones if origin.path.startswith(z.unit_path) and z.valid_from <= day]
    return max(levels, default=None)


def _passage(plan: _Plan, checkpoint: Checkpoint, day: dt.date, at: dt.datetime, fleet: list[str]) -> Passage:
    ctx, rng = plan.ctx, plan.ctx.rng
    origin = _draw(ctx, plan.origins)
    district_id = int(
        checkpoint.unit_id if checkpoint.unit.level == UnitLevel.DISTRICT else checkpoint.unit.parent_id or 0
    )
    inbound = rng.random() < 0.55
    decision = _draw(ctx, DECISIONS)
    passage = Passage(
        checkpoint=checkpoint,
        unit_id=checkpoint.unit_id,
        unit_path=checkpoint.unit_path,
        at=at,
        day=day,
        direction=Direction.IN if inbound else Direction.OUT,
        origin=origin,
        origin_path=origin.path,
        destination=rng.choice(plan.communes[district_id]),
        decision=decision,
        reason=REASONS.get(decision, ""),
        purpose=_draw(ctx, ((Purpose.GOODS, 5), (Purpose.WORK, 2), (Purpose.HOME, 3), (Purpose.FAMILY, 1))),
        declaration={"fever": decision == Decision.QUARANTINE},
        flags=[],
    )
    if passage.purpose == Purpose.GOODS:
        passage.plate = rng.choice(fleet)
    else:
        travellers = plan.travellers.get(district_id) or [(None, "Khách vãng lai", "", None)]
        person_id, passage.full_name, passage.national_id, _unit = rng.choice(travellers)
        passage.person_id = person_id
    if rng.random() < 0.7:
        passage.test_kind = TestKind.RAPID if rng.random() < 0.7 else TestKind.PCR
        passage.test_taken_at = at - dt.timedelta(hours=rng.uniform(2, 60))
        passage.test_outcome = TestOutcome.NEGATIVE
    passage.zone_level = _zone_level(plan, origin, day) if inbound else None
    return passage


def _follow_up(plan: _Plan, passage: Passage, version: Any) -> None:
    spec = version.params["levels"].get(str(passage.zone_level)) if passage.zone_level else None
    destination, origin, level = passage.destination, passage.origin, passage.zone_level
    if spec is None or passage.direction != Direction.IN or passage.decision == Decision.TURNED_BACK:
        return
    assert destination is not None
    assert origin is not None
    assert level is not None
    fields = follow_up_fields(
        plan=spec, arrived_on=passage.day, quarantined=passage.decision == Decision.QUARANTINE
    )
    item = FollowUp(
        unit=destination,
        unit_path=destination.path,
        person_id=passage.person_id,
        full_name=passage.full_name or f"Lái xe {passage.plate}",
        national_id=passage.national_id,
        origin=origin,
        zone_level=level,
        arrived_on=passage.day,
        rules=version,
        created_at=passage.at,
        **fields,
    )
    if fields["due_on"] < plan.ctx.today and plan.ctx.rng.random() < 0.8:
        item.status, item.outcome = FollowUpStatus.CLOSED, "Đã xét nghiệm âm tính, hết thời gian theo dõi"
        item.closed_at = _moment(fields["due_on"], 15 * 60)
    item.passage = passage
    plan.follow_ups.append(item)


def _counters(
    passages: list[Passage], provinces: dict[str, int]
) -> tuple[list[PassageCount], list[OriginCount]]:
    counts: dict[tuple[int, dt.date], PassageCount] = {}
    origins: Counter[tuple[int, dt.date, int]] = Counter()
    zoned: Counter[tuple[int, dt.date, int]] = Counter()
    for p in passages:
        c = counts.setdefault(
            (p.checkpoint_id, p.day),
            PassageCount(checkpoint_id=p.checkpoint_id, day=p.day, unit_id=p.unit_id, unit_path=p.unit_path),
        )
        c.passages += 1
        c.inbound += p.direction == Direction.IN
        c.monitored += p.decision == Decision.MONITOR
        c.turned_back += p.decision == Decision.TURNED_BACK
        c.quarantined += p.decision == Decision.QUARANTINE
        c.from_zones += p.zone_level is not None
        c.flagged += bool(p.flags)
        if p.direction == Direction.IN:
            key = (p.checkpoint_id, p.day, provinces[p.origin_path.split("/")[1]])
            origins[key] += 1
            zoned[key] += p.zone_level is not None
    by_key = {(c.checkpoint_id, c.day): c for c in counts.values()}
    origin_rows = [
        OriginCount(
            checkpoint_id=cp,
            day=day,
            origin_province_id=province,
            arrivals=n,
            from_zones=zoned[(cp, day, province)],
            unit_id=by_key[(cp, day)].unit_id,
            unit_path=by_key[(cp, day)].unit_path,
        )
        for (cp, day, province), n in sorted(origins.items())
    ]
    return list(counts.values()), origin_rows


def _transport(ctx: DemoContext, checkpoints: list[Checkpoint], plan: _Plan) -> dict[str, tuple[int, int]]:
    """A freight company of the province town with three trucks registered on the route to Hà Nội
    (plate -> vehicle and route ids)."""
    jurisdiction = Jurisdiction.of([ctx.province.path])
    town = next((c for c in ctx.communes if c.division_type == "phường"), ctx.communes[0])
    hanoi = next((o for o, _ in plan.origins if o.code == "01"), None)
    company = company_create(
        actor=ctx.actor,
        jurisdiction=jurisdiction,
        unit=town,
        name=f"Công ty CP Vận tải hàng hoá {ctx.province.name.removeprefix('Tỉnh ')}",
    )
    plates = {}
    for index in range(3):
        series = PLATE_PROVINCE.get(ctx.province_code, f"{10 + int(ctx.province_code) % 90:02d}")
        plate = f"{series}C-{123 + index}.{45 + index}"
        vehicle = vehicle_register(actor=ctx.actor, company=company, plate=plate)
        driver = crew_register(
            actor=ctx.actor,
            company=company,
            role=CrewRole.DRIVER,
            full_name=f"Lái xe số {index + 1}",
            national_id=f"0120830{index:05d}",
        )
        route = route_register(
            actor=ctx.actor,
            vehicle=vehicle,
            origin=town,
            destination=hanoi or ctx.province,
            crew=[driver],
            checkpoints=checkpoints[-2:],
            valid_from=ctx.today - dt.timedelta(days=DAYS),
            valid_to=ctx.today + dt.timedelta(days=30),
            allowed_stop_minutes=30,
        )
        plates[vehicle.plate] = (vehicle.pk, route.pk)
    return plates


def create_checkpoints(ctx: DemoContext) -> None:
    checkpoints = _checkpoints(ctx)
    if not checkpoints:
        return
    zones = _zones(ctx)
    provinces = {
        u.code: u for u in AdminUnit.objects.filter(unit_map=ctx.province.unit_map, level=UnitLevel.PROVINCE)
    }
    origins = [(provinces[code], weight) for code, weight in ORIGINS if code in provinces]
    plan = _Plan(
        ctx,
        origins,
        zones,
        _travellers(ctx),
        {d.pk: [c for c in ctx.communes if c.parent_id == d.pk] for d in ctx.districts},
    )
    registered = _transport(ctx, checkpoints, plan)
    version = rules.in_force(rulesets.ARRIVAL_FOLLOW_UP, on=ctx.today, unit_path=ctx.province.path)
    test_rules: dict[dt.date, RuleSet] = {}
    low, high = PASSAGES_PER_DAY
    now = clock.now()
    for checkpoint in checkpoints:
        fleet = [_plate(ctx, code) for code, _weight in ORIGINS for _ in range(4)]
        for offset in range(DAYS, -1, -1):
            day = ctx.today - dt.timedelta(days=offset)
            count = max(1, round(ctx.rng.randint(low, high) * max(ctx.scale, 0.05)))
            minutes = sorted(ctx.rng.randrange(5 * 60, 22 * 60) for _ in range(count))
            for minute in minutes:
                at = _moment(day, minute)
                if at > now:
                    break
                passage = _passage(plan, checkpoint, day, at, [*fleet, *registered])
                passage.vehicle_id, passage.route_id = registered.get(passage.plate, (None, None))
                if passage.test_kind and passage.test_taken_at is not None:
                    if day not in test_rules:
                        test_rules[day] = rules.in_force(
                            rulesets.TEST_VALIDITY, on=day, unit_path=ctx.province.path
                        )
                    passage.test_rules = test_rules[day]
                    key = "pcr_hours" if passage.test_kind == TestKind.PCR else "rapid_hours"
                    limit = dt.timedelta(hours=passage.test_rules.params[key])
                    passage.test_valid = at - passage.test_taken_at <= limit
                plan.passages.append(passage)
    _stray(plan, registered, checkpoints)
    _write(ctx, plan, checkpoints, version, provinces)


def _stray(plan: _Plan, registered: dict[str, tuple[int, int]], checkpoints: list[Checkpoint]) -> None:
    """One registered truck seen at a checkpoint its route does not list: flagged as the service would."""
    for passage in plan.passages:
        if passage.plate == next(iter(registered)) and passage.checkpoint not in checkpoints[-2:]:
            passage.flags = ["Chốt này không nằm trên lộ trình đã đăng ký."]
            return


def _write(
    ctx: DemoContext,
    plan: _Plan,
    checkpoints: list[Checkpoint],
    version: Any,
    provinces: dict[str, AdminUnit],
) -> None:
    for passage, pk in zip(plan.passages, next_ids(Passage, len(plan.passages)), strict=True):
        passage.pk, passage.test_rules_id = pk, passage.test_rules.pk if passage.test_rules else None
    bulk_insert(Passage, ("id", *PASSAGE_COLUMNS), db_rows(Passage, ("id", *PASSAGE_COLUMNS), plan.passages))
    reset_sequence(Passage)
    for passage in plan.passages:
        _follow_up(plan, passage, version)
    FollowUp.objects.bulk_create(plan.follow_ups, batch_size=2000)
    counts, origin_counts = _counters(plan.passages, {code: u.pk for code, u in provinces.items()})
    PassageCount.objects.bulk_create(counts, batch_size=2000)
    OriginCount.objects.bulk_create(origin_counts, batch_size=2000)
    DutyShift.objects.bulk_create(
        [
            DutyShift(
                checkpoint=cp,
                unit_id=cp.unit_id,
                unit_path=cp.unit_path,
                starts_at=_moment(ctx.today, start * 60),
                ends_at=_moment(ctx.today, (start + 8) * 60),
                leader=leader,
                staff=staff,
                created_at=clock.now(),
            )
            for cp in checkpoints
            for start, leader, staff in (
                (0, "Trung uý Công an Lò Văn Thắng", "Biên phòng – 2 người\nY tế – 1 người"),
                (
                    8,
                    "Thiếu tá Biên phòng Giàng A Páo",
                    "Công an – 2 người\nY tế – 1 người\nĐoàn thanh niên – 2 người",
                ),
                (16, "Y sĩ Tòng Thị Lan", "Công an – 1 người\nDân quân – 2 người"),
            )
        ]
    )
    audit.record(
        actor=ctx.actor,
        action=AuditAction.BULK_LOAD,
        entity="checkpoints.passage",
        unit_path=ctx.province.path,
        row_count=len(plan.passages),
        summary=f"Demo: {len(checkpoints)} chốt, {len(plan.passages)} lượt qua, "
        f"{len(plan.follow_ups)} người đến từ vùng dịch",
    )
    ctx.counts.update(
        checkpoints=len(checkpoints), passages=len(plan.passages), arrival_follow_ups=len(plan.follow_ups)
    )
