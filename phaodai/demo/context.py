"""What the demo's steps share: the province, the plan so far, a seeded random source per step."""

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from phaodai.accounts.models import Organisation
from phaodai.geo.models import AdminUnit


@dataclass(frozen=True)
class Village:
    """A village the demo created, with what the population step needs to place people in it."""

    id: int
    path: str
    code: str
    commune_index: int
    address: str
    main_ethnicity: str
    urban: bool


@dataclass(frozen=True)
class HouseholdPlan:
    id: int
    village_index: int
    ethnicity: str
    size: int


@dataclass
class Login:
    role: str
    username: str
    organisation: str


@dataclass
class DemoContext:
    """Passed to every step in order. A step reads what earlier steps left here and adds its own part.

    ``rng`` is re-seeded from (seed, step name) before each step, so a step added later, or a change
    inside one step, leaves the rows of the other steps as they were.
    """

    province: AdminUnit
    seed: int
    scale: float
    today: dt.date
    actor: Any = None
    rng: random.Random = field(default_factory=random.Random)
    districts: list[AdminUnit] = field(default_factory=list)
    communes: list[AdminUnit] = field(default_factory=list)
    commune_full_population: list[int] = field(default_factory=list)  # at scale 1, shapes the villages
    commune_population: list[int] = field(default_factory=list)  # scaled: how many persons to create
    commune_mix: list[list[tuple[str, float]]] = field(default_factory=list)  # (ethnicity, share)
    villages: list[Village] = field(default_factory=list)
    households: list[HouseholdPlan] = field(default_factory=list)
    band_counts: list[list[int]] = field(default_factory=list)  # per commune, per tables.BANDS
    organisations: dict[str, Organisation] = field(default_factory=dict)  # by slot, e.g. "province:cdc"
    logins: list[Login] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    residents: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # (id, birth year) by commune
    infected: set[int] = field(default_factory=set)  # persons the outbreak made a case of

    @property
    def year(self) -> int:
        return self.today.year

    @property
    def province_code(self) -> str:
        return self.province.code

    def district_of(self, commune: AdminUnit) -> AdminUnit:
        return next(d for d in self.districts if d.pk == commune.parent_id)
