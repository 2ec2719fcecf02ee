"""Writes of the registered freight transport: companies, their vehicles and crews, routes (registered,
corrected, retired), and the handovers logged at transshipment points.

Nothing registered is deleted: a retired row keeps ``retired_on`` (the first day it no longer holds), so
the passages checked against it keep their meaning; a retired plate may be registered again.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.checkpoints.models import Checkpoint, CrewMember, Handover, Route, TransportCompany, Vehicle
from phaodai.checkpoints.plates import normalise_plate
from phaodai.checkpoints.reference import CrewRole
from phaodai.checkpoints.services import EARLIEST
from phaodai.core import audit, clock
from phaodai.core.errors import ConflictError, DomainError, FieldErrors
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.conversion import on_deployment_map
from phaodai.geo.models import AdminUnit
from phaodai.people.identity import clean_national_id, normalise_phone


def _plate(value: str, field: str) -> str:
    try:
        plate = normalise_plate(value)
    except ValueError as exc:
        raise DomainError(str(exc), field=field) from exc
    if not plate:
        raise DomainError(_("Biển số là bắt buộc."), field=field)
    return plate


@transaction.atomic
def company_create(
    *, actor: Any, jurisdiction: Jurisdiction, unit: AdminUnit, name: str, tax_code: str = "", phone: str = ""
) -> TransportCompany:
    if not jurisdiction.contains(unit.path):
        raise DomainError(_("Địa chỉ doanh nghiệp không thuộc địa bàn bạn quản lý."), field="unit")
    if not name.strip():
        raise DomainError(_("Tên doanh nghiệp là bắt buộc."), field="name")
    try:
        phone = normalise_phone(phone)
    except ValueError as exc:
        raise DomainError(str(exc), field="phone") from exc
    company = TransportCompany.objects.create(
        unit=unit,
        unit_path=unit.path,
        name=name.strip(),
        tax_code=tax_code.strip(),
        phone=phone,
        created_at=clock.now(),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, instance=company, summary=company.name)
    return company


@transaction.atomic
def vehicle_register(*, actor: Any, company: TransportCompany, plate: str, description: str = "") -> Vehicle:
    _retired(company, _("Doanh nghiệp"))
    plate = _plate(plate, "plate")
    if Vehicle.objects.filter(plate=plate, retired_on__isnull=True).exists():
        raise ConflictError(_("Xe %(plate)s đã được đăng ký.") % {"plate": plate}, field="plate")
    vehicle = Vehicle.objects.create(
        company=company,
        unit_id=company.unit_id,
        unit_path=company.unit_path,
        plate=plate,
        description=description,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, instance=vehicle, summary=plate)
    return vehicle


def _crew_values(*, role: str, full_name: str, national_id: str, phone: str) -> dict[str, str]:
    """A driver's or assistant's fields, checked and normalised (all refusals at once)."""
    errors = FieldErrors()
    if role not in CrewRole.values:
        errors.add("role", _("Chọn lái xe hoặc phụ xe."))
    if not full_name.strip():
        errors.add("full_name", _("Họ tên là bắt buộc."))
    try:
        national_id = clean_national_id(national_id)
        if not national_id:
            errors.add("national_id", _("Số CCCD/CMND là bắt buộc với lái xe, phụ xe."))
    except ValueError as exc:
        errors.add("national_id", str(exc))
    try:
        phone = normalise_phone(phone)
    except ValueError as exc:
        errors.add("phone", str(exc))
    errors.raise_any()
    return {
        "role": role,
        "full_name": " ".join(full_name.split()),
        "national_id": national_id,
        "phone": phone,
    }


def _crew_unique(*, company_id: int, national_id: str, member_id: int | None = None) -> None:
    taken = CrewMember.objects.filter(company_id=company_id, national_id=national_id, retired_on__isnull=True)
    if taken.exclude(pk=member_id).exists():
        raise ConflictError(_("Doanh nghiệp đã đăng ký người mang số CCCD/CMND này."), field="national_id")


@transaction.atomic
def crew_register(
    *, actor: Any, company: TransportCompany, role: str, full_name: str, national_id: str, phone: str = ""
) -> CrewMember:
    _retired(company, _("Doanh nghiệp"))
    values = _crew_values(role=role, full_name=full_name, national_id=national_id, phone=phone)
    _crew_unique(company_id=company.pk, national_id=values["national_id"])
    member = CrewMember.objects.create(
        company=company, unit_id=company.unit_id, unit_path=company.unit_path, **values
    )
    audit.record(actor=actor, action=AuditAction.CREATE, instance=member, summary=member.full_name)
    return member


@dataclass
class RoutePlan:
    """What a route registers: its vehicle, crew, ends and stops (units of either map), the checkpoints
    it may pass, a transshipment point, and its dates."""

    vehicle: Vehicle
    origin: AdminUnit
    destination: AdminUnit
    valid_from: dt.date
    valid_to: dt.date
    crew: list[CrewMember]
    stops: list[AdminUnit] = field(default_factory=list)
    checkpoints: list[Checkpoint] = field(default_factory=list)
    transshipment: Checkpoint | None = None
    allowed_stop_minutes: int = 30


def _checked_plan(plan: RoutePlan) -> dict[str, Any]:
    """The route's own fields, checked (all refusals at once), its ends and stops on this map."""
    errors = FieldErrors()
    if plan.valid_to < plan.valid_from:
        errors.add("valid_to", _("Ngày hết hạn không được trước ngày bắt đầu."))
    if not plan.crew:
        errors.add("crew", _("Đăng ký ít nhất một lái xe."))
    if any(member.company_id != plan.vehicle.company_id for member in plan.crew):
        errors.add("crew", _("Lái xe, phụ xe phải thuộc cùng doanh nghiệp với xe."))
    if any(member.retired_on is not None for member in plan.crew) or plan.vehicle.retired_on is not None:
        errors.add("crew", _("Xe hoặc lái xe, phụ xe đã ngừng đăng ký."))
    if not 0 < plan.allowed_stop_minutes <= 24 * 60:
        errors.add("allowed_stop_minutes", _("Thời gian dừng cho phép phải từ 1 đến 1440 phút."))
    if plan.transshipment is not None and not plan.transshipment.transshipment:
        errors.add(
            "transshipment", _("«%(name)s» không phải điểm trung chuyển.") % {"name": plan.transshipment.name}
        )
    errors.raise_any()
    return {
        "vehicle": plan.vehicle,
        "unit_id": plan.vehicle.unit_id,
        "unit_path": plan.vehicle.unit_path,
        "origin": on_deployment_map(plan.origin, field="origin"),
        "destination": on_deployment_map(plan.destination, field="destination"),
        "transshipment": plan.transshipment,
        "allowed_stop_minutes": plan.allowed_stop_minutes,
        "valid_from": plan.valid_from,
        "valid_to": plan.valid_to,
    }


