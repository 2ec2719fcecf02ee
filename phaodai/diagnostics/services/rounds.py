"""Planning a testing round for a zone (communes, villages) or a population (an enterprise, a school)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.core import audit, clock
from phaodai.core.errors import FieldErrors
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import nfc
from phaodai.diagnostics.models import Enterprise, Round
from phaodai.diagnostics.reference import RoundTarget
from phaodai.diagnostics.services import checks
from phaodai.geo.models import AdminUnit, UnitLevel

# More people than a province has: a larger plan is a typing mistake.
MAX_PLANNED = 10_000_000


@dataclass
class RoundInput:
    name: str
    unit: AdminUnit
    target: str
    planned: int
    starts_on: dt.date
    due_on: dt.date
    areas: list[AdminUnit] = field(default_factory=list)
    enterprise: Enterprise | None = None
    population_name: str = ""


def _check_target(errors: FieldErrors, data: RoundInput, jurisdiction: Jurisdiction) -> None:
    if data.target == RoundTarget.ZONE:
        if not data.areas:
            errors.add("areas", _("Chọn ít nhất một xã hoặc thôn."))
        for area in data.areas:
            if area.level not in (UnitLevel.COMMUNE, UnitLevel.VILLAGE):
                errors.add("areas", _("%(unit)s không phải xã hay thôn.") % {"unit": area.name})
            checks.in_scope(errors, "areas", area.path, jurisdiction, area.name)
    elif data.target == RoundTarget.POPULATION:
        if data.enterprise is None and not data.population_name:
            errors.add("population_name", _("Chọn doanh nghiệp hoặc nhập tên nhóm (trường học...)."))
        if data.enterprise is not None:
            checks.in_scope(
                errors, "enterprise", data.enterprise.unit_path, jurisdiction, data.enterprise.name
            )
    else:
        errors.add("target", _("Chọn đối tượng: khu vực hoặc nhóm dân cư."))


def _clean(data: RoundInput, jurisdiction: Jurisdiction) -> None:
    errors = FieldErrors()
    data.name = nfc(data.name).strip()
    data.population_name = nfc(data.population_name).strip()
    if not data.name:
        errors.add("name", _("Nhập tên đợt xét nghiệm."))
    checks.in_scope(errors, "unit", data.unit.path, jurisdiction, data.unit.name)
    checks.positive_count(errors, "planned", data.planned, _("Số người dự kiến"), most=MAX_PLANNED)
    if data.due_on < data.starts_on:
        errors.add("due_on", _("Hạn hoàn thành không được trước ngày bắt đầu."))
    _check_target(errors, data, jurisdiction)
    errors.raise_any()


def round_create(*, actor: Any, jurisdiction: Jurisdiction, data: RoundInput) -> Round:
    _clean(data, jurisdiction)
    zone = data.target == RoundTarget.ZONE
    with transaction.atomic():
        round_ = Round.objects.create(
            name=data.name,
            unit=data.unit,
            unit_path=data.unit.path,
            target=data.target,
            enterprise=None if zone else data.enterprise,
            population_name="" if zone else data.population_name,
            planned=data.planned,
            starts_on=data.starts_on,
            due_on=data.due_on,
            created_at=clock.now(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        if zone:
            round_.areas.set(data.areas)
        audit.record(actor=actor, action=AuditAction.CREATE, instance=round_, summary=round_.name)
    return round_
