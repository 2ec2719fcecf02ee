"""Reads of units: always cut by the caller's jurisdiction."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model, Prefetch, QuerySet
from django.utils.text import capfirst

from phaodai.core.scoping import Jurisdiction, ScopedQuerySet, get_in_scope_or_404, next_path
from phaodai.core.text import is_digits
from phaodai.geo.models import AdminUnit, Population, PopulationImport, UnitLevel, UnplacedRow
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


def unit_get(*, jurisdiction: Jurisdiction, pk: object) -> AdminUnit:
    return get_in_scope_or_404(AdminUnit.objects.select_related("parent"), jurisdiction=jurisdiction, pk=pk)


def unit_find(*, jurisdiction: Jurisdiction, pk: object) -> AdminUnit | None:
    """A unit of the deployment's map inside the jurisdiction, or None (also for a malformed id)."""
    if not is_digits(str(pk)):
        return None
    return unit_list(jurisdiction=jurisdiction).filter(pk=int(str(pk))).first()


def top_units(*, jurisdiction: Jurisdiction) -> QuerySet[AdminUnit]:
    """The units a jurisdiction starts from: the roots of its prefixes, on the deployment's map."""
    return unit_list(jurisdiction=jurisdiction).filter(path__in=jurisdiction.prefixes)


def unit_or_top(*, jurisdiction: Jurisdiction, pk: object) -> AdminUnit | None:
    """The unit asked for if it is in the jurisdiction, else the jurisdiction's first top unit (pages that
    open on "your area" and drill down); None only for an empty jurisdiction."""
    unit = unit_find(jurisdiction=jurisdiction, pk=pk) if pk else None
    return unit or top_units(jurisdiction=jurisdiction).first()


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


def population_imports(*, jurisdiction: Jurisdiction) -> QuerySet[PopulationImport]:
    """Population uploads placed in the jurisdiction, newest first (without the files themselves)."""
    return (
        PopulationImport.objects.visible_to(jurisdiction)
        .defer("content")
        .select_related("unit", "created_by")
        .order_by("-created_at", "-pk")
    )


def population_import_get(*, jurisdiction: Jurisdiction, pk: object) -> PopulationImport:
    return get_in_scope_or_404(
        PopulationImport.objects.defer("content").select_related("unit", "created_by"),
        jurisdiction=jurisdiction,
        pk=pk,
    )


def unplaced_rows(*, jurisdiction: Jurisdiction) -> QuerySet[UnplacedRow]:
    """Rows the map switch left at a new province, waiting for a person to choose their commune."""
    return (
        UnplacedRow.objects.visible_to(jurisdiction)
        .filter(resolved=False)
        .select_related("old_unit")
        .prefetch_related(Prefetch("candidates", queryset=AdminUnit.objects.order_by("name", "code")))
        .order_by("old_unit__path", "model_label", "row_id")
    )


def unplaced_get(*, jurisdiction: Jurisdiction, pk: object) -> UnplacedRow:
    """One listed row, resolved or not (assigning a resolved one is refused with a message, not a 404)."""
    return get_in_scope_or_404(UnplacedRow.objects.all(), jurisdiction=jurisdiction, pk=pk)


@dataclass(frozen=True)
class UnplacedItem:
    row: UnplacedRow
    kind: str
    description: str


def _kind(model: type[Model], instance: Model | None) -> str:
    if isinstance(instance, AdminUnit):
        return str(instance.get_level_display())
    return str(capfirst(model._meta.verbose_name))


def unplaced_items(*, jurisdiction: Jurisdiction, rows: Sequence[UnplacedRow]) -> list[UnplacedItem]:
    """The listed rows with what they are and a short description: one query per model, not per row.

    A row the caller may not see, or that no longer exists, is described as "—".
    """
    ids: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        ids[row.model_label].append(row.row_id)
    known: dict[str, type[Model]] = {}
    found: dict[tuple[str, int], Model] = {}
    for label, row_ids in ids.items():
        try:
            known[label] = model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        queryset = model._default_manager.filter(pk__in=row_ids)
        if not isinstance(queryset, ScopedQuerySet):
            continue  # fail closed: a model we cannot cut by jurisdiction is not described
        found.update(((label, instance.pk), instance) for instance in queryset.visible_to(jurisdiction))
    items = []
    for row in rows:
        instance = found.get((row.model_label, row.row_id))
        model_ = known.get(row.model_label)
        items.append(
            UnplacedItem(
                row=row,
                kind=_kind(model_, instance) if model_ else row.model_label,
                description=str(instance) if instance is not None else "—",
            )
        )
    return items