def _set_lists(route: Route, plan: RoutePlan) -> None:
    route.crew.set(plan.crew)
    route.stops.set([on_deployment_map(stop, field="stops") for stop in plan.stops])
    route.checkpoints.set(plan.checkpoints)


def _listed(route: Route) -> dict[str, list[int]]:
    """The route's crew, stops and checkpoints by id (for the audit row of a correction)."""
    return {
        name: sorted(getattr(route, name).values_list("pk", flat=True))
        for name in ("crew", "stops", "checkpoints")
    }


@transaction.atomic
def route_register(
    *,
    actor: Any,
    vehicle: Vehicle,
    origin: AdminUnit,
    destination: AdminUnit,
    valid_from: dt.date,
    valid_to: dt.date,
    crew: list[CrewMember],
    stops: list[AdminUnit] = (),  # type: ignore[assignment]
    checkpoints: list[Checkpoint] = (),  # type: ignore[assignment]
    transshipment: Checkpoint | None = None,
    allowed_stop_minutes: int = 30,
) -> Route:
    """One vehicle, one route: its two ends, the stops and checkpoints on the way, a transshipment point."""
    plan = RoutePlan(
        vehicle, origin, destination, valid_from, valid_to, list(crew), list(stops), list(checkpoints),
        transshipment, allowed_stop_minutes,
    )  # fmt: skip
    route = Route.objects.create(
        **_checked_plan(plan),
        created_at=clock.now(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _set_lists(route, plan)
    audit.record(actor=actor, action=AuditAction.CREATE, instance=route, summary=str(route))
    return route


@transaction.atomic
def route_update(*, actor: Any, route: Route, plan: RoutePlan) -> Route:
    """Correct a registered route (its passages keep the route they were checked against)."""
    _retired(route, _("Lộ trình"))
    if plan.vehicle.company_id != route.vehicle.company_id:
        raise DomainError(_("Xe phải thuộc doanh nghiệp của lộ trình."), field="vehicle")
    values = _checked_plan(plan)
    listed_before = _listed(route)
    changes = _changes(route, values)
    route.save(update_fields=[name for name in values if name != "unit_id"] + ["unit"])
    _set_lists(route, plan)
    changes.update(audit.diff(listed_before, _listed(route)))
    audit.record(actor=actor, action=AuditAction.UPDATE, instance=route, summary=str(route), changes=changes)
    return route


@transaction.atomic
def handover_record(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    checkpoint: Checkpoint,
    from_plate: str,
    to_plate: str,
    goods: str,
    note: str = "",
    at: dt.datetime | None = None,
) -> Handover:
    errors = FieldErrors()
    if not jurisdiction.contains(checkpoint.unit_path):
        errors.add("checkpoint", _("Chốt này không thuộc địa bàn bạn quản lý."))
    if not checkpoint.transshipment:
        errors.add("checkpoint", _("«%(name)s» không phải điểm trung chuyển.") % {"name": checkpoint.name})
    plates = {}
    for name, value in (("from_plate", from_plate), ("to_plate", to_plate)):
        try:
            plates[name] = _plate(value, name)
        except DomainError as error:
            errors.add(name, error.message)
    if not goods.strip():
        errors.add("goods", _("Ghi loại hàng hoá trung chuyển."))
    errors.raise_any()
    handover = Handover.objects.create(
        checkpoint=checkpoint,
        unit_id=checkpoint.unit_id,
        unit_path=checkpoint.unit_path,
        at=at or clock.now(),
        goods=goods.strip(),
        note=note.strip(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
        **plates,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, instance=handover, summary=str(handover))
    return handover


# --- Editing and retiring registrations ------------------------------------------------------------------


def _retired(row: TransportCompany | Vehicle | CrewMember | Route, what: str) -> None:
    if row.retired_on is not None:
        raise ConflictError(
            _("%(what)s đã ngừng từ ngày %(day)s: không sửa được.")
            % {"what": what, "day": f"{row.retired_on:%d/%m/%Y}"},
            field="__all__",
        )


def _changes(row: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set ``values`` on ``row``; what changed, for the audit row."""
    before = audit.snapshot(row, list(values))
    for name, value in values.items():
        setattr(row, name, value)
    return audit.diff(before, audit.snapshot(row, list(values)))


@transaction.atomic
def company_update(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    company: TransportCompany,
    unit: AdminUnit,
    name: str,
    tax_code: str = "",
    phone: str = "",
) -> TransportCompany:
    """Correct a company's registration; a new address moves its vehicles, crew and routes with it (they
    are placed where the company is)."""
    _retired(company, _("Doanh nghiệp"))
    if not jurisdiction.contains(unit.path):
        raise DomainError(_("Địa chỉ doanh nghiệp không thuộc địa bàn bạn quản lý."), field="unit")
    if not name.strip():
        raise DomainError(_("Tên doanh nghiệp là bắt buộc."), field="name")
    try:
        phone = normalise_phone(phone)
    except ValueError as exc:
        raise DomainError(str(exc), field="phone") from exc
    values = {
        "unit": unit,
        "unit_path": unit.path,
        "name": name.strip(),
        "tax_code": tax_code.strip(),
        "phone": phone,
    }
    changes = _changes(company, values)
    company.save(update_fields=list(values))
    if "unit" in changes:
        place = {"unit": unit, "unit_path": unit.path}
        Vehicle.objects.filter(company=company).update(**place)
        CrewMember.objects.filter(company=company).update(**place)
        Route.objects.filter(vehicle__company=company).update(**place)
    audit.record(
        actor=actor, action=AuditAction.UPDATE, instance=company, summary=company.name, changes=changes
    )
    return company


@transaction.atomic
def vehicle_update(*, actor: Any, vehicle: Vehicle, plate: str, description: str = "") -> Vehicle:
    _retired(vehicle, _("Xe"))
    plate = _plate(plate, "plate")
    if Vehicle.objects.filter(plate=plate, retired_on__isnull=True).exclude(pk=vehicle.pk).exists():
        raise ConflictError(_("Xe %(plate)s đã được đăng ký.") % {"plate": plate}, field="plate")
    changes = _changes(vehicle, {"plate": plate, "description": description.strip()})
    vehicle.save(update_fields=["plate", "description"])
    audit.record(actor=actor, action=AuditAction.UPDATE, instance=vehicle, summary=plate, changes=changes)
    return vehicle


@transaction.atomic
def crew_update(
    *, actor: Any, member: CrewMember, role: str, full_name: str, national_id: str, phone: str = ""
) -> CrewMember:
    _retired(member, member.full_name)
    values = _crew_values(role=role, full_name=full_name, national_id=national_id, phone=phone)
    _crew_unique(company_id=member.company_id, national_id=values["national_id"], member_id=member.pk)
    changes = _changes(member, values)
    member.save(update_fields=list(values))
    audit.record(
        actor=actor, action=AuditAction.UPDATE, instance=member, summary=member.full_name, changes=changes
    )
    return member


def _retire(actor: Any, row: TransportCompany | Vehicle | CrewMember | Route, retired_on: dt.date) -> None:
    row.retired_on = retired_on
    row.save(update_fields=["retired_on"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=row,
        summary=_("Ngừng đăng ký: %(row)s") % {"row": row},
        changes={"retired_on": [None, retired_on.isoformat()]},
    )


def _retire_day(row: TransportCompany | Vehicle | CrewMember | Route, what: str, retired_on: dt.date) -> None:
    _retired(row, what)
    if retired_on > clock.today():
        raise DomainError(_("Ngày ngừng đăng ký không được ở tương lai."), field="retired_on")
    if retired_on < EARLIEST:
        raise DomainError(
            _("Ngày ngừng đăng ký phải từ ngày %(first)s trở đi.") % {"first": f"{EARLIEST:%d/%m/%Y}"},
            field="retired_on",
        )


@transaction.atomic
def route_retire(*, actor: Any, route: Route, retired_on: dt.date) -> Route:
    """The route no longer holds from that day: the vehicle's later passages are flagged as off any route
    (its past passages keep the route they were checked against)."""
    _retire_day(route, _("Lộ trình"), retired_on)
    _retire(actor, route, retired_on)
    return route


@transaction.atomic
def crew_retire(*, actor: Any, member: CrewMember, retired_on: dt.date) -> CrewMember:
    _retire_day(member, member.full_name, retired_on)
    _retire(actor, member, retired_on)
    return member


@transaction.atomic
def vehicle_retire(*, actor: Any, vehicle: Vehicle, retired_on: dt.date) -> Vehicle:
    """The vehicle leaves the register, its routes with it; its plate may be registered again."""
    _retire_day(vehicle, _("Xe"), retired_on)
    for route in Route.objects.filter(vehicle=vehicle, retired_on__isnull=True):
        _retire(actor, route, retired_on)
    _retire(actor, vehicle, retired_on)
    return vehicle


@transaction.atomic
def company_retire(*, actor: Any, company: TransportCompany, retired_on: dt.date) -> TransportCompany:
    """The company stops freight transport: it, its vehicles, crew and routes leave the register from that
    day (their passages and history stay)."""
    _retire_day(company, _("Doanh nghiệp"), retired_on)
    active = {"retired_on__isnull": True}
    rows: list[Vehicle | CrewMember | Route] = [
        *Route.objects.filter(vehicle__company=company, **active),
        *Vehicle.objects.filter(company=company, **active),
        *CrewMember.objects.filter(company=company, **active),
    ]
    for row in rows:
        _retire(actor, row, retired_on)
    _retire(actor, company, retired_on)
    return company
