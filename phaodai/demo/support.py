"""Social support for the demo province: meal-allowance lists of the communes with F0/F1 (from the
outbreak's cases and orders), a few lists at each approval step, payments on the approved ones, a few
people left off on purpose (the omission worklist), a few declared twice in another commune (the
conflict list), and the provincial epidemic fund. Set-based: bulk inserts, one audit row per batch."""

import datetime as dt
from collections import defaultdict

from phaodai.accounts.models import Organisation, OrganisationKind, User
from phaodai.accounts.roles import Role
from phaodai.core import audit, clock
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.demo.context import DemoContext, Login
from phaodai.demo.organisations import showcase_units
from phaodai.people.models import Person
from phaodai.support import eligibility, services
from phaodai.support.models import (
    Allocation,
    Beneficiary,
    BeneficiaryList,
    Donation,
    ListStep,
    Payment,
    Programme,
    Spending,
)
from phaodai.support.reference import EntrySource, ListStatus, PaymentMethod

PERIOD = (dt.date(2021, 11, 1), dt.date(2021, 11, 20))
PATH = (ListStatus.SUBMITTED, ListStatus.DISTRICT_APPROVED, ListStatus.APPROVED)
OMITTED_SHARE = 0.1
TWICE = 3


def _logins(ctx: DemoContext) -> None:
    """A district labour office (approves at its level) and a Front login for the fund."""
    _commune, district = showcase_units(ctx)
    office = Organisation.objects.create(
        name=f"Phòng Lao động - Thương binh và Xã hội {district.name}",
        short_name="Phòng LĐ-TB&XH",
        kind=OrganisationKind.LABOUR,
        unit=district,
        unit_path=district.path,
    )
    front = ctx.organisations["province:front"]
    password = (
        User.objects.filter(username__in=[x.username for x in ctx.logins])
        .values_list("password", flat=True)
        .first()
    )
    taken = set(
        User.objects.filter(username__in=["laodong_huyen", "mattran"]).values_list("username", flat=True)
    )
    for username, organisation in (("laodong_huyen", office), ("mattran", front)):
        name = username if username not in taken else f"{username}_{ctx.province_code}"
        User.objects.create(
            username=name, role=Role.LABOUR_SOCIAL, organisation=organisation, password=password or "!"
        )
        ctx.logins.append(Login(role=Role.LABOUR_SOCIAL, username=name, organisation=organisation.name))


def _entries(ctx: DemoContext, programme: Programme) -> dict[int, list[Beneficiary]]:
    """Eligible persons per commune as unsaved lines, minus a tenth left off on purpose."""
    area = Jurisdiction.of([ctx.province.path])
    ids = eligibility.qualifying_person_ids(programme, jurisdiction=area, start=PERIOD[0], end=PERIOD[1])
    persons = list(Person.objects.filter(pk__in=ids).order_by("pk")) if ids is not None else []
    days = eligibility.known_days(
        programme, jurisdiction=area, person_ids=[p.pk for p in persons], start=PERIOD[0], end=PERIOD[1]
    )
    by_commune: dict[int, list[Beneficiary]] = defaultdict(list)
    communes = {c.path: c for c in ctx.communes}
    now = clock.now()
    for person in persons:
        counted = min(days.get(person.pk, 0), programme.max_days or 0)
        commune = next((c for path, c in communes.items() if person.unit_path.startswith(path)), None)
        if not counted or commune is None or ctx.rng.random() < OMITTED_SHARE:
            continue
        by_commune[commune.pk].append(
            Beneficiary(
                programme=programme,
                unit_id=person.unit_id,
                unit_path=person.unit_path,
                person=person,
                household_id=person.household_id,
                full_name=person.full_name,
                name_folded=person.name_folded,
                national_id=person.national_id,
                birth_year=person.birth_year,
                period_start=PERIOD[0],
                period_end=PERIOD[1],
                days=counted,
                known_days=days.get(person.pk),
                amount=programme.amount * counted,
                source=EntrySource.REGISTRY,
                created_at=now,
            )
        )
    return by_commune


