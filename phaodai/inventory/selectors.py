"""Reads of the stock ledger, from the maintained balances; the scoped ones take the caller's jurisdiction."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, QuerySet, Sum

from phaodai.core.scoping import Jurisdiction, get_in_scope_or_404, next_path
from phaodai.geo.models import AdminUnit, Population, UnitLevel
from phaodai.geo.selectors import population_by_child, unit_list
from phaodai.inventory.models import Balance, Item, Lot, Movement

# A lot is "nearing expiry" this many days ahead: time enough to move it where it will be used.
EXPIRY_WARNING_DAYS = 30


def items(*, kind: str | None = None) -> QuerySet[Item]:
    found = Item.objects.all()
    return (found.filter(kind=kind) if kind else found).order_by("kind", "name")


def lot_find(*, item: Item, number: str) -> Lot | None:
    """A lot by the number as typed (lot numbers are stored upper-case, without surrounding spaces)."""
    return Lot.objects.filter(item=item, number=Lot.normalise(number)).first()


def balances(*, jurisdiction: Jurisdiction) -> QuerySet[Balance]:
    return (
        Balance.objects.visible_to(jurisdiction).filter(quantity__gt=0).select_related("item", "lot", "unit")
    )


def lots_at(*, jurisdiction: Jurisdiction, unit: AdminUnit, item: Item | None = None) -> QuerySet[Balance]:
    """What a unit itself holds, first-expiry-first (the order to use it in)."""
    held = balances(jurisdiction=jurisdiction).filter(unit=unit)
    if item is not None:
        held = held.filter(item=item)
    return held.order_by("item__name", "lot__expires_on", "pk")


@dataclass(frozen=True)
class Allocation:
    """A first-expiry-first-out suggestion: lots to take from, and what is still missing."""

    picks: list[tuple[Lot, int]]
    missing: int


def fefo_allocation(*, unit: AdminUnit, item: Item, quantity: int, on: dt.date) -> Allocation:
    """Which lots a unit should issue ``quantity`` from: the earliest expiry first, expired lots never."""
    rows = (
        Balance.objects.filter(unit=unit, item=item, quantity__gt=0, lot__expires_on__gte=on)
        .select_related("lot")
        .order_by("lot__expires_on", "lot__number")
    )
    picks, left = [], quantity
    for row in rows:
        if left <= 0:
            break
        take = min(left, row.quantity)
        picks.append((row.lot, take))
        left -= take
    return Allocation(picks=picks, missing=max(left, 0))


def expiring(
    *, jurisdiction: Jurisdiction, on: dt.date, within_days: int = EXPIRY_WARNING_DAYS
) -> QuerySet[Balance]:
    """Stock on lots that expire within the window (or already did and still sit on a shelf)."""
    return (
        balances(jurisdiction=jurisdiction)
        .filter(lot__expires_on__lte=on + dt.timedelta(days=within_days))
        .order_by("lot__expires_on", "unit_path")
    )


def movements(
    *, jurisdiction: Jurisdiction, unit: AdminUnit | None = None, item: Item | None = None
) -> QuerySet[Movement]:
    found = Movement.objects.visible_to(jurisdiction).select_related("item", "lot", "unit", "counterpart")
    if unit is not None:
        found = found.filter(unit=unit)
    if item is not None:
        found = found.filter(item=item)
    return found.order_by("-occurred_on", "-pk")


def movement_get(*, jurisdiction: Jurisdiction, pk: object) -> Movement:
    return get_in_scope_or_404(
        Movement.objects.select_related("item", "lot", "unit", "counterpart"),
        jurisdiction=jurisdiction,
        pk=pk,
    )


@dataclass
class StockRow:
    """One unit's line in a stock summary: what its whole area holds, per item, against its population."""

    unit_id: int
    unit_path: str
    label: str
    population: int
    held: dict[int, int] = field(default_factory=dict)  # item id -> quantity

    def per_population(self, item_id: int | None = None) -> float | None:
        """Stock (of one item, or of all) as a share of the population ("test nhanh tương đương dân
        số" asks for about 1.0)."""
        held = self.held.get(item_id, 0) if item_id is not None else sum(self.held.values())
        return held / self.population if self.population else None


def _population_year(parent: AdminUnit, on: dt.date) -> int:
    year = (
        Population.objects.filter(
            unit_path__gte=parent.path, unit_path__lt=next_path(parent.path), year__lte=on.year
        )
        .aggregate(year=Max("year"))
        .get("year")
    )
    return int(year or on.year)


@dataclass
class StockSummary:
    children: list[StockRow]
    own: StockRow  # the parent's own store (a provincial warehouse), no population of its own
    total: StockRow


def stock_summary(
    *, jurisdiction: Jurisdiction, parent: AdminUnit, on: dt.date, kind: str | None = None
) -> StockSummary:
    """Stock under each child of ``parent`` (everything its area holds), the parent's own store, and
    the total against the whole population."""
    depth = parent.path.count("/")
    population = population_by_child(
        jurisdiction=jurisdiction, parent=parent, year=_population_year(parent, on)
    )
    rows = {
        unit.path: StockRow(unit.pk, unit.path, unit.name, population.get(unit.path, 0))
        for unit in AdminUnit.objects.filter(parent=parent).order_by("code")
        if jurisdiction.contains(unit.path)
    }
    own = StockRow(parent.pk, parent.path, parent.name, 0)
    total = StockRow(parent.pk, parent.path, parent.name, sum(population.values()))
    held = balances(jurisdiction=jurisdiction).filter(
        unit_path__gte=parent.path, unit_path__lt=next_path(parent.path)
    )
    if kind:
        held = held.filter(item__kind=kind)
    for path, item_id, quantity in held.values_list("unit_path", "item_id").annotate(q=Sum("quantity")):
        child = "/".join(path.split("/")[: depth + 1]) + "/"
        for row in (own if path == parent.path else rows.get(child, own), total):
            row.held[item_id] = row.held.get(item_id, 0) + quantity
    return StockSummary(children=list(rows.values()), own=own, total=total)


def stock_units(*, jurisdiction: Jurisdiction) -> QuerySet[AdminUnit]:
    """Units that hold stock: the province's, the districts' and the communes' stores (not villages)."""
    return unit_list(jurisdiction=jurisdiction).filter(level__lte=UnitLevel.COMMUNE).select_related("parent")


def lots_in_stock(*, jurisdiction: Jurisdiction) -> QuerySet[Lot]:
    """Lots that are on some shelf of the jurisdiction, first expiry first."""
    held = balances(jurisdiction=jurisdiction).values("lot_id")
    return Lot.objects.filter(pk__in=held).select_related("item").order_by("expires_on", "number")
