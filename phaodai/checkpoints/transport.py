"""Writes of the registered freight transport: companies, their vehicles and crews, routes, and the
handovers logged at transshipment points."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.checkpoints.models import Checkpoint, CrewMember, Handover, Route, TransportCompany, Vehicle
from phaodai.checkpoints.plates import normalise_plate
from phaodai.checkpoints.reference import CrewRole
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
    plate = _plate(plate, "plate")
    if Vehicle.objects.filter(plate=plate).exists():
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


@transaction.atomic
def crew_register(
    *, actor: Any, company: TransportCompany, role: str, full_name: str, national_id: str, phone: str = ""
) -> CrewMember:
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
    member = CrewMember.objects.create(
        company=company,
        unit_id=company.unit_id,
        unit_path=company.unit_path,
        role=role,
        full_name=" ".join(full_name.split()),
        national_id=national_id,
        phone=phone,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, instance=member, summary=member.full_name)
    return member


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
    errors = FieldErrors()
    if valid_to < valid_from:
        errors.add("valid_to", _("Ngày hết hạn không được trước ngày bắt đầu."))
    if not crew:
        errors.add("crew", _("Đăng ký ít nhất một lái xe."))
    if any(member.company_id != vehicle.company_id for member in crew):
        errors.add("crew", _("Lái xe, phụ xe phải thuộc cùng doanh nghiệp với xe."))
    if not 0 < allowed_stop_minutes <= 24 * 60:
        errors.add("allowed_stop_minutes", _("Thời gian dừng cho phép phải từ 1 đến 1440 phút."))
    if transshipment is not None and not transshipment.transshipment:
        errors.add(
            "transshipment", _("«%(name)s» không phải điểm trung chuyển.") % {"name": transshipment.name}
        )
    errors.raise_any()
    origin = on_deployment_map(origin, field="origin")
    destination = on_deployment_map(destination, field="destination")
    route = Route.objects.create(
        vehicle=vehicle,
        unit_id=vehicle.unit_id,
        unit_path=vehicle.unit_path,
        origin=origin,
        destination=destination,
        transshipment=transshipment,
        allowed_stop_minutes=allowed_stop_minutes,
        valid_from=valid_from,
        valid_to=valid_to,
        created_at=clock.now(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    route.crew.set(crew)
    route.stops.set([on_deployment_map(stop, field="stops") for stop in stops])
    route.checkpoints.set(checkpoints)
    audit.record(actor=actor, action=AuditAction.CREATE, instance=route, summary=str(route))
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