def _lists(ctx: DemoContext, programme: Programme) -> list[BeneficiaryList]:
    by_commune = _entries(ctx, programme)
    communes = {c.pk: c for c in ctx.communes}
    now, lists, entries, steps = clock.now(), [], [], []
    for index, (commune_id, lines) in enumerate(sorted(by_commune.items())):
        commune = communes[commune_id]
        reached = index % (len(PATH) + 1)  # draft, submitted, district-approved, approved in turn
        blist = BeneficiaryList(
            programme=programme,
            unit=commune,
            unit_path=commune.path,
            period_start=PERIOD[0],
            period_end=PERIOD[1],
            title=f"{programme.name} – {commune.name} (01–20/11/2021)"[:255],
            status=(ListStatus.DRAFT, *PATH)[reached],
            created_at=now,
            created_by=ctx.actor,
            updated_at=now,
        )
        lists.append(blist)
        entries.append(lines)
    BeneficiaryList.objects.bulk_create(lists)
    for blist, lines in zip(lists, entries, strict=True):
        for line in lines:
            line.beneficiary_list = blist
        previous = ListStatus.DRAFT
        for status in PATH[: PATH.index(blist.status) + 1] if blist.status in PATH else ():
            steps.append(
                ListStep(
                    beneficiary_list=blist,
                    from_status=previous,
                    to_status=status,
                    comment="",
                    actor=ctx.actor,
                    at=now,
                )
            )
            previous = status
    Beneficiary.objects.bulk_create([line for lines in entries for line in lines], batch_size=2000)
    ListStep.objects.bulk_create(steps)
    return lists


def _twice(ctx: DemoContext, lists: list[BeneficiaryList]) -> int:
    """A few people declared again by another commune's draft list (a typed line, same CCCD)."""
    drafts = [b for b in lists if b.status == ListStatus.DRAFT]
    approved = [line for b in lists if b.status == ListStatus.APPROVED for line in b.entries.all()[:1]][
        :TWICE
    ]
    if not drafts or not approved:
        return 0
    target, now = drafts[0], clock.now()
    copies = Beneficiary.objects.bulk_create(
        [
            Beneficiary(
                beneficiary_list=target,
                programme=target.programme,
                unit_id=target.unit_id,
                unit_path=target.unit_path,
                full_name=line.full_name,
                name_folded=line.name_folded,
                national_id=line.national_id,
                birth_year=line.birth_year,
                period_start=PERIOD[0],
                period_end=PERIOD[1],
                days=line.days,
                amount=line.amount,
                source=EntrySource.IMPORT,
                created_at=now,
                note="Khai lại ở xã khác",
            )
            for line in approved
            if line.unit_path != target.unit_path
        ]
    )
    fresh = list(
        Beneficiary.objects.filter(pk__in=[c.pk for c in copies]).select_related(
            "programme", "beneficiary_list"
        )
    )
    return services.conflicts_record(actor=ctx.actor, entries=fresh) if fresh else 0


def _payments(ctx: DemoContext) -> int:
    lines = (
        Beneficiary.objects.visible_to(Jurisdiction.of([ctx.province.path]))
        .filter(beneficiary_list__status=ListStatus.APPROVED)
        .order_by("pk")
    )
    now, rows = clock.now(), []
    for line in lines:
        if ctx.rng.random() > 0.7:
            continue
        cash = ctx.rng.random() < 0.6
        rows.append(
            Payment(
                entry=line,
                programme_id=line.programme_id,
                unit_id=line.unit_id,
                unit_path=line.unit_path,
                amount=line.amount,
                paid_on=ctx.today - dt.timedelta(days=ctx.rng.randint(0, 5)),
                method=PaymentMethod.CASH if cash else PaymentMethod.TRANSFER,
                receiver_name=line.full_name,
                signed=cash,
                transfer_reference="" if cash else f"FT21{ctx.rng.randint(10**7, 10**8 - 1)}",
                voucher_number=f"PC-{line.pk}",
                recorded_by=ctx.actor,
                recorded_at=now,
            )
        )
    Payment.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


