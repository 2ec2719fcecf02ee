"""Reads of readiness: staffing, teams and their kits, and the summary of what each unit is short of.

:func:`summary` is what the command-center dashboard calls: one line per child unit of a place (the
communes of a district, the districts of a province; a commune: itself) with its facts and shortfalls
against the norms in force that day. Stock is read from the ledger's maintained balances (today's), kits
issued to teams from the ledger lines that name them; beds from the facilities open that day.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from phaodai.core.models import RuleSet
from phaodai.core.rules import in_force, path_prefixes
from phaodai.core.scoping import Jurisdiction, get_in_scope_or_404, next_path
from phaodai.facilities.models import FacilityKind
from phaodai.facilities.selectors import facility_list
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.geo.selectors import population_by_child, top_units, unit_list
from phaodai.inventory.models import Balance, Item, ItemKind, Lot, Movement, MovementKind
from phaodai.inventory.selectors import balances
from phaodai.readiness.models import KIT_RECORD_PREFIX, StaffingReport, Supply, SupplyCategory, Team
from phaodai.readiness.norms import Facts, Shortfall, commune_shortfalls, district_shortfalls
from phaodai.readiness.rulesets import NORMS

TEST_KINDS = (ItemKind.RAPID_TEST, ItemKind.PCR_TEST)


def _under(path: str) -> Q:
    return Q(unit_path__gte=path, unit_path__lt=next_path(path))


# Staffing -------------------------------------------------------------------------------------------


def staffing_reports(
    *, jurisdiction: Jurisdiction, unit: AdminUnit | None = None
) -> QuerySet[StaffingReport]:
    found = StaffingReport.objects.visible_to(jurisdiction).select_related("unit", "unit__parent")
    if unit is not None:
        found = found.filter(_under(unit.path))
    return found.order_by("unit_path", "-reported_on", "-pk")


def staffing_get(*, jurisdiction: Jurisdiction, pk: object) -> StaffingReport:
    return get_in_scope_or_404(
        StaffingReport.objects.select_related("unit"), jurisdiction=jurisdiction, pk=pk
    )


def staffing_current(*, jurisdiction: Jurisdiction, path: str, on: dt.date) -> dict[str, StaffingReport]:
    """The latest report on or before ``on`` of each station under ``path``, by commune path."""
    current: dict[str, StaffingReport] = {}
    rows = staffing_reports(jurisdiction=jurisdiction).filter(_under(path), reported_on__lte=on)
    for report in rows:
        current.setdefault(report.unit_path, report)
    return current


def station_units(*, jurisdiction: Jurisdiction) -> QuerySet[AdminUnit]:
    """The communes whose health station may report staffing."""
    return unit_list(jurisdiction=jurisdiction, level=UnitLevel.COMMUNE).select_related("parent")


# Teams and kits -------------------------------------------------------------------------------------


def team_list(
    *,
    jurisdiction: Jurisdiction,
    unit: AdminUnit | None = None,
    kind: str | None = None,
    on: dt.date | None = None,
) -> QuerySet[Team]:
    """Teams by place and name, each with ``member_count``; ``on``: those active that day."""
    found = Team.objects.visible_to(jurisdiction).select_related("unit", "unit__parent")
    if unit is not None:
        found = found.filter(_under(unit.path))
    if kind:
        found = found.filter(kind=kind)
    if on is not None:
        found = found.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on), established_on__lte=on)
    return found.annotate(member_count=Count("members")).order_by("unit_path", "kind", "name", "pk")


def team_get(*, jurisdiction: Jurisdiction, pk: object) -> Team:
    return get_in_scope_or_404(
        Team.objects.select_related("unit", "unit__parent").prefetch_related("members"),
        jurisdiction=jurisdiction,
        pk=pk,
    )


@dataclass(frozen=True)
class KitLine:
    item_id: int
    item_name: str
    counting_unit: str
    lot_id: int | None
    lot_number: str
    quantity: int


def _kit_lines(prefix: bool, tag: str) -> Q:
    """Ledger lines that issue a kit (use naming the team) or take it back (receipt referencing it)."""
    if prefix:
        return Q(kind=MovementKind.USE, record__startswith=tag) | Q(
            kind=MovementKind.RECEIPT, reference__startswith=tag
        )
    return Q(kind=MovementKind.USE, record=tag) | Q(kind=MovementKind.RECEIPT, reference=tag)


def team_kit(*, team: Team) -> list[KitLine]:
    """What a team holds from the ledger: issued minus returned, per item and lot (the caller already
    holds the team, so it is in scope)."""
    rows = (
        Movement.objects.filter(_kit_lines(False, team.record), unit_path=_store_path(team))
        .values("item_id", "item__name", "item__counting_unit", "lot_id", "lot__number")
        .annotate(total=Sum("quantity"))
        .order_by("item__name", "lot__number")
    )
    return [
        KitLine(
            row["item_id"], row["item__name"], row["item__counting_unit"], row["lot_id"],
            row["lot__number"] or "", -row["total"],
        )
        for row in rows
        if row["total"]
    ]  # fmt: skip


def kit_held(*, team: Team, item: Item, lot: Lot | None) -> int:
    lot_id = lot.pk if lot is not None else None
    return sum(k.quantity for k in team_kit(team=team) if k.item_id == item.pk and k.lot_id == lot_id)


def _store_path(team: Team) -> str:
    """The store a team's kit comes from: its commune's (a village has no store)."""
    return (
        team.unit.parent.path if team.unit.level == UnitLevel.VILLAGE and team.unit.parent else team.unit_path
    )


def store_of(team: Team) -> AdminUnit:
    return team.unit.parent if team.unit.level == UnitLevel.VILLAGE and team.unit.parent else team.unit


def kit_stock(*, jurisdiction: Jurisdiction, team: Team) -> QuerySet[Balance]:
    """What the team's store holds of the readiness items, first expiry first (what a kit draws on)."""
    return (
        balances(jurisdiction=jurisdiction)
        .filter(unit=store_of(team), item_id__in=Supply.objects.values("item_id"))
        .order_by("item__name", "lot__expires_on", "pk")
    )


