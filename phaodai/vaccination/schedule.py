"""The vaccination rules as pure functions of rule-set parameters: which product, which dose, how soon.

Nothing here reads the database, so each version's parameters are tested directly; services and
selectors fetch the versions in force and pass their ``params`` in.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from phaodai.vaccination.models import DoseKind

ADULT_AGE = 18  # below it, mixing rules may require the same product for every primary dose


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    platform: str
    doses: int
    intervals: tuple[tuple[int, int | None], ...]
    min_age: int
    max_age: int | None

    def gap_after(self, number: int) -> tuple[int, int | None]:
        """[min, max] days between dose ``number`` and the next primary dose."""
        low, high = self.intervals[number - 1]
        return int(low), None if high is None else int(high)

    def fits_age(self, age: int) -> bool:
        return age >= self.min_age and (self.max_age is None or age <= self.max_age)


def catalogue(params: dict[str, Any]) -> dict[str, Product]:
    return {
        p["code"]: Product(
            code=p["code"],
            name=p["name"],
            platform=p["platform"],
            doses=int(p["doses"]),
            intervals=tuple((int(low), high) for low, high in p["intervals"]),
            min_age=int(p["min_age"]),
            max_age=p["max_age"],
        )
        for p in params["products"]
    }


def youngest_age(params: dict[str, Any]) -> int:
    """The lowest age any product of the catalogue may be given at: who a sweep list looks for."""
    return min(product.min_age for product in catalogue(params).values())


def age_on(*, birth_year: int, birth_date: dt.date | None, day: dt.date) -> int:
    """Age in full years when the birth date is known; otherwise by birth year, as registers count."""
    if birth_date is None:
        return day.year - birth_year
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@dataclass(frozen=True)
class Given:
    """A dose already given, as the rules need it."""

    number: int
    kind: str
    product: str
    given_on: dt.date


@dataclass(frozen=True)
class Next:
    """The next dose a person may have: its number and kind, the window, the products allowed."""

    number: int
    kind: str
    earliest: dt.date
    latest: dt.date | None
    products: frozenset[str]


def _days(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)


def primary_products(
    series: str, catalogue_: dict[str, Product], mixing: dict[str, Any], *, age: int
) -> frozenset[str]:
    """Products allowed for a later primary dose of a series started with ``series``."""
    if age < ADULT_AGE and mixing["minor_same_product"]:
        return frozenset({series})
    return frozenset({series, *mixing["alternatives"].get(series, [])}) & catalogue_.keys()


def next_primary(history: Sequence[Given], series: Product, allowed: frozenset[str]) -> Next:
    last = history[-1]
    low, high = series.gap_after(last.number)
    return Next(
        number=last.number + 1,
        kind=DoseKind.PRIMARY,
        earliest=_days(last.given_on, low),
        latest=None if high is None else _days(last.given_on, high),
        products=allowed,
    )


def booster_products(series: str, boosters: dict[str, Any]) -> frozenset[str]:
    return frozenset({series, *boosters["mrna_products"], *boosters["also_after"].get(series, [])})


def booster_gap(history: Sequence[Given], kind: str, boosters: dict[str, Any]) -> int:
    """Days the next extra dose must wait after the last dose (0: not allowed under these rules).

    First extra dose: an additional dose 28 days after the primary series, or a booster; after an
    additional dose comes the booster; after a booster, a further booster only when a version allows it.
    """
    extras = [dose.kind for dose in history if dose.kind != DoseKind.PRIMARY]
    if not extras:
        key = "additional_min_days" if kind == DoseKind.ADDITIONAL else "booster_min_days"
    elif extras[-1] == DoseKind.ADDITIONAL and kind == DoseKind.BOOSTER:
        key = "booster_min_days"
    elif extras[-1] == DoseKind.BOOSTER and kind == DoseKind.BOOSTER:
        key = "fourth_dose_min_days"
    else:
        return 0
    return int(boosters[key])


def next_extra(
    history: Sequence[Given], versions: Sequence[tuple[dt.date, dict[str, Any]]], *, age: int
) -> Next | None:
    """The first day a booster may be given, walking the booster rules as they came into force.

    Under each version the candidate is its waiting time after the last dose, but not before the version
    itself; it counts only if it falls before the next version took over (the 6 → 3 months change of
    17/12/2021 brings forward everyone whose six months had not yet come).
    """
    last = history[-1]
    for index, (since, params) in enumerate(versions):
        gap = booster_gap(history, DoseKind.BOOSTER, params)
        if not gap or age < int(params["min_age"]):
            continue
        candidate = max(since, _days(last.given_on, gap))
        until = versions[index + 1][0] if index + 1 < len(versions) else None
        if until is None or candidate < until:
            products = booster_products(history[0].product, params)
            return Next(last.number + 1, DoseKind.BOOSTER, candidate, None, products)
    return None


def next_dose(
    history: Sequence[Given],
    catalogue_: dict[str, Product],
    mixing: dict[str, Any],
    boosters: Sequence[tuple[dt.date, dict[str, Any]]],
    *,
    age: int,
) -> Next | None:
    """What comes after ``history`` (at least one dose), or None when nothing is due under the rules."""
    series = catalogue_.get(history[0].product)
    if series is not None and len([d for d in history if d.kind == DoseKind.PRIMARY]) < series.doses:
        return next_primary(history, series, primary_products(series.code, catalogue_, mixing, age=age))
    return next_extra(history, boosters, age=age)


def primary_complete(history: Sequence[Given], catalogue_: dict[str, Product]) -> bool:
    series = catalogue_.get(history[0].product) if history else None
    return series is not None and sum(d.kind == DoseKind.PRIMARY for d in history) >= series.doses


def fully_vaccinated(
    history: Sequence[Given], catalogue_: dict[str, Product], params: dict[str, Any], *, on: dt.date
) -> bool:
    """Fully vaccinated on ``on`` as one document defines it (rules.md §3.5)."""
    if not history:
        return False
    since_last = (on - history[-1].given_on).days
    if params["one_dose_days"] and since_last >= params["one_dose_days"]:
        return True
    needed = params["doses"]
    enough = primary_complete(history, catalogue_) if needed == 0 else len(history) >= needed
    enough = enough or primary_complete(history, catalogue_)
    recent = not params["max_days"] or since_last <= params["max_days"]
    return enough and since_last >= params["min_days"] and recent


def age_class(age: int, boosters: Sequence[tuple[dt.date, dict[str, Any]]]) -> tuple[bool, ...]:
    """The only thing :func:`next_dose` asks of an age: which of its thresholds it reaches. Persons of
    one class with the same doses on the same last day get the same next dose (a bulk rebuild's cache)."""
    return (age >= ADULT_AGE, *(age >= int(params["min_age"]) for _since, params in boosters))