DONORS = (
    ("organisation", "Công ty Cổ phần Thủy điện {p}", True, 120_000_000),
    ("organisation", "Ngân hàng Nông nghiệp và PTNT chi nhánh {p}", True, 200_000_000),
    ("organisation", "Hợp tác xã chè {p}", False, 15_000_000),
    ("person", "Nhà hảo tâm", False, 2_000_000),
)


def _fund(ctx: DemoContext) -> int:
    unit, now, rng = ctx.province, clock.now(), ctx.rng
    bare = unit.name.replace("Tỉnh ", "")
    donations = [
        Donation(
            unit=unit,
            unit_path=unit.path,
            donor_kind=kind,
            donor_name=name.format(p=bare),
            named_publicly=named,
            kind="cash" if i % 5 else "in_kind",
            items="" if i % 5 else "Gạo, mì tôm",
            amount=amount * rng.randint(1, 3),
            received_on=dt.date(2021, 8, 1) + dt.timedelta(days=i * 3),
            receipt_number=f"BN-{i + 1:04d}",
            recorded_by=ctx.actor,
            recorded_at=now,
        )
        for i, (kind, name, named, amount) in enumerate(DONORS * 5)
    ]
    Donation.objects.bulk_create(donations)
    total = sum(d.amount for d in donations)
    shares = (
        ("medical", 0.5, "Mua máy thở, máy SpO2"),
        ("frontline", 0.2, "Bồi dưỡng lực lượng tuyến đầu"),
        ("relief", 0.2, "Gạo cho hộ khó khăn"),
    )
    allocations = Allocation.objects.bulk_create(
        [
            Allocation(
                unit=unit,
                unit_path=unit.path,
                purpose=purpose,
                amount=int(total * share),
                decided_on=dt.date(2021, 9, 1 + i),
                document_number=f"{20 + i}/QĐ-MTTQ",
                description=text,
                recorded_by=ctx.actor,
                recorded_at=now,
            )
            for i, (purpose, share, text) in enumerate(shares)
        ]
    )
    Spending.objects.bulk_create(
        [
            Spending(
                allocation=a,
                unit=unit,
                unit_path=unit.path,
                amount=int(a.amount * 0.6),
                spent_on=dt.date(2021, 10, 1),
                document_number=f"PC-Q-{i + 1}",
                description=a.description,
                recorded_by=ctx.actor,
                recorded_at=now,
            )
            for i, a in enumerate(allocations)
        ]
    )
    return len(donations)


def create_support(ctx: DemoContext) -> None:
    _logins(ctx)
    lists = []
    for code in ("NQ68-F0-TIEN-AN", "NQ68-F1-TIEN-AN"):
        lists += _lists(ctx, Programme.objects.get(code=code))
    conflicts = sum(
        _twice(ctx, [b for b in lists if b.programme.code == code])
        for code in ("NQ68-F0-TIEN-AN", "NQ68-F1-TIEN-AN")
    )
    payments = _payments(ctx)
    donations = _fund(ctx)
    entries = Beneficiary.objects.filter(beneficiary_list__in=lists).count()
    audit.record(
        actor=ctx.actor,
        action=AuditAction.BULK_LOAD,
        entity="support.beneficiary",
        unit_path=ctx.province.path,
        row_count=entries + payments + donations,
        summary=f"Demo: {len(lists)} danh sách hỗ trợ, {entries} người, "
        f"{payments} lần chi, {donations} lượt ủng hộ",
    )
    ctx.counts.update(
        support_lists=len(lists),
        support_entries=entries,
        support_conflicts=conflicts,
        support_payments=payments,
        fund_donations=donations,
    )
