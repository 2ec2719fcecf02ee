"""The province's real districts and communes, how many people each holds, and its villages."""

import random
from collections.abc import Sequence

from phaodai.core import audit
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.demo import tables
from phaodai.demo.context import DemoContext, Village
from phaodai.demo.names import VillageNamer
from phaodai.demo.reference import census_2019, ethnic_mix, ethnic_profile
from phaodai.geo.models import AdminUnit, UnitLevel

_DIVISION_WORDS = ("Thành phố ", "Thị xã ", "Thị trấn ", "Tỉnh ", "Huyện ", "Quận ", "Phường ", "Xã ")


def bare_name(unit: AdminUnit) -> str:
    """``Xã Dào San`` -> ``Dào San`` (unit names carry their division word)."""
    for word in _DIVISION_WORDS:
        if unit.name.startswith(word):
            return unit.name[len(word) :]
    return unit.name


def unit_phrase(unit: AdminUnit) -> str:
    """The unit as it follows an organisation's name: ``Xã Dào San`` -> ``xã Dào San``."""
    return unit.name[:1].lower() + unit.name[1:] if bare_name(unit) != unit.name else unit.name


def allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` into integers that add up to it (largest remainder)."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    exact = [total * weight / weight_sum for weight in weights]
    counts = [int(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def load_places(ctx: DemoContext) -> None:
    """The province's districts and communes, in path order (which makes everything after deterministic)."""
    units = list(
        AdminUnit.objects.visible_to(Jurisdiction.of([ctx.province.path]))
        .filter(unit_map=ctx.province.unit_map, level__in=(UnitLevel.DISTRICT, UnitLevel.COMMUNE))
        .order_by("path")
    )
    ctx.districts = [u for u in units if u.level == UnitLevel.DISTRICT]
    ctx.communes = [u for u in units if u.level == UnitLevel.COMMUNE]
    if not ctx.communes:
        raise DomainError(f"{ctx.province.name} chưa có xã/phường/thị trấn: chạy manage.py load_units trước.")
    ctx.counts["districts"] = len(ctx.districts)
    ctx.counts["communes"] = len(ctx.communes)


def plan_communes(ctx: DemoContext) -> None:
    """People per commune (the census total spread by division type) and each commune's ethnic mix."""
    total = census_2019().get(ctx.province_code)
    if total is None:
        raise DomainError(f"Không có số liệu điều tra dân số 2019 cho tỉnh mã {ctx.province_code}.")
    rng = ctx.rng
    weights = [
        tables.DIVISION_WEIGHT.get(c.division_type, 1.0) * rng.lognormvariate(0, 0.3) for c in ctx.communes
    ]
    ctx.commune_full_population = allocate(total, weights)
    ctx.commune_population = allocate(round(total * ctx.scale), weights)
    ctx.commune_mix = _commune_mixes(ctx)


def _commune_mixes(ctx: DemoContext) -> list[list[tuple[str, float]]]:
    """Concentrate each people in some communes (a log-normal factor; Kinh in the towns), then fit the
    commune x ethnicity table back to the province's shares (iterative proportional fitting)."""
    rng = ctx.rng
    mix = ethnic_mix(ctx.province_code)
    codes = [code for code, _ in mix]
    populations = [max(p, 1) for p in ctx.commune_full_population]
    table = []
    for commune in ctx.communes:
        urban = commune.division_type in tables.URBAN_DIVISIONS
        row = []
        for code, share in mix:
            boost = tables.KINH_URBAN_BOOST if urban and code == "01" else 1.0
            row.append(share * boost * rng.lognormvariate(0, tables.ETHNIC_CLUSTERING))
        table.append(row)
    grand_total = sum(populations)
    targets = [share * grand_total for _, share in mix]
    for _ in range(40):
        for row, population in zip(table, populations, strict=True):
            factor = population / sum(row)
            row[:] = [value * factor for value in row]
        for column, target in enumerate(targets):
            factor = target / sum(row[column] for row in table)
            for row in table:
                row[column] *= factor
    return [[(code, value / sum(row)) for code, value in zip(codes, row, strict=True)] for row in table]


def household_shares(mix: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """Shares of persons -> shares of households (a Mông household holds more people than a Kinh one)."""
    weights = [(code, share / ethnic_profile(code).household_mean) for code, share in mix]
    total = sum(weight for _, weight in weights)
    return [(code, weight / total) for code, weight in weights]


def _main_peoples(rng: random.Random, mix: Sequence[tuple[str, float]], count: int) -> list[str]:
    """The main people of each of a commune's villages: villages shared out in proportion to the mix
    (a people too small for a village of its own still lives in the others), in random order."""
    shares = allocate(count, [share for _, share in mix])
    mains = [code for (code, _), villages in zip(mix, shares, strict=True) for _ in range(villages)]
    rng.shuffle(mains)
    return mains


def create_villages(ctx: DemoContext) -> None:
    """5-15 villages per commune (about one per 450 people at full scale), named in the style of the
    people who mostly live there; wards and townships have numbered residential groups."""
    rng = ctx.rng
    existing: dict[int, list[tuple[str, str]]] = {}
    for parent_id, code, name in AdminUnit.objects.filter(
        parent__in=ctx.communes, level=UnitLevel.VILLAGE
    ).values_list("parent_id", "code", "name"):
        existing.setdefault(parent_id, []).append((code, name))
    low, high = tables.VILLAGES_PER_COMMUNE
    new_units: list[AdminUnit] = []
    plans: list[tuple[int, str, bool, str]] = []  # commune index, main ethnicity, urban, address tail
    for index, commune in enumerate(ctx.communes):
        urban = commune.division_type in tables.URBAN_DIVISIONS
        count = min(high, max(low, round(ctx.commune_full_population[index] / tables.PERSONS_PER_VILLAGE)))
        taken_codes = {code for code, _ in existing.get(commune.pk, [])}
        namer = VillageNamer(rng, bare_name(commune))
        namer.reserve([name for _, name in existing.get(commune.pk, [])])
        district = ctx.district_of(commune)
        tail = f"{commune.name}, {district.name}, {ctx.province.name}"
        number = 0
        for main in _main_peoples(rng, household_shares(ctx.commune_mix[index]), count):
            village = namer.residential_group() if urban else namer.village(ethnic_profile(main).style)
            number += 1
            while f"T{number:03d}" in taken_codes:
                number += 1
            code = f"T{number:03d}"
            new_units.append(
                AdminUnit(
                    unit_map=commune.unit_map,
                    level=UnitLevel.VILLAGE,
                    code=code,
                    name=village.name,
                    division_type=village.division_type,
                    parent=commune,
                    path=f"{commune.path}{code}/",
                )
            )
            plans.append((index, main, urban, tail))
    created = AdminUnit.objects.bulk_create(new_units, batch_size=5000)
    ctx.villages = [
        Village(
            id=unit.pk,
            path=unit.path,
            code=unit.code,
            commune_index=index,
            address=f"{unit.name}, {tail}",
            main_ethnicity=main,
            urban=urban,
        )
        for unit, (index, main, urban, tail) in zip(created, plans, strict=True)
    ]
    audit.record(
        actor=ctx.actor,
        action=AuditAction.BULK_LOAD,
        entity="geo.adminunit",
        unit_path=ctx.province.path,
        row_count=len(created),
        summary=f"Demo: {len(created)} thôn/bản/tổ dân phố của {ctx.province.name}",
    )
    ctx.counts["villages"] = len(created)
