"""Writes of checkpoints: the checkpoints and their shifts, the zone list, the passage log (with its
counters, flags and follow-ups in the same transaction), and closing follow-ups."""

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.checkpoints import memo, rulesets
from phaodai.checkpoints.counters import count_passage
from phaodai.checkpoints.flags import route_flags
from phaodai.checkpoints.models import Checkpoint, DutyShift, FollowUp, Passage, Zone
from phaodai.checkpoints.plates import normalise_plate
from phaodai.checkpoints.reference import (
    CheckpointLevel,
    Decision,
    Direction,
    FollowUpAction,
    FollowUpStatus,
    Purpose,
    TestKind,
    TestOutcome,
    ZoneLevel,
)
from phaodai.checkpoints.zones import ZoneHit, zone_of
from phaodai.core import audit, clock
from phaodai.core.errors import ConflictError, DomainError, FieldErrors
from phaodai.core.models import AuditAction, RuleSet
from phaodai.core.rows import insert_row
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.conversion import on_deployment_map
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.people.identity import clean_national_id, normalise_phone
from phaodai.people.models import Person

CLOCK_SKEW = dt.timedelta(minutes=5)
EARLIEST = dt.date(2020, 1, 1)
"""No checkpoint, shift or test is older: an earlier time is a typing slip (and one in year 1 overflows
when it is converted to UTC for the database)."""


def _too_early(what: str) -> str:
    return _("%(what)s phải từ ngày %(first)s trở đi.") % {"what": what, "first": f"{EARLIEST:%d/%m/%Y}"}


def _stamp(actor: Any) -> dict[str, Any]:
    return {"created_at": clock.now(), "created_by": actor if getattr(actor, "pk", None) else None}


def _in_scope(jurisdiction: Jurisdiction, unit_path: str, field_name: str, what: str) -> None:
    if not jurisdiction.contains(unit_path):
        raise DomainError(_("%(what)s không thuộc địa bàn bạn quản lý.") % {"what": what}, field=field_name)


# --- Checkpoints, shifts, zones ------------------------------------------------------------------------


@transaction.atomic
def checkpoint_create(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    name: str,
    unit: AdminUnit,
    road: str,
    level: str,
    organisation: Any,
    opened_on: dt.date,
    transshipment: bool = False,
) -> Checkpoint:
    errors = FieldErrors()
    if not name.strip():
        errors.add("name", _("Tên chốt là bắt buộc."))
    if level not in CheckpointLevel.values:
        errors.add("level", _("Cấp chốt không hợp lệ."))
    if not jurisdiction.contains(unit.path):
        errors.add("unit", _("Nơi đặt chốt không thuộc địa bàn bạn quản lý."))
    if not jurisdiction.contains(organisation.unit_path):
        errors.add("organisation", _("Đơn vị quản lý chốt không thuộc địa bàn bạn quản lý."))
    errors.raise_any()
    checkpoint = Checkpoint.objects.create(
        name=name.strip(),
        unit=unit,
        unit_path=unit.path,
        road=road.strip(),
        level=level,
        organisation=organisation,
        opened_on=opened_on,
        transshipment=transshipment,
        **_stamp(actor),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, instance=checkpoint, summary=checkpoint.name)
    return checkpoint


