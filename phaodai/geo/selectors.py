"""Reads of units: always cut by the caller's jurisdiction."""

from django.db.models import QuerySet

from phaodai.core.scoping import Jurisdiction, get_in_scope_or_404, next_path
from phaodai.geo.models import AdminUnit, Population, UnitLevel
from phaodai.geo.services import deployment_map


def unit_list(
    *, jurisdiction: Jurisdiction, level: int | None = None, parent_id: int | None = None
) -> QuerySet[AdminUnit]:
    units = AdminUnit.objects.visible_to(jurisdiction).filter(unit_map=deployment_map())
    if level is not None:
        units = units.filter(level=level)
    if parent_id is not None:
        units = units.filter(parent_id=parent_id)
    return units.order_by("path")


def placeable_units(*, jurisdiction: Jurisdiction) -> QuerySet[AdminUnit]:
    """Communes and villages a user may place a row on."""
    return unit_list(jurisdiction=jurisdiction).filter(level__in=(UnitLevel.COMMUNE, UnitLevel.VILLAGE))


def population_total(*, jurisdiction: Jurisdiction, year: int) -> int:
    rows = Population.objects.visible_to(jurisdiction).filter(year=year)
    return sum(rows.values_list("count", flat=True))


def unit_get(*, jurisdiction: Jurisdiction, pk: object) -> AdminUnit:
    return get_in_scope_or_404(AdminUnit.objects.select_related("parent"), jurisdiction=jurisdiction, pk=pk)


def top_units(*, jurisdiction: Jurisdiction) -> QuerySet[AdminUnit]:
    """The units a jurisdiction starts from: the roots of its prefixes, on the deployment's map."""
    return unit_list(jurisdiction=jurisdiction).filter(path__in=jurisdiction.prefixes)


def population_by_child(*, jurisdiction: Jurisdiction, parent: AdminUnit, year: int) -> dict[str, int]:
    """Population of each child of ``parent`` (by child path), summed from the placed rows below it."""
    totals: dict[str, int] = {}
    rows = (
        Population.objects.visible_to(jurisdiction)
        .filter(unit_path__gte=parent.path, unit_path__lt=next_path(parent.path), year=year)
        .values_list("unit_path", "count")
    )
    depth = parent.path.count("/")
    for path, count in rows:
        child = "/".join(path.split("/")[: depth + 1]) + "/"
        totals[child] = totals.get(child, 0) + count
    return totals
