"""Households and persons of the demo province, and the population table aggregated from them.

Households are planned first (village, ethnicity, size) and inserted in one bulk write; persons are then
generated lazily, household by household, and streamed through ``persons_bulk_load`` so that 460,000 of
them never sit in memory at once. Family names pass from the head to the children; a wife keeps hers.
"""

import datetime as dt
import math
from collections.abc import Iterator
from functools import cache

from django.db import connection

from phaodai.core import audit
from phaodai.core.bulk import bulk_insert, next_ids, reset_sequence
from phaodai.core.models import AuditAction
from phaodai.demo import tables
from phaodai.demo.context import DemoContext, HouseholdPlan, Village
from phaodai.demo.identifiers import Identifiers
from phaodai.demo.names import NameStyle, Weighted, name_style
from phaodai.demo.places import household_shares
from phaodai.demo.reference import EthnicProfile, ethnic_profile
from phaodai.geo.models import Population
from phaodai.people.bulk import PersonRow, persons_bulk_load
from phaodai.people.models import Household, Person
from phaodai.people.reference import Sex

_HOUSEHOLD_COLUMNS = ("id", "code", "address", "head_id", "unit_id", "unit_path")


@cache
def household_sizes(mean: float) -> Weighted[int]:
    """1 + Poisson(mean - 1), cut at MAX_HOUSEHOLD: mostly 3-7, larger where the mean is larger."""
    lam = mean - 1
    return Weighted(
        (size, math.exp(-lam) * lam ** (size - 1) / math.factorial(size - 1))
        for size in range(1, tables.MAX_HOUSEHOLD + 1)
    )


def _others_mix(
    ctx: DemoContext, commune_index: int, village_weights: list[tuple[int, float]], dominance: float
) -> Weighted[str]:
    """Who lives in a village besides its main people: what the main peoples leave of the commune's mix,
    so that the commune (and the province) keeps its mix, small peoples without a village of their own
    included."""
    total = sum(weight for _, weight in village_weights)
    as_main: dict[str, float] = {}
    for index, weight in village_weights:
        main = ctx.villages[index].main_ethnicity
        as_main[main] = as_main.get(main, 0.0) + weight / total
    mix = household_shares(ctx.commune_mix[commune_index])
    rest = [(code, max(0.0, share - dominance * as_main.get(code, 0.0))) for code, share in mix]
    return Weighted(rest) if any(share > 0 for _, share in rest) else Weighted(mix)


def create_households(ctx: DemoContext) -> None:
    """Cut each commune's people into households, each in a village drawn by the village's weight.

    Whole households are drawn until the commune's count is reached, so that a small ``--scale`` gives
    fewer households of the usual size (not one person in every village).
    """
    rng = ctx.rng
    by_commune: dict[int, list[int]] = {}
    for index, village in enumerate(ctx.villages):
        by_commune.setdefault(village.commune_index, []).append(index)
    plans: list[tuple[int, str, int]] = []
    for commune_index, village_indexes in sorted(by_commune.items()):
        weights = [(index, rng.uniform(0.5, 1.5)) for index in village_indexes]
        villages = Weighted(weights)
        urban = ctx.villages[village_indexes[0]].urban
        dominance = tables.VILLAGE_DOMINANCE["urban" if urban else "rural"]
        others = _others_mix(ctx, commune_index, weights, dominance)
        drawn: list[tuple[int, str, int]] = []
        left = ctx.commune_population[commune_index]
        while left > 0:
            village_index = villages.draw(rng)
            village = ctx.villages[village_index]
            ethnicity = village.main_ethnicity if rng.random() < dominance else others.draw(rng)
            size = min(left, household_sizes(ethnic_profile(ethnicity).household_mean).draw(rng))
            drawn.append((village_index, ethnicity, size))
            left -= size
        plans += sorted(drawn, key=lambda plan: plan[0])  # stable: households of a village in draw order
    first_id = next_ids(Household, 1).start
    ctx.households = [
        HouseholdPlan(id=first_id + offset, village_index=village_index, ethnicity=ethnicity, size=size)
        for offset, (village_index, ethnicity, size) in enumerate(plans)
    ]
    numbers: dict[int, int] = {}
    rows = []
    for plan in ctx.households:
        village = ctx.villages[plan.village_index]
        numbers[plan.village_index] = number = numbers.get(plan.village_index, 0) + 1
        commune_code = ctx.communes[village.commune_index].code
        code = f"{commune_code}.{village.code}.{number:03d}"
        rows.append((plan.id, code, village.address, None, village.id, village.path))
    bulk_insert(Household, _HOUSEHOLD_COLUMNS, rows)
    reset_sequence(Household)
    audit.record(
        actor=ctx.actor,
        action=AuditAction.BULK_LOAD,
        entity="people.household",
        unit_path=ctx.province.path,
        row_count=len(rows),
        summary=f"Demo: {len(rows)} hộ gia đình của {ctx.province.name}",
    )
    ctx.counts["households"] = len(rows)