# The summary ----------------------------------------------------------------------------------------


@dataclass
class UnitLine:
    """One unit's line of the summary: its facts and what is short against the norms."""

    unit: AdminUnit
    facts: Facts
    shortfalls: list[Shortfall] = field(default_factory=list)
    staffing: StaffingReport | None = None

    @property
    def short(self) -> bool:
        return bool(self.shortfalls)

    @property
    def overdue(self) -> bool:
        return any(s.overdue for s in self.shortfalls)

    @property
    def doctor_present(self) -> bool | None:
        return None if self.staffing is None else self.staffing.doctor_present


@dataclass
class Summary:
    parent: AdminUnit
    on: dt.date
    norms: RuleSet
    lines: list[UnitLine]


def _owner(path: str, keys: dict[str, Facts]) -> Facts | None:
    """The facts of the nearest unit (``path`` itself or an ancestor) that has a line."""
    for prefix in reversed(path_prefixes(path)):
        if prefix in keys:
            return keys[prefix]
    return None


def _each(path: str, *maps: dict[str, Facts]) -> Iterable[Facts]:
    return [owner for facts in maps if (owner := _owner(path, facts)) is not None]


def _categories() -> dict[int, str]:
    return dict(Supply.objects.values_list("item_id", "category"))


def _count_stock(jurisdiction: Jurisdiction, parent: AdminUnit, maps: tuple[dict[str, Facts], ...]) -> None:
    categories = _categories()
    held = (
        balances(jurisdiction=jurisdiction)
        .filter(_under(parent.path))
        .filter(Q(item_id__in=list(categories)) | Q(item__kind__in=TEST_KINDS))
        .values_list("unit_path", "item_id")
        .annotate(total=Sum("quantity"))
    )
    issued = (
        Movement.objects.visible_to(jurisdiction)
        .filter(_under(parent.path), item_id__in=list(categories))
        .filter(_kit_lines(True, KIT_RECORD_PREFIX))
        .values_list("unit_path", "item_id")
        .annotate(total=Sum("quantity"))
    )
    for path, item_id, quantity in [*held, *((p, i, -q) for p, i, q in issued)]:
        category = categories.get(item_id, SupplyCategory.TEST_KIT)
        for facts in _each(path, *maps):
            facts.supplies[category] = facts.supplies.get(category, 0) + quantity


