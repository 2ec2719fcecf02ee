"""The demo's vaccination campaign, July to November 2021: vaccine lots received by the province and
handed down to every commune (two lots close to expiry on the shelves), first and second doses for most
adults and, from mid-October, Pfizer for teenagers, with realistic gaps (the elderly and the remote
communes lag, some second doses are overdue), mobile team sessions and a few contraindications.

Set-based (460,000 persons at full scale): doses stream through ``core.bulk`` as they are drawn, the
stock ledger is written aggregated per lot, unit and day (receipts, transfers, daily use), and the
coverage counters are rebuilt once from the doses at the end; each person's status row is computed as
their doses are drawn (the rebuild's own ``StatusBuilder``) and copied in one go.
"""

import datetime as dt
import math
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from phaodai.core import audit, clock
from phaodai.core.bulk import bulk_insert
from phaodai.core.models import AuditAction, RuleSet
from phaodai.core.scoping import Jurisdiction
from phaodai.demo.context import DemoContext
from phaodai.demo.places import unit_phrase
from phaodai.geo.models import AdminUnit
from phaodai.inventory.models import Balance, Item, Lot, Movement, MovementKind
from phaodai.people.models import Person
from phaodai.vaccination import rulesets
from phaodai.vaccination.models import Contraindication, Dose, DoseKind, Session, VaccinationStatus
from phaodai.vaccination.schedule import Given
from phaodai.vaccination.status import STATUS_COLUMNS, StatusBuilder, rebuild_counters
from phaodai.vaccination.status import Resident as StatusResident

CAMPAIGN_START = dt.date(2021, 7, 20)
TEENS_FROM = dt.date(2021, 10, 14)
ADULT_PRODUCTS = (("VC", 0.45), ("AZ", 0.30), ("PF", 0.15), ("MD", 0.07), ("JJ", 0.03))
LOTS_PER_PRODUCT = {"VC": 3, "AZ": 3, "PF": 2, "MD": 2, "JJ": 1}
NEAR_EXPIRY = ("VC", "AZ")  # their last lot expires a few days after the demo's today, still on shelves
GAPS = {"VC": (21, 28), "AZ": (56, 84), "PF": (21, 35), "MD": (28, 40)}
CONTRAINDICATIONS = (
    ("Tiền sử sốc phản vệ độ 2 trở lên với vắc xin COVID-19", None),
    ("Đang sốt, mắc bệnh cấp tính: hẹn tiêm lại", 14),
    ("Suy giảm miễn dịch nặng: chờ hội chẩn", 30),
)
DOSE_COLUMNS = (
    "person_id", "number", "kind", "product", "lot_id", "given_on", "team", "home_path", "birth_year",
    "rules_id", "created_at", "unit_id", "unit_path",
)  # fmt: skip
MOVEMENT_COLUMNS = (
    "unit_id", "unit_path", "item_id", "lot_id", "kind", "quantity", "occurred_on", "counterpart_id",
    "reference", "source", "record", "created_at",
)  # fmt: skip


@dataclass
class Campaign:
    """What the step builds up: lots per product (with the days each one serves), doses used per
    (commune, lot, day), the persons vaccinated and the unvaccinated adults (for contraindications)."""

    ctx: DemoContext
    communes: dict[str, AdminUnit]
    reach: dict[str, float]
    lots: dict[str, list[tuple[dt.date, Lot]]] = field(default_factory=dict)  # product -> (serves from, lot)
    used: Counter[tuple[str, int, dt.date]] = field(default_factory=Counter)
    histories: list[tuple[StatusResident, list[Given]]] = field(default_factory=list)  # the vaccinated
    unvaccinated_adults: list[tuple[int, int, str]] = field(default_factory=list)


def _reach(ctx: DemoContext) -> dict[str, float]:
    """How far the campaign got in each commune: towns high, remote mountain communes lower."""
    return {
        commune.path: ctx.rng.uniform(0.9, 0.98)
        if commune.division_type != "xã"
        else ctx.rng.uniform(0.55, 0.93)
        for commune in ctx.communes
    }


