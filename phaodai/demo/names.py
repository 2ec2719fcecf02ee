"""Names of people and villages in the styles of the province's peoples (data in ``data/*.csv``)."""

import random
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from phaodai.core.text import fold
from phaodai.demo.reference import name_parts, packed, village_parts

ROOT_STYLE = "kinh"


class Weighted[T]:
    """Weighted draws with one ``random()`` call and a bisection (``random.choices`` is slower per call)."""

    __slots__ = ("cumulative", "last", "total", "values")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        items = [(value, weight) for value, weight in pairs if weight > 0]
        if not items:
            raise ValueError("a weighted list needs at least one value with a positive weight")
        self.values: tuple[T, ...] = tuple(value for value, _ in items)
        self.cumulative: tuple[float, ...] = tuple(accumulate(weight for _, weight in items))
        self.total = self.cumulative[-1]
        self.last = len(self.values) - 1

    def draw(self, rng: random.Random) -> T:
        return self.values[min(bisect_right(self.cumulative, rng.random() * self.total), self.last)]


def _resolved(table: dict[str, dict[str, str]], style: str, part: str) -> str | None:
    """A style's part, borrowed from its parents (names.csv) when it has none of its own."""
    seen: set[str] = set()
    current: str | None = style
    while current and current not in seen:
        seen.add(current)
        values = table.get(current, {}).get(part)
        if values:
            return values
        parent = name_parts().get(current, {}).get("parent")
        current = parent or (ROOT_STYLE if current != ROOT_STYLE else None)
    return None


@dataclass(frozen=True)
class NameStyle:
    style: str
    family: Weighted[str]
    middle: dict[str, Weighted[str]]
    given: dict[str, Weighted[str]]

    def family_name(self, rng: random.Random, *, other_than: str = "") -> str:
        """A family name; a wife's differs from her husband's where clans marry out (tried a few times)."""
        name = self.family.draw(rng)
        for _ in range(3):
            if name != other_than:
                break
            name = self.family.draw(rng)
        return name

    def full_name(self, rng: random.Random, sex: str, family: str) -> str:
        middle = self.middle[sex].draw(rng)
        given = self.given[sex].draw(rng)
        if given == middle:
            given = self.given[sex].draw(rng)
        return f"{family} {middle} {given}"


@cache
def name_style(style: str) -> NameStyle:
    table = name_parts()

    def part(name: str) -> Weighted[str]:
        values = _resolved(table, style, name)
        if values is None:
            raise ValueError(f"naming style {style!r} has no {name!r}, not even through its parents")
        return Weighted(packed(values))

    return NameStyle(
        style=style,
        family=part("family"),
        middle={"M": part("middle_m"), "F": part("middle_f")},
        given={"M": part("given_m"), "F": part("given_f")},
    )


@dataclass(frozen=True)
class VillageName:
    name: str
    division_type: str


class VillageNamer:
    """Names the villages of one commune: unique within it (folded), in its peoples' styles."""

    def __init__(self, rng: random.Random, commune_bare_name: str) -> None:
        self.rng = rng
        self.commune_bare_name = commune_bare_name
        self.taken: set[str] = set()
        self.numbered = 0

    def _unique(self, name: str) -> str:
        candidate, suffix = name, 1
        while fold(candidate) in self.taken:
            suffix += 1
            candidate = f"{name} {suffix}"
        self.taken.add(fold(candidate))
        return candidate

    def reserve(self, names: Sequence[str]) -> None:
        """Names already used in the commune (villages created before the demo)."""
        self.taken.update(fold(name) for name in names)

    def residential_group(self) -> VillageName:
        self.numbered += 1
        return VillageName(self._unique(f"Tổ dân phố {self.numbered}"), "tổ dân phố")

    def village(self, style: str) -> VillageName:
        syllables = _village_syllables(style)
        if syllables is None:
            return self._kinh_village()
        roll = self.rng.random()
        if roll < 0.08 and fold(f"Bản {self.commune_bare_name}") not in self.taken:
            return VillageName(self._unique(f"Bản {self.commune_bare_name}"), "bản")
        if roll < 0.12:
            return VillageName(self._unique("Bản Mới"), "bản")
        first, second = syllables
        return VillageName(self._unique(f"Bản {first.draw(self.rng)} {second.draw(self.rng)}"), "bản")

    def _kinh_village(self) -> VillageName:
        whole = _kinh_village_names()
        if whole is not None and self.rng.random() < 0.4:
            return VillageName(self._unique(f"Thôn {whole.draw(self.rng)}"), "thôn")
        self.numbered += 1
        return VillageName(self._unique(f"Thôn {self.numbered}"), "thôn")


@cache
def _village_syllables(style: str) -> tuple[Weighted[str], Weighted[str]] | None:
    """First and second syllables of "Bản ..." names; None for styles whose villages are "Thôn"."""
    first, second = _resolved(village_parts(), style, "first"), _resolved(village_parts(), style, "second")
    if first is None or second is None:
        return None
    return Weighted(packed(first)), Weighted(packed(second))


@cache
def _kinh_village_names() -> Weighted[str] | None:
    whole = _resolved(village_parts(), ROOT_STYLE, "whole")
    return Weighted(packed(whole)) if whole else None
