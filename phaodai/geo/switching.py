"""Switching a deployment from the three-tier map to the 2025 two-tier map.

Every placed row (any model deriving from :class:`Placed`) and every many-to-many reference to a
unit is re-stamped through the official conversion tables. A commune that went whole into one new
commune moves there; a split commune (or a district, which the new map does not have) cannot be
placed without a person's judgement, so its rows go to the new province and are listed in
:class:`UnplacedRow` with the candidate communes. Population is per map and is re-imported, not moved;
so are its uploads (:class:`PopulationImport`), which stay with the old map's population.
"""

from collections import Counter as Tally
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.core import audit
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.geo.catalogue import successor_codes
from phaodai.geo.models import (
    AdminUnit,
    Deployment,
    Placed,
    Population,
    PopulationImport,
    UnitLevel,
    UnitMap,
    UnplacedRow,
)
from phaodai.geo.services import child_path, deployment_map, units_load
from phaodai.geo.signals import units_restamped


@dataclass
class SwitchReport:
    placed: Tally[str] = field(default_factory=Tally)
    unplaced: Tally[str] = field(default_factory=Tally)
    villages_moved: int = 0


@dataclass(frozen=True)
class Target:
    unit: AdminUnit
    candidates: tuple[AdminUnit, ...] = ()  # non-empty: a provisional placement awaiting a person

    @property
    def certain(self) -> bool:
        return not self.candidates


class _Mapper:
    def __init__(self) -> None:
        self.new = {u.code: u for u in AdminUnit.objects.filter(unit_map=UnitMap.TWO_TIER).exclude(level=4)}
        self.cache: dict[int, Target] = {}

    def _province_of(self, unit: AdminUnit) -> AdminUnit:
        while unit.parent_id is not None:
            unit = unit.parent  # type: ignore[assignment]
        return unit

    def new_province(self, old: AdminUnit) -> AdminUnit:
        codes = successor_codes(UnitLevel.PROVINCE, self._province_of(old).code)
        if len(codes) != 1:
            raise DomainError(
                _("Không xác định được tỉnh mới của «%(name)s» (%(code)s).")
                % {"name": old.name, "code": old.code}
            )
        return self.new[codes[0]]

    def target(self, old: AdminUnit) -> Target:
        if old.pk not in self.cache:
            self.cache[old.pk] = self._compute(old)
        return self.cache[old.pk]

    def _compute(self, old: AdminUnit) -> Target:
        if old.level == UnitLevel.PROVINCE:
            return Target(self.new_province(old))
        if old.level == UnitLevel.COMMUNE:
            codes = successor_codes(UnitLevel.COMMUNE, old.code)
            if len(codes) == 1:
                return Target(self.new[codes[0]])
            return Target(self.new_province(old), tuple(self.new[c] for c in codes if c in self.new))
        # A district: its communes went to several new communes.
        communes = AdminUnit.objects.filter(parent=old, level=UnitLevel.COMMUNE)
        codes = sorted({c for commune in communes for c in successor_codes(UnitLevel.COMMUNE, commune.code)})
        return Target(self.new_province(old), tuple(self.new[c] for c in codes if c in self.new))


def placed_models() -> list[type[Placed]]:
    """Every model whose rows follow their unit when it moves (population and its uploads are per map;
    figures derived from other rows, marked ``rebuilt_after_switch``, are rebuilt on ``units_restamped``)."""
    skip = (UnplacedRow, Population, PopulationImport)
    return [
        m
        for m in apps.get_models()
        if issubclass(m, Placed) and not issubclass(m, skip) and not getattr(m, "rebuilt_after_switch", False)
    ]


def restamp_rows_on(unit: AdminUnit) -> int:
    """Copy a unit's (new) path onto every row placed on it, after the unit itself moved."""
    return sum(m.objects.filter(unit_id=unit.pk).update(unit_path=unit.path) for m in placed_models())


def _restamp_audit(mapper: _Mapper) -> None:
    """The access log follows its units, so those in charge of a place can still read its history.

    Runs before villages move (their old paths still name them); a village's events go to where its
    commune went.
    """
    paths = AuditEvent.objects.filter(unit_path__startswith=f"{UnitMap.THREE_TIER}/").values_list(
        "unit_path", flat=True
    )
    for unit in AdminUnit.objects.filter(path__in=set(paths)).select_related("parent"):
        old = unit.parent if unit.level == UnitLevel.VILLAGE and unit.parent else unit
        AuditEvent.objects.filter(unit_path=unit.path).update(unit_path=mapper.target(old).unit.path)