def _lots(ctx: DemoContext) -> dict[str, list[tuple[dt.date, Lot]]]:
    """Lots of each product, each serving one stretch of the campaign; expiry after its stretch."""
    span = (ctx.today - CAMPAIGN_START).days
    planned: dict[str, list[tuple[dt.date, Lot]]] = {}
    for code, count in LOTS_PER_PRODUCT.items():
        item = Item.objects.get(code=code)
        for index in range(count):
            serves_from = CAMPAIGN_START + dt.timedelta(days=span * index // count)
            last = index == count - 1
            expires = ctx.today + dt.timedelta(
                days=12 if last and code in NEAR_EXPIRY else ctx.rng.randint(60, 150)
            )
            lot = Lot(
                item=item,
                number=f"{code}21{index + 1:02d}-{ctx.province_code}",
                expires_on=expires,
                manufacturer="",
            )
            planned.setdefault(code, []).append((serves_from, lot))
    Lot.objects.bulk_create([lot for lots in planned.values() for _day, lot in lots])
    return planned


def _lot_on(campaign: Campaign, product: str, day: dt.date) -> Lot:
    lots = campaign.lots[product]
    return lots[max(0, bisect_right([start for start, _lot in lots], day) - 1)][1]


def _rules_on(products: list[tuple[dt.date, int]], day: dt.date) -> int:
    return products[bisect_right([start for start, _pk in products], day) - 1][1]


def _draw_product(ctx: DemoContext) -> str:
    roll, acc = ctx.rng.random(), 0.0
    for code, share in ADULT_PRODUCTS:
        acc += share
        if roll < acc:
            return code
    return ADULT_PRODUCTS[0][0]


def _first_day(ctx: DemoContext, start: dt.date) -> dt.date:
    """Later days likelier: the campaign sped up as vaccine arrived."""
    span = (ctx.today - start).days
    return start + dt.timedelta(days=int(span * math.sqrt(ctx.rng.random())))


def _schedule(ctx: DemoContext, age: int, pregnant: bool, reach: float) -> list[tuple[str, dt.date]]:
    """(product, day) of the doses one person had by the demo's today."""
    rng = ctx.rng
    if age >= 18:
        chance = reach * (0.88 if age < 50 else 0.8 if age < 65 else 0.62) * (0.5 if pregnant else 1)
        product, start = _draw_product(ctx), CAMPAIGN_START
    elif age >= 12:
        chance, product, start = reach * 0.6, "PF", TEENS_FROM
    else:
        return []
    if rng.random() >= chance:
        return []
    first = _first_day(ctx, start)
    doses = [(product, first)]
    if product in GAPS and rng.random() < reach * (0.95 if age < 65 else 0.85):
        low, high = GAPS[product]
        second = first + dt.timedelta(days=rng.randint(low, high + 6))  # a few come after the window
        if second < ctx.today:
            doses.append(("PF" if product == "AZ" and rng.random() < 0.1 else product, second))
    return doses


Resident = tuple[int, int, str, bool, int, dt.date | None]


def _residents(ctx: DemoContext) -> list[Resident]:
    """(id, birth year, unit path, pregnant, unit id, birth date) of every resident, read in full before
    any dose is written: on PostgreSQL the doses go out through COPY on this same connection."""
    rows = Person.objects.visible_to(Jurisdiction.of([ctx.province.path])).order_by("pk")
    return list(rows.values_list("pk", "birth_year", "unit_path", "pregnant", "unit_id", "birth_date"))


def _doses(
    campaign: Campaign, residents: list[Resident], products: list[tuple[dt.date, int]]
) -> Iterator[tuple[object, ...]]:
    """Dose rows (``DOSE_COLUMNS``) for every resident, drawn as they are written."""
    ctx, now = campaign.ctx, clock.now()
    for pid, birth_year, path, pregnant, unit_id, birth_date in residents:
        home = path if path in campaign.communes else path.rsplit("/", 2)[0] + "/"
        commune, age = campaign.communes[home], ctx.year - birth_year
        doses = _schedule(ctx, age, pregnant, campaign.reach[home])
        if not doses and age >= 18:
            campaign.unvaccinated_adults.append((pid, birth_year, path))
        if doses:
            history = [
                Given(n, DoseKind.PRIMARY, product, day) for n, (product, day) in enumerate(doses, start=1)
            ]
            campaign.histories.append(((pid, unit_id, path, birth_year, birth_date), history))
        for number, (product, day) in enumerate(doses, start=1):
            lot = _lot_on(campaign, product, day)
            campaign.used[(home, lot.pk, day)] += 1
            yield (pid, number, DoseKind.PRIMARY, product, lot.pk, day, "", home, birth_year,
                   _rules_on(products, day), now, commune.pk, commune.path)  # fmt: skip


@dataclass
class Ledger:
    """Movement rows and final balances of the campaign's stock, aggregated per lot, unit and day."""

    rows: list[tuple[object, ...]] = field(default_factory=list)
    balances: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))  # (unit, lot)

    def move(
        self, unit: AdminUnit, lot: Lot, kind: str, quantity: int, day: dt.date, **extra: object
    ) -> None:
        self.balances[(unit.pk, lot.pk)] += quantity
        self.rows.append((unit.pk, unit.path, lot.item_id, lot.pk, kind, quantity, day,
                          extra.get("counterpart"), extra.get("reference", ""), extra.get("source", ""),
                          extra.get("record", ""), clock.now()))  # fmt: skip

    def transfer(self, source: AdminUnit, target: AdminUnit, lot: Lot, quantity: int, day: dt.date) -> None:
        reference = f"PX-{lot.number}-{target.code}"
        self.move(
            source, lot, MovementKind.TRANSFER_OUT, -quantity, day, counterpart=target.pk, reference=reference
        )
        self.move(
            target, lot, MovementKind.TRANSFER_IN, quantity, day, counterpart=source.pk, reference=reference
        )


