"""The demo's testing: rapid test kits received by the province and handed down to the communes that
test, two labs, rapid tests and RT-PCR for the outbreak's F1s, pooled community tests (one pool
positive, its members retested), a testing round in the outbreak commune, and a garment factory whose
workers are tested before their shifts.

Everything goes through the real services (stock ledger, samples, results, pools), so the counters and
balances the pages read are what users would have produced. Positives are given only to people the
outbreak already made a case of, so the handover to the registry (after commit) links them instead of
adding cases the outbreak step did not plan.
"""

import datetime as dt
from dataclasses import dataclass, field

from phaodai.cases.models import Case
from phaodai.cases.reference import OPEN_STATUSES
from phaodai.contacts.models import Contact
from phaodai.contacts.reference import ContactLevel
from phaodai.core import clock
from phaodai.core.scoping import Jurisdiction
from phaodai.demo.context import DemoContext
from phaodai.demo.organisations import showcase_units
from phaodai.demo.places import unit_phrase
from phaodai.diagnostics.models import Enterprise, Lab, Pool, Round, Sample
from phaodai.diagnostics.reference import LabKind, Outcome, Reason, RoundTarget, SampleKind
from phaodai.diagnostics.services.labs import lab_create
from phaodai.diagnostics.services.pools import pool_create, pool_result
from phaodai.diagnostics.services.rounds import RoundInput, round_create
from phaodai.diagnostics.services.samples import SampleInput, result_record, sample_take
from phaodai.diagnostics.services.workplaces import enterprise_create, shift_create, workers_add
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.inventory.models import Item, ItemKind, Lot
from phaodai.inventory.services import Line, lot_register, stock_receive, stock_transfer
from phaodai.people.models import Person, commune_path

F1_TESTED_AT_FULL_SCALE = 160
WORKERS_AT_FULL_SCALE = 60
POOLS = 4
POOL_SIZE = 8
SHIFT_DAYS = 4
KITS_PER_COMMUNE = 400


@dataclass
class Testing:
    """What the step builds up as it goes."""

    ctx: DemoContext
    jurisdiction: Jurisdiction
    kit: Item
    lots: list[Lot]
    labs: list[Lab] = field(default_factory=list)
    stocked: dict[str, AdminUnit] = field(default_factory=dict)  # communes that received kits, by path
    open_cases: set[int] = field(default_factory=set)  # persons with an open case
    samples: int = 0