def _count_teams(
    jurisdiction: Jurisdiction, parent: AdminUnit, on: dt.date, maps: tuple[dict[str, Facts], ...]
) -> None:
    teams = team_list(jurisdiction=jurisdiction, unit=parent, on=on).values_list("unit_path", "kind")
    for path, kind in teams:
        for facts in _each(path, *maps):
            if kind == "mobile_station":
                facts.mobile_stations += 1
            else:
                facts.community_teams += 1


def _count_beds(
    jurisdiction: Jurisdiction, parent: AdminUnit, on: dt.date, maps: tuple[dict[str, Facts], ...]
) -> None:
    facilities = facility_list(jurisdiction=jurisdiction, open_on=on).filter(_under(parent.path))
    open_beds: Any = facilities.exclude(kind=FacilityKind.QUARANTINE_CENTRE)  # ``occupied`` is annotated
    rows = open_beds.values_list(
        "unit_path", "treatment_tier", "beds", "icu_beds", "oxygen_points", "occupied"
    )
    for path, tier, beds, icu, oxygen, occupied in rows:
        for facts in _each(path, *maps):
            facts.beds_by_tier[tier] = facts.beds_by_tier.get(tier, 0) + beds
            facts.icu_beds += icu
            facts.oxygen_points += oxygen
            facts.occupied += occupied


def _count_staff(
    jurisdiction: Jurisdiction,
    parent: AdminUnit,
    on: dt.date,
    communes: dict[str, Facts],
    lines: dict[str, Facts],
) -> dict[str, StaffingReport]:
    current = staffing_current(jurisdiction=jurisdiction, path=parent.path, on=on)
    for path, facts in communes.items():
        report = current.get(path)
        own = [facts] + ([] if (line := _owner(path, lines)) is None or line is facts else [line])
        for target in own:
            target.communes += 1
            if report is None or not report.doctor_present:
                target.communes_without_doctor += 1
            if report is not None:
                target.staffing_reported += 1
                target.doctors += report.doctors
                target.rotating_doctors += report.rotating_doctors
                target.nurses += report.nurses
    return current


def _population(jurisdiction: Jurisdiction, parent: AdminUnit, on: dt.date, lines: dict[str, Facts]) -> None:
    for year in (on.year, on.year - 1):
        population = population_by_child(jurisdiction=jurisdiction, parent=parent, year=year)
        if population:
            break
    if parent.path in lines:  # a commune's own line
        lines[parent.path].population = sum(population.values())
    for path, count in population.items():
        if path in lines:
            lines[path].population = count


def _children(jurisdiction: Jurisdiction, parent: AdminUnit) -> list[AdminUnit]:
    if parent.level >= UnitLevel.COMMUNE:
        return [parent]
    return list(
        unit_list(jurisdiction=jurisdiction, parent_id=parent.pk).filter(level__lte=UnitLevel.COMMUNE)
    )


def _parent(jurisdiction: Jurisdiction, unit_path: str | None) -> AdminUnit:
    units = unit_list(jurisdiction=jurisdiction)
    parent = (
        units.filter(path=unit_path).first() if unit_path else top_units(jurisdiction=jurisdiction).first()
    )
    if parent is None or parent.level > UnitLevel.COMMUNE:
        raise Http404
    return parent