class PersonGenerator:
    """Members of each planned household, with the attributes a registry holds about them."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.year = ctx.year
        self.ids = Identifiers(ctx.rng, ctx.province_code)
        self.youngest_child = Weighted(enumerate(tables.YOUNGEST_CHILD_AGE))
        self.childless_age = Weighted(
            (age, weight / (high - low + 1))
            for low, high, weight in tables.CHILDLESS_AGE_BANDS
            for age in range(low, high + 1)
        )
        self.band_of_age = [
            next(i for i, (low, high, _) in enumerate(tables.BANDS) if low <= age <= high)
            for age in range(121)
        ]
        self.conditions_at_age = [
            tuple(
                (str(cond), rate) for cond, low, high, rate in tables.COMORBIDITY_RATES if low <= age <= high
            )
            for age in range(121)
        ]
        self.occupations = {
            (False, False): Weighted(tables.OCCUPATIONS_RURAL),
            (True, False): Weighted(tables.OCCUPATIONS_URBAN),
            (False, True): Weighted(tables.OCCUPATIONS_ELDERLY),
            (True, True): Weighted(tables.OCCUPATIONS_ELDERLY_URBAN),
        }
        self.jan_first = {y: dt.date(y, 1, 1).toordinal() for y in range(self.year - 121, self.year + 1)}
        self.days_this_year = ctx.today.timetuple().tm_yday
        ctx.band_counts = [[0] * len(tables.BANDS) for _ in ctx.communes]

    def rows(self) -> Iterator[PersonRow]:
        for plan in self.ctx.households:
            village = self.ctx.villages[plan.village_index]
            profile = ethnic_profile(plan.ethnicity)
            style = name_style(profile.style)
            counts = self.ctx.band_counts[village.commune_index]
            lineage = style.family_name(self.rng)
            for sex, age, of_lineage in self.members(plan.size, profile):
                family = lineage if of_lineage else style.family_name(self.rng, other_than=lineage)
                counts[self.band_of_age[age]] += 1
                yield self.person(plan, village, style, family, sex, age)

    def members(self, size: int, profile: EthnicProfile) -> list[tuple[str, int, bool]]:
        """(sex, age, takes the household's family name) for each member, the head first."""
        rng = self.rng
        if size == 1:
            return [(Sex.MALE if rng.random() < 0.5 else Sex.FEMALE, self.childless_age.draw(rng), True)]
        has_spouse = rng.random() < tables.HAS_SPOUSE
        slots = size - 1 - has_spouse
        elders = 0
        if slots >= 1 and rng.random() < tables.ELDER_CHANCE[0] + tables.ELDER_CHANCE[1] * slots:
            elders = 2 if slots >= 3 and rng.random() < 0.3 else 1
        children = slots - elders
        child_ages: list[int] = []
        if children:
            age = self.youngest_child.draw(rng)
            child_ages.append(age)
            for _ in range(children - 1):
                age += int(rng.uniform(*tables.BIRTH_GAP) + 0.5)
                child_ages.append(age)
            mother = min(age + rng.randint(*profile.first_birth), 75)
            father = mother + rng.randint(*tables.HUSBAND_OLDER)
        else:
            father = self.childless_age.draw(rng)
            mother = max(17, father - rng.randint(*tables.HUSBAND_OLDER))
        members: list[tuple[str, int, bool]] = []
        if rng.random() < tables.HEAD_IS_MALE:
            members.append((Sex.MALE, father, True))
            if has_spouse:
                members.append((Sex.FEMALE, mother, False))
        else:
            members.append((Sex.FEMALE, mother, not has_spouse))
            if has_spouse:
                members.append((Sex.MALE, father, True))
        if elders:
            sexes = (Sex.FEMALE, Sex.MALE) if rng.random() < 0.6 else (Sex.MALE, Sex.FEMALE)
            for sex in sexes[:elders]:
                elder_age = min(tables.MAX_AGE, father + rng.randint(*tables.GRANDPARENT_GAP))
                members.append((sex, elder_age, sex == Sex.MALE))
        for child_age in child_ages:
            members.append((Sex.MALE if rng.random() < 0.505 else Sex.FEMALE, child_age, True))
        return members

    def person(
        self, plan: HouseholdPlan, village: Village, style: NameStyle, family: str, sex: str, age: int
    ) -> PersonRow:
        rng = self.rng
        birth_year = self.year - age
        birth_date = None
        if rng.random() < tables.BIRTH_DATE_SHARE:
            days = self.days_this_year if birth_year == self.year else 365 + (birth_year % 4 == 0)
            birth_date = dt.date.fromordinal(self.jan_first[birth_year] + rng.randrange(days))
        national_id = phone = occupation = ""
        if age >= tables.ADULT_AGE:
            roll = rng.random()
            cccd_share, cmnd_share = tables.ADULT_IDS
            if roll < cccd_share:
                national_id = self.ids.cccd(sex, birth_year)
            elif roll < cccd_share + cmnd_share:
                national_id = self.ids.cmnd()
            if rng.random() < tables.PHONE_SHARE:
                phone = self.ids.phone()
            occupation = self.occupations[(village.urban, age >= 60)].draw(rng)
        elif age >= 6:
            occupation = tables.PUPIL
            if age >= tables.ID_CARD_AGE and rng.random() < tables.TEEN_CCCD:
                national_id = self.ids.cccd(sex, birth_year)
        comorbidities = tuple(cond for cond, rate in self.conditions_at_age[age] if rng.random() < rate)
        low, high, share = tables.PREGNANCY
        pregnant = sex == Sex.FEMALE and low <= age <= high and rng.random() < share
        return PersonRow(
            full_name=style.full_name(rng, sex, family),
            birth_year=birth_year,
            birth_date=birth_date,
            sex=sex,
            unit_id=village.id,
            unit_path=village.path,
            national_id=national_id,
            phone=phone,
            address=village.address,
            ethnicity=plan.ethnicity,
            occupation=occupation,
            comorbidities=comorbidities,
            pregnant=pregnant,
            household_id=plan.id,
        )


def create_persons(ctx: DemoContext) -> None:
    generator = PersonGenerator(ctx)
    count = persons_bulk_load(
        actor=ctx.actor,
        rows=generator.rows(),
        summary=f"Demo: dân cư tổng hợp của {ctx.province.name}",
        unit_path=ctx.province.path,
    )
    if ctx.households:
        _set_heads(ctx.households[0].id, ctx.households[-1].id)
    ctx.counts["persons"] = count


def _set_heads(first: int, last: int) -> None:
    """Each household's head is its first member (the generator yields the head first). One grouped
    UPDATE ... FROM: a correlated "first member" subquery per household makes PostgreSQL, without
    statistics on rows inserted in this transaction, walk the whole person table for each household."""
    quote = connection.ops.quote_name
    household, person = quote(Household._meta.db_table), quote(Person._meta.db_table)
    sql = (
        f"UPDATE {household} SET {quote('head_id')} = heads.first_id FROM ("  # noqa: S608 - quoted names
        f"SELECT {quote('household_id')}, MIN({quote('id')}) AS first_id FROM {person} "
        f"WHERE {quote('household_id')} BETWEEN %s AND %s GROUP BY {quote('household_id')}"
        f") AS heads WHERE {household}.{quote('id')} = heads.{quote('household_id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [first, last])


def create_population_rows(ctx: DemoContext) -> None:
    """Population by commune and age band for the demo year, counted from the persons just made."""
    rows = [
        Population(unit=commune, unit_path=commune.path, year=ctx.year, band=band, count=counts[index])
        for commune, counts in zip(ctx.communes, ctx.band_counts, strict=True)
        for index, (_, _, band) in enumerate(tables.BANDS)
    ]
    Population.objects.bulk_create(
        rows,
        batch_size=5000,
        update_conflicts=True,
        unique_fields=("unit", "year", "band"),
        update_fields=("count", "unit_path"),
    )
    audit.record(
        actor=ctx.actor,
        action=AuditAction.BULK_LOAD,
        entity="geo.population",
        unit_path=ctx.province.path,
        row_count=len(rows),
        summary=f"Demo: dân số {ctx.year} theo nhóm tuổi của {ctx.province.name}",
    )
    ctx.counts["population_rows"] = len(rows)