def _stock_plan(campaign: Campaign) -> Ledger:
    """Receipt at the province, transfers down to each commune (what it used plus a little spare), and
    each commune's use per day: the shelves end with the spare, the province with its reserve."""
    ctx, ledger = campaign.ctx, Ledger()
    per_commune: dict[tuple[str, int], int] = defaultdict(int)
    for (home, lot_id, _day), count in campaign.used.items():
        per_commune[(home, lot_id)] += count
    for product_lots in campaign.lots.values():
        for serves_from, lot in product_lots:
            shipped = {
                home: n + math.ceil(n * 0.04) + 5
                for (home, lot_id), n in per_commune.items()
                if lot_id == lot.pk
            }
            reserve = 100 + sum(shipped.values()) // 50
            ledger.move(ctx.province, lot, MovementKind.RECEIPT, reserve + sum(shipped.values()),
                        serves_from - dt.timedelta(days=3), source="Bộ Y tế phân bổ (Dự án TCMR)",
                        reference=f"PN-{lot.number}")  # fmt: skip
            for home, quantity in sorted(shipped.items()):
                commune = campaign.communes[home]
                district = ctx.district_of(commune)
                ledger.transfer(ctx.province, district, lot, quantity, serves_from - dt.timedelta(days=2))
                ledger.transfer(district, commune, lot, quantity, serves_from - dt.timedelta(days=1))
    for (home, lot_id, day), count in sorted(campaign.used.items()):
        lot = next(lot for lots in campaign.lots.values() for _s, lot in lots if lot.pk == lot_id)
        ledger.move(
            campaign.communes[home], lot, MovementKind.USE, -count, day, record="demo: mũi tiêm trong ngày"
        )
    return ledger