def _evaluate(
    jurisdiction: Jurisdiction, parent: AdminUnit, on: dt.date, children: list[AdminUnit]
) -> Summary:
    norms = in_force(NORMS, on=on, unit_path=parent.path)
    lines = {unit.path: Facts() for unit in children}
    communes = {
        unit.path: lines.get(unit.path) or Facts()
        for unit in unit_list(jurisdiction=jurisdiction, level=UnitLevel.COMMUNE).filter(
            path__gte=parent.path, path__lt=next_path(parent.path)
        )
    }
    maps = (lines, {path: facts for path, facts in communes.items() if path not in lines})
    _count_stock(jurisdiction, parent, maps)
    _count_teams(jurisdiction, parent, on, maps)
    _count_beds(jurisdiction, parent, on, maps)
    current = _count_staff(jurisdiction, parent, on, communes, lines)
    _population(jurisdiction, parent, on, lines)
    result = []
    for unit in children:
        facts = lines[unit.path]
        if unit.level == UnitLevel.COMMUNE:
            shortfalls = commune_shortfalls(norms.params, facts, on)
        else:
            shortfalls = district_shortfalls(norms.params, facts, on)
        result.append(UnitLine(unit, facts, shortfalls, current.get(unit.path)))
    return Summary(parent=parent, on=on, norms=norms, lines=result)


def summary(*, jurisdiction: Jurisdiction, on: dt.date, unit_path: str | None = None) -> Summary:
    """Readiness of each child of ``unit_path`` (default: the jurisdiction's top unit; a commune: itself)
    on ``on``, against the norms in force there that day; a unit outside the jurisdiction is "not found"
    (404)."""
    parent = _parent(jurisdiction, unit_path)
    return _evaluate(jurisdiction, parent, on, _children(jurisdiction, parent))


def unit_readiness(*, jurisdiction: Jurisdiction, unit: AdminUnit, on: dt.date) -> Summary:
    """One unit's own line (a district with everything in it, or a commune) and the norms used."""
    parent = _parent(jurisdiction, unit.path)
    return _evaluate(jurisdiction, parent, on, [parent])


SORTS = {
    "thieu": lambda line: (-len(line.shortfalls), not line.overdue, line.unit.path),
    "ten": lambda line: line.unit.name,
    "ma": lambda line: line.unit.path,
    "bac-si": lambda line: (
        line.facts.communes_without_doctor == 0,
        -line.facts.communes_without_doctor,
        line.unit.path,
    ),
}


def sorted_lines(lines: list[UnitLine], key: str) -> list[UnitLine]:
    """Lines in the order the summary page offers (default: the most shortfalls first)."""
    return sorted(lines, key=SORTS.get(key, SORTS["thieu"]))


def stations_without_doctor(*, jurisdiction: Jurisdiction, on: dt.date) -> int:
    """Commune health stations of the jurisdiction whose latest report (or none) shows no doctor."""
    current: dict[str, bool] = {}
    reports = StaffingReport.objects.visible_to(jurisdiction).filter(reported_on__lte=on)
    for path, doctors, rotating in reports.order_by("unit_path", "-reported_on").values_list(
        "unit_path", "doctors", "rotating_doctors"
    ):
        current.setdefault(path, doctors + rotating > 0)
    paths = station_units(jurisdiction=jurisdiction).values_list("path", flat=True)
    return sum(1 for path in paths if not current.get(path, False))


def kit_items() -> QuerySet[Item]:
    """The catalogue items a kit may hold: those counted by a readiness norm."""
    return Item.objects.filter(pk__in=Supply.objects.values("item_id")).order_by("name")


def kit_lots() -> QuerySet[Lot]:
    return (
        Lot.objects.filter(item_id__in=Supply.objects.values("item_id"))
        .select_related("item")
        .order_by("expires_on")
    )
