"""The vaccination rule versions that apply to one day and place.

A :class:`Rulebook` reads every version of the vaccination kinds for a place once; ``on(day)`` then
picks the versions in force that day in memory, as ``core.rules.in_force`` would (latest
``effective_from`` not after the day; on the same day the more local version wins). A bulk rebuild
over hundreds of distinct days thus costs three queries, not hundreds.
"""

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from phaodai.core import rules
from phaodai.core.models import RuleSet
from phaodai.vaccination import rulesets
from phaodai.vaccination.schedule import Product, catalogue


def versions(kind: str, *, unit_path: str) -> list[RuleSet]:
    """Every version of ``kind`` for a place in date order; on the same day the more local one wins."""
    chosen: dict[dt.date, RuleSet] = {}
    for version in rules.history(kind, unit_path=unit_path):
        kept = chosen.get(version.effective_from)
        if kept is None or len(version.unit_path) > len(kept.unit_path):
            chosen[version.effective_from] = version
    return [chosen[day] for day in sorted(chosen)]


@dataclass(frozen=True)
class Bundle:
    products_rules: RuleSet
    catalogue: dict[str, Product]
    mixing: dict[str, Any]
    boosters: dict[str, Any] | None  # None: no additional or booster dose on that day
    booster_timeline: list[tuple[dt.date, dict[str, Any]]]


def _at(dated: list[RuleSet], day: dt.date) -> RuleSet | None:
    index = bisect_right([version.effective_from for version in dated], day)
    return dated[index - 1] if index else None


class Rulebook:
    def __init__(self, *, unit_path: str) -> None:
        self.unit_path = unit_path
        self.products = versions(rulesets.PRODUCTS, unit_path=unit_path)
        self.mixing = versions(rulesets.MIXING, unit_path=unit_path)
        self.boosters = versions(rulesets.BOOSTERS, unit_path=unit_path)
        self.booster_timeline = [(version.effective_from, version.params) for version in self.boosters]

    def _required(self, kind: str, dated: list[RuleSet], day: dt.date) -> RuleSet:
        found = _at(dated, day)
        # None in force: core.rules says so, in its words ("chưa có bộ quy tắc … có hiệu lực ngày …").
        return found if found is not None else rules.in_force(kind, on=day, unit_path=self.unit_path)

    def on(self, day: dt.date) -> Bundle:
        """The catalogue and mixing rules in force on ``day`` (a clear error when none is), the booster
        rules if any, and the booster rules' whole timeline (for due dates that fall after a change)."""
        products = self._required(rulesets.PRODUCTS, self.products, day)
        boosters = _at(self.boosters, day)
        return Bundle(
            products_rules=products,
            catalogue=catalogue(products.params),
            mixing=self._required(rulesets.MIXING, self.mixing, day).params,
            boosters=boosters.params if boosters else None,
            booster_timeline=self.booster_timeline,
        )


def bundle_for(*, on: dt.date, unit_path: str) -> Bundle:
    return Rulebook(unit_path=unit_path).on(on)