def _write_ledger(campaign: Campaign, ledger: Ledger) -> None:
    ctx = campaign.ctx
    bulk_insert(Movement, MOVEMENT_COLUMNS, ledger.rows)
    paths = {unit.pk: unit.path for unit in [ctx.province, *ctx.districts, *ctx.communes]}
    items = {lot.pk: lot.item_id for lots in campaign.lots.values() for _s, lot in lots}
    Balance.objects.bulk_create(
        Balance(
            unit_id=unit_id, unit_path=paths[unit_id], item_id=items[lot_id], lot_id=lot_id, quantity=quantity
        )
        for (unit_id, lot_id), quantity in ledger.balances.items()
        if quantity > 0
    )
    audit.record(actor=ctx.actor, action=AuditAction.BULK_LOAD, entity="inventory.movement",
                 unit_path=ctx.province.path, row_count=len(ledger.rows),
                 summary=f"Demo: nhập, điều chuyển và sử dụng vắc xin của {ctx.province.name}")  # fmt: skip


def _sessions(campaign: Campaign) -> int:
    """For each district, a mobile team session on the busiest day of its busiest commune."""
    ctx = campaign.ctx
    busiest: dict[int, tuple[int, str, dt.date]] = {}
    for (home, _lot, day), count in campaign.used.items():
        district = ctx.district_of(campaign.communes[home]).pk
        if count > busiest.get(district, (0, "", day))[0]:
            busiest[district] = (count, home, day)
    created = 0
    for number, (_count, home, day) in enumerate(sorted(busiest.values(), key=lambda b: b[1]), start=1):
        commune = campaign.communes[home]
        session = Session.objects.create(
            unit=commune, unit_path=commune.path, team=f"Đội tiêm lưu động số {number}",
            place=f"Trạm Y tế {unit_phrase(commune)}", held_on=day, planned=0, created_at=clock.now(),
        )  # fmt: skip
        given = Dose.objects.filter(unit=commune, given_on=day).update(session=session, team=session.team)
        Session.objects.filter(pk=session.pk).update(given=given, planned=given + ctx.rng.randint(5, 40))
        created += 1
    return created


def _contraindications(campaign: Campaign) -> int:
    ctx = campaign.ctx
    pool = campaign.unvaccinated_adults
    drawn = ctx.rng.sample(pool, min(len(pool), max(3, len(pool) // 100), 400))
    units = {village.path: village.id for village in ctx.villages}
    rows = []
    for pid, _year, path in drawn:
        reason, days = CONTRAINDICATIONS[ctx.rng.randrange(len(CONTRAINDICATIONS))]
        until = ctx.today + dt.timedelta(days=days) if days else None
        unit_id = units.get(path) or campaign.communes[path].pk
        rows.append(Contraindication(person_id=pid, unit_id=unit_id, unit_path=path, reason=reason,
                                     until=until, recorded_on=ctx.today, created_at=clock.now()))  # fmt: skip
    Contraindication.objects.bulk_create(rows)
    return len(rows)


def create_vaccination(ctx: DemoContext) -> None:
    campaign = Campaign(ctx=ctx, communes={c.path: c for c in ctx.communes}, reach=_reach(ctx))
    campaign.lots = _lots(ctx)
    products = list(
        RuleSet.objects.filter(kind=rulesets.PRODUCTS, unit_path="")
        .order_by("effective_from")
        .values_list("effective_from", "pk")
    )
    doses = bulk_insert(Dose, DOSE_COLUMNS, _doses(campaign, _residents(ctx), products))
    audit.record(actor=ctx.actor, action=AuditAction.BULK_LOAD, entity="vaccination.dose",
                 unit_path=ctx.province.path, row_count=doses,
                 summary=f"Demo: mũi tiêm vắc xin COVID-19 của {ctx.province.name}")  # fmt: skip
    _write_ledger(campaign, _stock_plan(campaign))
    ctx.counts["vaccination_sessions"] = _sessions(campaign)
    ctx.counts["contraindications"] = _contraindications(campaign)
    rebuild_counters(under=ctx.province.path)
    # After the doses' COPY: the rules are read from the database on the first row.
    builder = StatusBuilder()
    statuses = [builder.row(resident, history) for resident, history in campaign.histories]
    bulk_insert(VaccinationStatus, STATUS_COLUMNS, statuses)
    ctx.counts["doses"] = doses
