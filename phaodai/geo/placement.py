"""Placing by hand the rows the map switch could not place (see :mod:`phaodai.geo.switching`).

A row on a split commune waits at the new province as an :class:`UnplacedRow` with the candidate
communes; a person who knows the place picks one of them (or, for a row that is not itself a village,
a village under one of them). A village listed this way moves under the chosen commune, and the rows
placed on it follow.
"""

from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.core import audit
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditAction
from phaodai.geo.models import AdminUnit, UnitLevel, UnplacedRow
from phaodai.geo.services import child_path
from phaodai.geo.signals import units_restamped
from phaodai.geo.switching import restamp_rows_on

VILLAGE_LABEL = AdminUnit._meta.label_lower  # the switch lists moved villages under this label


def _acceptable(*, row: UnplacedRow, unit: AdminUnit) -> bool:
    candidate_ids = set(row.candidates.values_list("pk", flat=True))
    if unit.pk in candidate_ids:
        return unit.level == UnitLevel.COMMUNE
    # A village goes under a commune, never under another village.
    return row.model_label != VILLAGE_LABEL and (
        unit.level == UnitLevel.VILLAGE and unit.parent_id in candidate_ids
    )


def _gone() -> DomainError:
    return DomainError(_("Dòng dữ liệu này không còn (có thể đã bị xoá)."), field="unit")


def _move_village(*, village_id: int, commune: AdminUnit) -> tuple[AdminUnit, int | None]:
    village = AdminUnit.objects.select_for_update().filter(pk=village_id, level=UnitLevel.VILLAGE).first()
    if village is None:
        raise _gone()
    old_parent_id = village.parent_id
    path = child_path(commune, commune.unit_map, village.code)
    if AdminUnit.objects.filter(path=path).exists():
        raise DomainError(
            _("«%(commune)s» đã có thôn/bản mã «%(code)s».")
            % {"commune": commune.name, "code": village.code},
            field="unit",
        )
    AdminUnit.objects.filter(pk=village.pk).update(parent=commune, path=path)
    village.parent, village.path = commune, path
    restamp_rows_on(village)
    return village, old_parent_id


def _restamp_row(*, label: str, row_id: int, unit: AdminUnit) -> tuple[Any, int | None]:
    rows = apps.get_model(label)._default_manager.filter(pk=row_id)
    target = rows.select_for_update().only("pk", "unit").first()
    if target is None:
        raise _gone()
    rows.update(unit=unit, unit_path=unit.path)
    return target, target.unit_id


@transaction.atomic
def unplaced_assign(*, actor: Any, row: UnplacedRow, unit: AdminUnit) -> None:
    """Put a row left at the new province on the unit a person chose among its candidates."""
    row = UnplacedRow.objects.select_for_update().select_related("old_unit").get(pk=row.pk)
    if row.resolved:
        raise ConflictError(_("Dòng này đã được gán đơn vị; không gán lại được."), field="unit")
    if not _acceptable(row=row, unit=unit):
        raise DomainError(
            _("Đơn vị được chọn không thuộc các xã/phường được đề xuất cho dòng này."), field="unit"
        )
    if row.model_label == VILLAGE_LABEL:
        target, old = _move_village(village_id=row.row_id, commune=unit)
    else:
        target, old = _restamp_row(label=row.model_label, row_id=row.row_id, unit=unit)
    UnplacedRow.objects.filter(pk=row.pk).update(resolved=True, unit=unit, unit_path=unit.path)
    units_restamped.send(sender=UnplacedRow, unit_paths=[unit.path])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=target,
        entity=row.model_label,
        unit_path=target.path if row.model_label == VILLAGE_LABEL else unit.path,
        summary=f"{row.old_unit.name} ({row.old_unit.code}) → {unit.name} ({unit.code})",
        changes={"unit": [old, unit.pk]},
    )