def _unit_m2m_fields() -> list[models.ManyToManyField[Any, Any]]:
    return [
        f
        for m in apps.get_models()
        for f in m._meta.local_many_to_many
        if f.related_model is AdminUnit and m is not UnplacedRow
    ]


def _move_villages(mapper: _Mapper, report: SwitchReport) -> None:
    villages = AdminUnit.objects.filter(unit_map=UnitMap.THREE_TIER, level=UnitLevel.VILLAGE).select_related(
        "parent"
    )
    for village in villages:
        old_commune = village.parent
        assert old_commune is not None
        target = mapper.target(old_commune)
        code = village.code
        if not target.certain or AdminUnit.objects.filter(parent=target.unit, code=code).exists():
            code = f"{old_commune.code}-{village.code}"
        village.unit_map, village.parent, village.code = UnitMap.TWO_TIER, target.unit, code
        village.path = child_path(target.unit, UnitMap.TWO_TIER, code)
        village.save(update_fields=["unit_map", "parent", "code", "path"])
        mapper.cache[village.pk] = Target(village, target.candidates)
        report.villages_moved += 1
        if not target.certain:
            _list_unplaced("geo.adminunit", [village.pk], old_commune, target)


def _list_unplaced(label: str, row_ids: list[int], old: AdminUnit, target: Target) -> None:
    rows = UnplacedRow.objects.bulk_create(
        [
            UnplacedRow(
                model_label=label, row_id=row_id, old_unit=old, unit=target.unit, unit_path=target.unit.path
            )
            for row_id in row_ids
        ]
    )
    through = UnplacedRow.candidates.through
    through.objects.bulk_create(
        [
            through(unplacedrow_id=row.pk, adminunit_id=candidate.pk)
            for row in rows
            for candidate in target.candidates
        ]
    )


def _restamp_model(model: type[Placed], mapper: _Mapper, report: SwitchReport) -> None:
    label = model._meta.label_lower
    used = model.objects.values_list("unit_id", flat=True).distinct()
    for old in AdminUnit.objects.filter(pk__in=list(used), unit_map=UnitMap.THREE_TIER).select_related(
        "parent"
    ):
        rows = model.objects.filter(unit_id=old.pk)
        target = mapper.target(old)
        if not target.certain:
            _list_unplaced(label, list(rows.values_list("pk", flat=True)), old, target)
            report.unplaced[label] += rows.count()
        report.placed[label] += rows.update(unit=target.unit, unit_path=target.unit.path)
    for village_id, target in mapper.cache.items():  # rows on villages keep the village, with its new path
        if target.unit.pk == village_id:
            model.objects.filter(unit_id=village_id).update(unit_path=target.unit.path)


def _restamp_m2m(field_: models.ManyToManyField[Any, Any], mapper: _Mapper) -> None:
    through: Any = field_.remote_field.through
    column = field_.m2m_reverse_field_name()
    for row in through.objects.filter(**{f"{column}__unit_map": UnitMap.THREE_TIER}).select_related(column):
        target = mapper.target(getattr(row, column))
        units = target.candidates or (target.unit,)
        owner = field_.m2m_field_name()
        for unit in units:
            through.objects.get_or_create(**{f"{owner}_id": getattr(row, f"{owner}_id"), column: unit})
        row.delete()


@transaction.atomic
def switch_to_two_tier(*, actor: Any) -> SwitchReport:
    if deployment_map() != UnitMap.THREE_TIER:
        raise DomainError(
            _("Triển khai này đã dùng bản đồ 2 cấp; bảng chuyển đổi chỉ đi từ 3 cấp sang 2 cấp.")
        )
    units_load(unit_map=UnitMap.TWO_TIER)
    mapper, report = _Mapper(), SwitchReport()
    _restamp_audit(mapper)
    _move_villages(mapper, report)
    for model in placed_models():
        _restamp_model(model, mapper, report)
    for field_ in _unit_m2m_fields():
        _restamp_m2m(field_, mapper)
    units_restamped.send(sender=Deployment)
    Deployment.objects.update_or_create(
        pk=1, defaults={"unit_map": UnitMap.TWO_TIER, "switched_at": timezone.now()}
    )
    audit.record(
        actor=actor,
        action=AuditAction.RESTAMP,
        entity="geo.deployment",
        row_count=sum(report.placed.values()),
        summary=f"Chuyển sang bản đồ 2 cấp: {sum(report.placed.values())} dòng, "
        f"{sum(report.unplaced.values())} dòng cần gán tay",
        changes={"placed": dict(report.placed), "unplaced": dict(report.unplaced)},
    )
    return report