def _at(ctx: DemoContext, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    moment = clock.now().replace(
        year=day.year, month=day.month, day=day.day, hour=hour, minute=minute, second=0, microsecond=0
    )
    return min(moment, clock.now())


def _kit() -> Item:
    item, _created = Item.objects.get_or_create(
        code="RAT-SD-BIOSENSOR",
        defaults={
            "name": "Test nhanh kháng nguyên SD Biosensor",
            "kind": ItemKind.RAPID_TEST,
            "counting_unit": "test",
        },
    )
    return item


def _receive(ctx: DemoContext, jurisdiction: Jurisdiction, kit: Item) -> list[Lot]:
    """Three deliveries to the province store, one lot of them close to expiry."""
    plan = (("SD2108A", 150, 40_000), ("SD2109B", 240, 60_000), ("SD2110C", 20, 10_000))
    lots = []
    for number, shelf_days, quantity in plan:
        lot = lot_register(
            actor=ctx.actor, item=kit, number=number, expires_on=ctx.today + dt.timedelta(days=shelf_days)
        )
        stock_receive(
            actor=ctx.actor, jurisdiction=jurisdiction, unit=ctx.province, line=Line(kit, lot, quantity),
            on=ctx.today - dt.timedelta(days=28), source="Bộ Y tế cấp", reference=f"PN-{number}",
        )  # fmt: skip
        lots.append(lot)
    return lots


def _stock_commune(state: Testing, person: Person) -> AdminUnit:
    """The commune whose shelf a person's rapid test comes from, stocked province → district → commune
    the first time it tests."""
    path = commune_path(person.unit)
    if path in state.stocked:
        return state.stocked[path]
    commune = AdminUnit.objects.get(path=path)
    ctx, district = state.ctx, state.ctx.district_of(commune)
    on = ctx.today - dt.timedelta(days=25)
    for lot in state.lots[:2]:
        for source, target in ((ctx.province, district), (district, commune)):
            stock_transfer(
                actor=ctx.actor, jurisdiction=state.jurisdiction, from_unit=source, to_unit=target,
                line=Line(state.kit, lot, KITS_PER_COMMUNE // 2), on=on, reference=f"PX-{commune.code}",
            )  # fmt: skip
    state.stocked[path] = commune
    return commune


def _test(state: Testing, person: Person, kind: str, taken_at: dt.datetime, **fields: object) -> Sample:
    if kind == SampleKind.RAT_STAFF:
        fields.setdefault("stock_unit", _stock_commune(state, person))
        fields.setdefault("kit", state.kit)
    data = SampleInput(person=person, kind=kind, taken_at=taken_at, **fields)  # type: ignore[arg-type]
    state.samples += 1
    return sample_take(actor=state.ctx.actor, jurisdiction=state.jurisdiction, data=data)


def _result(state: Testing, sample: Sample, hours: float, outcome: str | None = None) -> None:
    if outcome is None:
        outcome = Outcome.POSITIVE if sample.person_id in state.open_cases else Outcome.NEGATIVE
    resulted_at = min(sample.taken_at + dt.timedelta(hours=hours), clock.now())
    result_record(
        actor=state.ctx.actor, jurisdiction=state.jurisdiction, sample=sample, outcome=outcome,
        resulted_at=resulted_at,
    )  # fmt: skip


def _labs(state: Testing, district: AdminUnit) -> list[Lab]:
    ctx = state.ctx
    plan = (
        (ctx.province, f"Phòng xét nghiệm CDC {unit_phrase(ctx.province)}", LabKind.CDC),
        (district, f"Phòng xét nghiệm TTYT {unit_phrase(district)}", LabKind.DISTRICT),
    )
    return [
        lab_create(actor=ctx.actor, jurisdiction=state.jurisdiction, unit=unit, name=name, kind=kind)
        for unit, name, kind in plan
    ]


def _f1_tests(state: Testing, count: int) -> None:
    """A rapid test the day after exposure; an RT-PCR on day three for those who reached it."""
    ctx = state.ctx
    contacts = (
        Contact.objects.visible_to(state.jurisdiction)
        .filter(level=ContactLevel.F1)
        .select_related("person", "person__unit")
    )
    for contact in contacts.order_by("pk")[:count]:
        first = contact.last_exposure_date + dt.timedelta(days=1)
        if first >= ctx.today:
            continue
        rapid = _test(state, contact.person, SampleKind.RAT_STAFF, _at(ctx, first, 8), reason=Reason.F1)
        _result(state, rapid, 0.25)
        third = contact.last_exposure_date + dt.timedelta(days=3)
        if third < ctx.today:
            lab = state.labs[contact.pk % 2]
            pcr = _test(
                state, contact.person, SampleKind.PCR_SINGLE, _at(ctx, third, 9), reason=Reason.F1, lab=lab
            )
            _result(state, pcr, ctx.rng.uniform(5, 14) if lab == state.labs[1] else ctx.rng.uniform(12, 36))


def _residents(ctx: DemoContext, commune: AdminUnit, count: int, *, adults: bool = False) -> list[Person]:
    rows = Person.objects.visible_to(Jurisdiction.of([commune.path]))
    if adults:
        rows = rows.filter(birth_year__lte=ctx.year - 18, birth_year__gte=ctx.year - 55)
    ids = sorted(rows.values_list("pk", flat=True))
    chosen = ctx.rng.sample(ids, min(count, len(ids)))
    return list(Person.objects.filter(pk__in=chosen).select_related("unit").order_by("pk"))


def _round(state: Testing, commune: AdminUnit) -> Round:
    ctx = state.ctx
    villages = list(AdminUnit.objects.filter(parent=commune, level=UnitLevel.VILLAGE).order_by("code")[:4])
    data = RoundInput(
        name=f"Xét nghiệm sàng lọc diện rộng {unit_phrase(commune)} đợt 1", unit=commune,
        target=RoundTarget.ZONE, planned=POOLS * POOL_SIZE * 2, starts_on=ctx.today - dt.timedelta(days=5),
        due_on=ctx.today + dt.timedelta(days=2), areas=villages,
    )  # fmt: skip
    return round_create(actor=ctx.actor, jurisdiction=state.jurisdiction, data=data)


def _pool_groups(state: Testing, commune: AdminUnit) -> list[list[Person]]:
    """Up to ``POOLS`` groups of up to ``POOL_SIZE`` residents; the last one holds a known case."""
    people = _residents(state.ctx, commune, POOLS * POOL_SIZE)
    size = max(1, min(POOL_SIZE, len(people) // POOLS))
    groups = [people[i : i + size] for i in range(0, min(len(people), size * POOLS), size)]
    here = Jurisdiction.of([commune.path])
    known = list(Person.objects.visible_to(here).filter(pk__in=state.open_cases).order_by("pk")[:1])
    if groups and known and known[0] not in groups[-1]:
        groups[-1] = [*groups[-1][:-1], known[0]]
    return groups


def _pool(state: Testing, round_: Round, index: int, members: list[Person], *, last: bool) -> Pool:
    """One pool of the round. It turns positive when it holds a known case, and the last one does anyway
    (weakly positive pools whose members all retest negative happen: the retests still close it)."""
    ctx, commune = state.ctx, round_.unit
    day = ctx.today - dt.timedelta(days=POOLS - index)
    pool = pool_create(
        actor=ctx.actor, jurisdiction=state.jurisdiction, unit=commune, lab=state.labs[1],
        code=f"GOP-{commune.code}-{index + 1:02d}", capacity=10,
    )  # fmt: skip
    for offset, person in enumerate(members):
        taken = _at(ctx, day, 7, offset * 5)
        _test(state, person, SampleKind.PCR_POOLED, taken, reason=Reason.ROUND, pool=pool, round=round_)
    positive = last or any(p.pk in state.open_cases for p in members)
    pool_result(
        actor=ctx.actor, jurisdiction=state.jurisdiction, pool=pool,
        outcome=Outcome.POSITIVE if positive else Outcome.NEGATIVE, resulted_at=_at(ctx, day, 18),
    )  # fmt: skip
    if positive:  # each member retested on its own swab
        for sample in pool.members.filter(resulted=False).select_related("person").order_by("pk"):
            _result(state, sample, ctx.rng.uniform(30, 40))
    return pool


def _pools(state: Testing, commune: AdminUnit, round_: Round) -> list[Pool]:
    """Pooled RT-PCR for the round; the last pool turns positive and its members are retested."""
    groups = _pool_groups(state, commune)
    return [
        _pool(state, round_, index, members, last=index == len(groups) - 1)
        for index, members in enumerate(groups)
    ]


def _round_rapid_tests(state: Testing, commune: AdminUnit, round_: Round) -> None:
    ctx = state.ctx
    for index, person in enumerate(_residents(ctx, commune, POOL_SIZE * 3)):
        day = ctx.today - dt.timedelta(days=1 + index % 3)
        sample = _test(
            state,
            person,
            SampleKind.RAT_STAFF,
            _at(ctx, day, 14, index % 60),
            reason=Reason.ROUND,
            round=round_,
        )
        _result(state, sample, 0.25)


def _factory(state: Testing, commune: AdminUnit, count: int) -> Enterprise:
    """A garment factory: workers tested by the commune team every three days, most of them."""
    ctx = state.ctx
    enterprise = enterprise_create(
        actor=ctx.actor, jurisdiction=state.jurisdiction, unit=commune, name="Công ty TNHH May Tân Phong",
        address=f"Cụm công nghiệp {commune.name}",
    )  # fmt: skip
    workers = workers_add(
        actor=ctx.actor, jurisdiction=state.jurisdiction, enterprise=enterprise,
        persons=_residents(ctx, commune, count, adults=True),
    )  # fmt: skip
    for index, worker in enumerate(workers):
        if ctx.rng.random() < 0.15:
            continue  # a few skip their tests: the shift page lists them
        for day_back in range(index % 3 + 1, SHIFT_DAYS + 3, 3):
            day = ctx.today - dt.timedelta(days=day_back)
            sample = _test(
                state,
                worker.person,
                SampleKind.RAT_STAFF,
                _at(ctx, day, 16, index % 50),
                reason=Reason.WORKPLACE,
            )
            _result(state, sample, 0.25, Outcome.NEGATIVE)
    half = len(workers) // 2
    for day_back in range(SHIFT_DAYS):
        day = ctx.today - dt.timedelta(days=day_back)
        for name, start, crew in (
            ("Ca 1", dt.time(6), workers[:half]),
            ("Ca 2", dt.time(14), workers[half:]),
        ):
            shift_create(
                actor=ctx.actor, jurisdiction=state.jurisdiction, enterprise=enterprise, name=name, day=day,
                starts_at=start, workers=crew,
            )  # fmt: skip
    return enterprise


def create_testing(ctx: DemoContext) -> None:
    commune, district = showcase_units(ctx)
    jurisdiction = Jurisdiction.of([ctx.province.path])
    kit = _kit()
    state = Testing(ctx=ctx, jurisdiction=jurisdiction, kit=kit, lots=_receive(ctx, jurisdiction, kit))
    open_cases = Case.objects.visible_to(jurisdiction).filter(status__in=OPEN_STATUSES)
    state.open_cases = set(open_cases.values_list("person_id", flat=True))
    state.labs = _labs(state, district)
    share = min(1.0, ctx.scale * 20)
    _f1_tests(state, max(10, int(F1_TESTED_AT_FULL_SCALE * share)))
    round_ = _round(state, commune)
    pools = _pools(state, commune, round_)
    _round_rapid_tests(state, commune, round_)
    _factory(state, ctx.communes[0], max(12, int(WORKERS_AT_FULL_SCALE * share)))
    ctx.counts["test_samples"] = state.samples
    ctx.counts["test_pools"] = len(pools)
