"""The province's response organisations, named after the real units, and one demo login per role."""

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password

from phaodai.accounts.models import Organisation, OrganisationKind, User
from phaodai.accounts.roles import Role
from phaodai.core import audit
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.demo import tables
from phaodai.demo.context import DemoContext, Login
from phaodai.demo.names import Weighted, name_style
from phaodai.demo.places import bare_name, unit_phrase
from phaodai.demo.reference import checkpoints, ethnic_mix, ethnic_profile, showcase_commune
from phaodai.geo.models import AdminUnit

# (slot, kind, name, short name) per level; {of} is "tỉnh Lai Châu", "huyện Phong Thổ", "xã Dào San"...
_K = OrganisationKind
_STEERING = "Ban Chỉ đạo phòng, chống dịch COVID-19 {of}"
PROVINCE_ORGANISATIONS = (
    ("steering", _K.STEERING_COMMITTEE, _STEERING, "BCĐ {bare}"),
    ("people", _K.PEOPLES_COMMITTEE, "Ủy ban nhân dân {of}", "UBND {bare}"),
    ("health", _K.HEALTH_DEPARTMENT, "Sở Y tế {of}", "Sở Y tế {bare}"),
    ("cdc", _K.CDC, "Trung tâm Kiểm soát bệnh tật {of}", "CDC {bare}"),
    ("hospital", _K.HOSPITAL, "Bệnh viện Đa khoa {of}", "BVĐK {bare}"),
    ("transport", _K.TRANSPORT, "Sở Giao thông vận tải {of}", "Sở GTVT {bare}"),
    ("planning", _K.PLANNING, "Sở Kế hoạch và Đầu tư {of}", "Sở KH&ĐT {bare}"),
    ("labour", _K.LABOUR, "Sở Lao động - Thương binh và Xã hội {of}", "Sở LĐ-TB&XH {bare}"),
    ("front", _K.FATHERLAND_FRONT, "Ủy ban Mặt trận Tổ quốc Việt Nam {of}", "UBMTTQ {bare}"),
)
DISTRICT_ORGANISATIONS = (
    ("steering", _K.STEERING_COMMITTEE, _STEERING, "BCĐ {bare}"),
    ("health", _K.DISTRICT_HEALTH_CENTRE, "Trung tâm Y tế {of}", "TTYT {bare}"),
    ("quarantine", _K.QUARANTINE_FACILITY, "Khu cách ly tập trung {of}", "KCL {bare}"),
)
COMMUNE_ORGANISATIONS = (
    ("health", _K.COMMUNE_HEALTH_STATION, "Trạm Y tế {of}", "TYT {bare}"),
    ("team", _K.COMMUNITY_TEAM, "Tổ COVID cộng đồng {of}", "Tổ COVID {bare}"),
)
DEFAULT_CHECKPOINT = "Chốt kiểm soát dịch bệnh {of}"


@dataclass(frozen=True)
class OrganisationSpec:
    slot: str
    kind: str
    name: str
    short_name: str
    unit: AdminUnit
    served: tuple[AdminUnit, ...] = ()


def _level_specs(
    prefix: str, unit: AdminUnit, table: tuple[tuple[str, str, str, str], ...]
) -> list[OrganisationSpec]:
    words = {"of": unit_phrase(unit), "bare": bare_name(unit)}
    return [
        OrganisationSpec(f"{prefix}:{slot}", kind, name.format(**words), short.format(**words), unit)
        for slot, kind, name, short in table
    ]


def _checkpoint_specs(ctx: DemoContext) -> list[OrganisationSpec]:
    """The data's checkpoints for the province (a commune's serves its district), else one per district."""
    districts = {d.code: d for d in ctx.districts}
    communes = {c.code: c for c in ctx.communes}
    placed: list[tuple[AdminUnit, AdminUnit, str]] = []  # (home unit, district, name)
    for code, name in checkpoints(ctx.province_code):
        if code in communes:
            placed.append((communes[code], ctx.district_of(communes[code]), name))
        elif code in districts:
            placed.append((districts[code], districts[code], name))
    if not placed:
        placed = [(d, d, DEFAULT_CHECKPOINT.format(of=unit_phrase(d))) for d in ctx.districts]
    return [
        OrganisationSpec(
            slot=f"checkpoint:{district.code}:{number}",
            kind=OrganisationKind.CHECKPOINT,
            name=name,
            short_name="Chốt kiểm soát",
            unit=unit,
            served=(district,) if unit != district else (),
        )
        for number, (unit, district, name) in enumerate(placed)
    ]


def organisation_specs(ctx: DemoContext) -> list[OrganisationSpec]:
    specs = _level_specs("province", ctx.province, PROVINCE_ORGANISATIONS)
    for district in ctx.districts:
        specs += _level_specs(f"district:{district.code}", district, DISTRICT_ORGANISATIONS)
    specs += _checkpoint_specs(ctx)
    for commune in ctx.communes:
        specs += _level_specs(f"commune:{commune.code}", commune, COMMUNE_ORGANISATIONS)
    return specs