@transaction.atomic
def checkpoint_close(*, actor: Any, checkpoint: Checkpoint, closed_on: dt.date) -> Checkpoint:
    if closed_on < checkpoint.opened_on:
        raise DomainError(_("Ngày đóng chốt không được trước ngày mở chốt."), field="closed_on")
    before = checkpoint.closed_on
    checkpoint.closed_on = closed_on
    checkpoint.save(update_fields=["closed_on"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=checkpoint,
        summary=_("Đóng chốt"),
        changes={"closed_on": [str(before) if before else None, str(closed_on)]},
    )
    return checkpoint


@transaction.atomic
def shift_create(
    *,
    actor: Any,
    checkpoint: Checkpoint,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    leader: str,
    staff: str,
) -> DutyShift:
    errors = FieldErrors()
    if starts_at.date() < EARLIEST:
        errors.add("starts_at", _too_early(_("Giờ bắt đầu ca")))
    elif ends_at <= starts_at:
        errors.add("ends_at", _("Giờ kết thúc ca phải sau giờ bắt đầu."))
    if not leader.strip():
        errors.add("leader", _("Cần ghi trưởng ca."))
    errors.raise_any()
    shift = DutyShift.objects.create(
        checkpoint=checkpoint,
        unit_id=checkpoint.unit_id,
        unit_path=checkpoint.unit_path,
        starts_at=starts_at,
        ends_at=ends_at,
        leader=leader.strip(),
        staff=staff.strip(),
        **_stamp(actor),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, instance=shift, summary=str(shift))
    return shift


@transaction.atomic
def zone_create(
    *, actor: Any, unit: AdminUnit, level: int, valid_from: dt.date, valid_to: dt.date | None, reason: str
) -> Zone:
    """List a unit (anywhere in the country: travellers come from everywhere) as an outbreak area."""
    errors = FieldErrors()
    if level not in ZoneLevel.values:
        errors.add("level", _("Cấp độ vùng phải từ 1 đến 4."))
    if valid_to is not None and valid_to < valid_from:
        errors.add("valid_to", _("Ngày kết thúc không được trước ngày bắt đầu."))
    if not reason.strip():
        errors.add("reason", _("Ghi rõ căn cứ (văn bản, thông báo) xác định vùng dịch."))
    if unit.level == UnitLevel.VILLAGE:
        errors.add("unit", _("Vùng dịch được xác định theo xã, huyện hoặc tỉnh."))
    errors.raise_any()
    unit = on_deployment_map(unit, field="unit")
    zone = Zone.objects.create(
        unit=unit,
        unit_path=unit.path,
        level=level,
        valid_from=valid_from,
        valid_to=valid_to,
        reason=reason.strip(),
        **_stamp(actor),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, instance=zone, summary=str(zone))
    zone.earlier_arrivals = _hand_over_earlier_arrivals(zone, actor=actor)
    return zone


class NotDeclaredHereError(DomainError):
    status_code = 403


def _declared_in(zone: Zone) -> str | None:
    """The home unit of the organisation that declared the zone; None when the system did (the demo, a
    bulk load) or its author has no organisation."""
    author = zone.created_by
    organisation = author.organisation if author is not None else None
    return organisation.unit_path if organisation is not None else None


def may_end_zone(*, jurisdiction: Jurisdiction, zone: Zone) -> bool:
    """A zone is ended where it was declared: by a manager whose area holds the declaring organisation (a
    district's health lead ends the zones their district declared, not the province's); one the system
    declared, by a province-wide manager."""
    declared = _declared_in(zone)
    if declared is not None:
        return jurisdiction.contains(declared)
    return any(prefix.count("/") <= 2 for prefix in jurisdiction.prefixes)


@transaction.atomic
def zone_end(*, actor: Any, jurisdiction: Jurisdiction, zone: Zone, valid_to: dt.date) -> Zone:
    if not may_end_zone(jurisdiction=jurisdiction, zone=zone):
        raise NotDeclaredHereError(
            _(
                "Vùng dịch này do cấp trên hoặc địa phương khác xác định: chỉ nơi đã xác định mới "
                "kết thúc được."
            ),
            field="zone",
        )
    if valid_to < zone.valid_from:
        raise DomainError(_("Ngày kết thúc không được trước ngày bắt đầu."), field="valid_to")
    before = zone.valid_to
    zone.valid_to = valid_to
    zone.save(update_fields=["valid_to"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=zone,
        summary=_("Kết thúc vùng dịch"),
        changes={"valid_to": [str(before) if before else None, str(valid_to)]},
    )
    return zone


# --- Passages ---------------------------------------------------------------------------------------------


@dataclass
class PassageInput:
    """What the barrier form or the API sends for one passage."""

    checkpoint: Checkpoint
    direction: str
    purpose: str
    decision: str
    reason: str = ""
    plate: str = ""
    person: Person | None = None
    full_name: str = ""
    national_id: str = ""
    phone: str = ""
    origin: AdminUnit | None = None
    destination: AdminUnit | None = None
    declaration: dict[str, bool] = field(default_factory=dict)
    test_kind: str = ""
    test_taken_at: dt.datetime | None = None
    test_outcome: str = ""
    at: dt.datetime | None = None


@dataclass
class _Checked:
    at: dt.datetime
    plate: str
    full_name: str
    national_id: str
    phone: str
    origin: AdminUnit | None
    destination: AdminUnit | None
    test_valid: bool | None = None
    test_rules: RuleSet | None = None


def _when(data: PassageInput, errors: FieldErrors) -> dt.datetime:
    now = clock.now()
    at = data.at or now
    at = at if timezone.is_aware(at) else timezone.make_aware(at)
    if at > now + CLOCK_SKEW:
        errors.add("at", _("Thời điểm qua chốt không được ở tương lai."))
    checkpoint, day = data.checkpoint, timezone.localtime(at).date()
    if day < checkpoint.opened_on or (checkpoint.closed_on is not None and day >= checkpoint.closed_on):
        errors.add(
            "checkpoint",
            _(
                "Chốt «%(name)s» không hoạt động ngày %(day)s (mở %(opened)s%(closed)s): "
                "không ghi nhận lượt qua."
            )
            % {
                "name": checkpoint.name,
                "day": f"{day:%d/%m/%Y}",
                "opened": f"{checkpoint.opened_on:%d/%m/%Y}",
                "closed": f", đóng {checkpoint.closed_on:%d/%m/%Y}" if checkpoint.closed_on else "",
            },
        )
    return at


def _identity(data: PassageInput, errors: FieldErrors) -> tuple[str, str, str, str]:
    plate = national_id = phone = ""
    try:
        plate = normalise_plate(data.plate)
    except ValueError as exc:
        errors.add("plate", str(exc))
    try:
        national_id = clean_national_id(data.national_id)
    except ValueError as exc:
        errors.add("national_id", str(exc))
    try:
        phone = normalise_phone(data.phone)
    except ValueError as exc:
        errors.add("phone", str(exc))
    full_name = " ".join(data.full_name.split())
    if data.person is not None:
        full_name = full_name or data.person.full_name
        national_id = national_id or data.person.national_id
    if not (data.plate.strip() or full_name or national_id or errors.has("national_id")):
        errors.add("__all__", _("Ghi biển số xe hoặc người qua chốt (họ tên, số CCCD/CMND)."))
    return plate, full_name, national_id, phone


def _unit(unit: AdminUnit | None, field_name: str, errors: FieldErrors, target_map: str) -> AdminUnit | None:
    if unit is None:
        return None
    try:
        return on_deployment_map(unit, field=field_name, target_map=target_map)
    except DomainError as error:
        errors.add(field_name, error.message)
        return None


def _test(data: PassageInput, at: dt.datetime, errors: FieldErrors) -> tuple[bool | None, RuleSet | None]:
    """Whether the test shown is a valid negative under the rule set in force where the checkpoint is."""
    if not data.test_kind:
        return None, None
    if data.test_kind not in TestKind.values:
        errors.add("test_kind", _("Loại xét nghiệm không hợp lệ."))
        return None, None
    if data.test_outcome not in TestOutcome.values:
        errors.add("test_outcome", _("Ghi kết quả xét nghiệm (âm tính hoặc dương tính)."))
    if data.test_taken_at is None:
        errors.add("test_taken_at", _("Ghi ngày giờ lấy mẫu xét nghiệm."))
        return None, None
    if data.test_taken_at.date() < EARLIEST:
        errors.add("test_taken_at", _too_early(_("Ngày lấy mẫu xét nghiệm")))
        return None, None
    taken = (
        data.test_taken_at
        if timezone.is_aware(data.test_taken_at)
        else timezone.make_aware(data.test_taken_at)
    )
    if taken > at + CLOCK_SKEW:
        errors.add(
            "test_taken_at",
            _("Ngày lấy mẫu xét nghiệm (%(when)s) ở sau thời điểm qua chốt: kiểm tra lại giấy xét nghiệm.")
            % {"when": timezone.localtime(taken).strftime("%H:%M %d/%m/%Y")},
        )
        return None, None
    version = memo.rule_in_force(
        rulesets.TEST_VALIDITY, on=timezone.localtime(at).date(), unit_path=data.checkpoint.unit_path
    )
    hours = version.params["pcr_hours" if data.test_kind == TestKind.PCR else "rapid_hours"]
    valid = data.test_outcome == TestOutcome.NEGATIVE and at - taken <= dt.timedelta(hours=hours)
    return valid, version


def _decision(data: PassageInput, errors: FieldErrors) -> None:
    for name, value, choices in (
        ("direction", data.direction, Direction.values),
        ("purpose", data.purpose, Purpose.values),
        ("decision", data.decision, Decision.values),
    ):
        if value not in choices:
            errors.add(name, _("Giá trị không nằm trong danh sách cho phép."))
    if data.decision != Decision.PASS and data.decision in Decision.values and not data.reason.strip():
        errors.add("reason", _("Ghi lý do khi không cho qua bình thường (theo dõi, quay đầu, cách ly)."))
    if data.decision == Decision.PASS and any(data.declaration.values()):
        errors.add(
            "decision",
            _(
                "Khai báo có triệu chứng hoặc tiếp xúc F0: chọn cho qua có theo dõi, chuyển cách ly "
                "hoặc quay đầu."
            ),
        )
    if data.test_outcome == TestOutcome.POSITIVE and data.decision in (Decision.PASS, Decision.MONITOR):
        errors.add(
            "decision", _("Người có kết quả dương tính không được cho qua: chuyển cách ly hoặc quay đầu.")
        )


def _map_of(checkpoint: Checkpoint) -> str:
    """The deployment's map, read off the checkpoint: the map switch re-stamps every placed row, so a
    checkpoint stands on the map in use (and this costs no query on the barrier's hot path)."""
    return checkpoint.unit_path.split("/", 1)[0]


def _check(data: PassageInput, jurisdiction: Jurisdiction) -> _Checked:
    errors = FieldErrors()
    if not jurisdiction.contains(data.checkpoint.unit_path):
        errors.add("checkpoint", _("Chốt này không thuộc địa bàn bạn quản lý."))
    at = _when(data, errors)
    plate, full_name, national_id, phone = _identity(data, errors)
    target_map = _map_of(data.checkpoint)
    origin = _unit(data.origin, "origin", errors, target_map)
    destination = _unit(data.destination, "destination", errors, target_map)
    valid, version = _test(data, at, errors)
    _decision(data, errors)
    errors.raise_any()
    return _Checked(at, plate, full_name, national_id, phone, origin, destination, valid, version)


def _follow_up_plan(passage: Passage, zone: ZoneHit) -> tuple[RuleSet, dict[str, Any]] | None:
    version = memo.rule_in_force(rulesets.ARRIVAL_FOLLOW_UP, on=passage.day, unit_path=passage.unit_path)
    plan = version.params["levels"].get(str(zone.level))
    return (version, plan) if plan else None


def follow_up_fields(
    *, plan: dict[str, Any], arrived_on: dt.date, quarantined: bool = False
) -> dict[str, Any]:
    """What the commune must do and by when, from one level's parameters of the rule set."""
    action = FollowUpAction.QUARANTINE if quarantined else plan["action"]
    test_day = plan.get("test_day") if action == FollowUpAction.TEST else None
    return {
        "action": action,
        "test_day": test_day,
        "until": arrived_on + dt.timedelta(days=int(plan["days"])),
        "due_on": arrived_on + dt.timedelta(days=int(test_day or plan["due_days"])),
    }


def _follow_up_of(passage: Passage, zone: ZoneHit) -> FollowUp | None:
    """The destination commune's follow-up of an arrival from ``zone`` (unsaved), or None when the rule
    set in force asks nothing for that level or the passage was no arrival."""
    if passage.direction != Direction.IN or passage.decision == Decision.TURNED_BACK:
        return None
    planned = _follow_up_plan(passage, zone)
    if planned is None:
        return None
    if passage.destination is None:
        raise DomainError(
            _("Người đến từ vùng dịch: ghi nơi đến (xã, phường) để giao xã theo dõi."), field="destination"
        )
    version, plan = planned
    destination, origin = passage.destination, passage.origin
    assert origin is not None  # a zone was found for it
    return FollowUp(
        unit=destination,
        unit_path=destination.path,
        passage=passage,
        person=passage.person,
        full_name=passage.full_name or passage.plate,
        national_id=passage.national_id,
        phone=passage.phone,
        origin=origin,
        zone_level=zone.level,
        arrived_on=passage.day,
        rules=version,
        created_at=clock.now(),
        **follow_up_fields(
            plan=plan, arrived_on=passage.day, quarantined=passage.decision == Decision.QUARANTINE
        ),
    )


def _create_follow_up(passage: Passage, zone: ZoneHit) -> FollowUp | None:
    follow_up = _follow_up_of(passage, zone)
    if follow_up is not None:
        follow_up.save()
    return follow_up


def _earlier_arrivals(zone: Zone, *, today: dt.date) -> list[FollowUp]:
    """Follow-ups owed for arrivals already recorded from a zone declared from a past day: inbound
    passages from its place on its days so far, with a destination and no follow-up yet, whose period of
    monitoring under the rule set in force has not ended. Each is judged at the highest zone holding its
    origin on its day, as the barrier would have judged it."""
    passages = (
        Passage.objects.filter(
            direction=Direction.IN,
            day__gte=zone.valid_from,
            day__lte=min(zone.valid_to or today, today),
            origin_path__startswith=zone.unit_path,
            destination__isnull=False,
            follow_up__isnull=True,
        )
        .exclude(decision=Decision.TURNED_BACK)
        .select_related("origin", "destination", "person")
    )
    owed = []
    # Not the shared memo: the zone just listed is not committed yet (a rollback would leave it there).
    zone_on = functools.cache(lambda path, day: zone_of(path, on=day))
    for passage in passages.iterator(chunk_size=2000):
        hit = zone_on(passage.origin_path, passage.day)
        try:
            follow_up = _follow_up_of(passage, hit) if hit is not None else None
        except DomainError:  # no follow-up rule in force on that day: nothing was owed then
            continue
        if follow_up is not None and follow_up.until >= today:
            owed.append(follow_up)
    return owed


def _hand_over_earlier_arrivals(zone: Zone, *, actor: Any) -> int:
    owed = _earlier_arrivals(zone, today=clock.today())
    FollowUp.objects.bulk_create(owed, batch_size=2000)
    if owed:
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=zone,
            summary=_("Giao xã theo dõi %(n)s người đã đến từ vùng dịch này từ %(day)s")
            % {"n": len(owed), "day": f"{zone.valid_from:%d/%m/%Y}"},
            row_count=len(owed),
        )
    return len(owed)


@transaction.atomic
def passage_record(*, actor: Any, jurisdiction: Jurisdiction, data: PassageInput) -> Passage:
    """Record one passage at the barrier; its counters, route flags and the destination commune's
    follow-up (for an arrival from an outbreak area) commit with it or not at all."""
    checked = _check(data, jurisdiction)
    checkpoint, day = data.checkpoint, timezone.localtime(checked.at).date()
    person = data.person
    if person is None and checked.national_id:  # a known resident's id links the passage to the registry
        person = Person.objects.visible_to(jurisdiction).filter(national_id=checked.national_id).first()
    zone = (
        memo.zone_of(checked.origin.path, on=day)
        if checked.origin and data.direction == Direction.IN
        else None
    )
    passage = Passage(
        checkpoint=checkpoint,
        unit_id=checkpoint.unit_id,
        unit_path=checkpoint.unit_path,
        at=checked.at,
        day=day,
        direction=data.direction,
        plate=checked.plate,
        person=person,
        full_name=checked.full_name or (person.full_name if person else ""),
        national_id=checked.national_id,
        phone=checked.phone,
        origin=checked.origin,
        origin_path=checked.origin.path if checked.origin else "",
        destination=checked.destination,
        purpose=data.purpose,
        declaration={k: bool(v) for k, v in data.declaration.items()},
        test_kind=data.test_kind,
        test_taken_at=data.test_taken_at,
        test_outcome=data.test_outcome,
        test_valid=checked.test_valid,
        test_rules=checked.test_rules,
        zone_level=zone.level if zone else None,
        decision=data.decision,
        reason=data.reason.strip(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    if checked.plate:
        passage.vehicle, passage.route, passage.flags = route_flags(passage)
    insert_row(passage)
    count_passage(passage, origin_province_id=memo.province_id(checked.origin))
    follow_up = _create_follow_up(passage, zone) if zone is not None else None
    audit.record(actor=actor, action=AuditAction.CREATE, instance=passage, summary=str(passage))
    if follow_up is not None:  # personal data handed to the destination commune: audited there too
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=follow_up,
            summary=_("Theo dõi người đến từ vùng dịch: %(name)s") % {"name": follow_up.full_name},
        )
    return passage


# --- Follow-ups --------------------------------------------------------------------------------------------


@transaction.atomic
def follow_up_close(*, actor: Any, jurisdiction: Jurisdiction, follow_up: FollowUp, outcome: str) -> FollowUp:
    """The commune closes an arrival's follow-up with what it found or did."""
    _in_scope(jurisdiction, follow_up.unit_path, "follow_up", _("Người đến này"))
    if not outcome.strip():
        raise DomainError(
            _("Ghi kết quả theo dõi (đã xét nghiệm âm tính, đã cách ly, ...)."), field="outcome"
        )
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.status == FollowUpStatus.CLOSED:
        raise ConflictError(_("Việc theo dõi này đã được đóng."), field="outcome")
    locked.status, locked.outcome = FollowUpStatus.CLOSED, outcome.strip()[:255]
    locked.closed_at, locked.closed_by = clock.now(), actor if getattr(actor, "pk", None) else None
    locked.save(update_fields=["status", "outcome", "closed_at", "closed_by"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=locked,
        summary=_("Đóng theo dõi người đến"),
        changes={"status": [FollowUpStatus.OPEN, FollowUpStatus.CLOSED]},
    )
    return locked