def create_organisations(ctx: DemoContext) -> None:
    """Create what is missing (an organisation already there under the same unit and name is reused)."""
    specs = organisation_specs(ctx)
    existing = {
        (o.unit_id, o.name): o for o in Organisation.objects.visible_to(Jurisdiction.of([ctx.province.path]))
    }
    new = [
        Organisation(name=s.name, short_name=s.short_name, kind=s.kind, unit=s.unit, unit_path=s.unit.path)
        for s in specs
        if (s.unit.pk, s.name) not in existing
    ]
    for organisation in Organisation.objects.bulk_create(new, batch_size=2000):
        existing[(organisation.unit_id, organisation.name)] = organisation
    ctx.organisations = {s.slot: existing[(s.unit.pk, s.name)] for s in specs}
    through = Organisation.served_units.through
    Organisation.served_units.through.objects.bulk_create(
        [
            through(organisation_id=ctx.organisations[s.slot].pk, adminunit_id=unit.pk)
            for s in specs
            for unit in s.served
        ],
        ignore_conflicts=True,
    )
    audit.record(
        actor=ctx.actor,
        action=AuditAction.BULK_LOAD,
        entity="accounts.organisation",
        unit_path=ctx.province.path,
        row_count=len(new),
        summary=f"Demo: {len(new)} tổ chức của {ctx.province.name}",
    )
    ctx.counts["organisations"] = len(new)


def showcase_units(ctx: DemoContext) -> tuple[AdminUnit, AdminUnit]:
    """The commune (and its district) whose organisations the commune- and district-level logins join."""
    code = showcase_commune(ctx.province_code)
    commune = next((c for c in ctx.communes if c.code == code), None)
    if commune is None:
        indexes = [i for i, c in enumerate(ctx.communes) if c.division_type == "xã"]
        indexes = indexes or list(range(len(ctx.communes)))
        commune = ctx.communes[max(indexes, key=lambda i: (ctx.commune_full_population[i], -i))]
    return commune, ctx.district_of(commune)


def login_slots(ctx: DemoContext) -> list[tuple[str, str, str]]:
    """(role, username, organisation slot) for every role."""
    commune, district = showcase_units(ctx)
    checkpoint = next(
        (slot for slot in ctx.organisations if slot.startswith(f"checkpoint:{district.code}:")),
        next(slot for slot in ctx.organisations if slot.startswith("checkpoint:")),
    )
    return [
        (Role.PROVINCIAL_STEERING, "bcd_tinh", "province:steering"),
        (Role.HEALTH_DEPARTMENT, "soyte", "province:health"),
        (Role.CDC, "cdc", "province:cdc"),
        (Role.HOSPITAL, "benhvien", "province:hospital"),
        (Role.DISTRICT_HEALTH, "ttyt_huyen", f"district:{district.code}:health"),
        (Role.COMMUNE_HEALTH, "tramyte_xa", f"commune:{commune.code}:health"),
        (Role.CHECKPOINT, "chot", checkpoint),
        (Role.QUARANTINE_FACILITY, "khucachly", f"district:{district.code}:quarantine"),
        (Role.COMMUNITY_TEAM, "tocovid", f"commune:{commune.code}:team"),
        (Role.LABOUR_SOCIAL, "laodong", "province:labour"),
        (Role.OBSERVER, "quansat", "province:front"),
        (Role.SYSTEM_ADMIN, "quantri", "province:health"),
    ]


def create_users(ctx: DemoContext) -> None:
    """One login per role, all with the shared demo password. A username already taken (a demo of another
    province in the same database) gets the province code appended."""
    rng = ctx.rng
    slots = login_slots(ctx)
    bases = [username for _, username, _ in slots]
    taken = set(
        User.objects.filter(username__in=bases + [f"{b}_{ctx.province_code}" for b in bases]).values_list(
            "username", flat=True
        )
    )
    mix = Weighted(ethnic_mix(ctx.province_code))
    users = []
    for role, base, slot in slots:
        username = base if base not in taken else f"{base}_{ctx.province_code}"
        if username in taken:
            raise DomainError(f"Tên đăng nhập demo «{username}» đã có người dùng.")
        style = name_style(ethnic_profile(mix.draw(rng)).style)
        sex = "M" if rng.random() < 0.6 else "F"
        full_name = style.full_name(rng, sex, style.family_name(rng))
        organisation = ctx.organisations[slot]
        users.append(User(username=username, role=role, organisation=organisation, full_name=full_name))
        ctx.logins.append(Login(role=role, username=username, organisation=organisation.name))
    validate_password(tables.DEMO_PASSWORD, users[0])
    # One hash for all: the password is shared and printed anyway, and each hash costs a few hundred ms.
    users[0].set_password(tables.DEMO_PASSWORD)
    for user in users[1:]:
        user.password = users[0].password
    User.objects.bulk_create(users)
    audit.record(
        actor=ctx.actor,
        action=AuditAction.BULK_LOAD,
        entity="accounts.user",
        unit_path=ctx.province.path,
        row_count=len(users),
        summary=f"Demo: {len(users)} tài khoản demo của {ctx.province.name}",
    )
    ctx.counts["users"] = len(users)
