"""Writes to facilities and stays: validated, audited in the same transaction.

Other apps (cases, quarantine orders) call ``stay_admit``, ``stay_discharge`` and ``stay_flag_positive``
with their own record as ``source``; the rules live here once, for the pages, the API and those apps.
"""

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.accounts.models import Organisation
from phaodai.core import audit, clock
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import day_text, nfc
from phaodai.facilities.models import (
    FACILITY_LEVELS,
    QUARANTINE_KINDS,
    Facility,
    FacilityKind,
    Stay,
    StayPurpose,
    TreatmentTier,
)
from phaodai.facilities.selectors import open_stay_of
from phaodai.geo.models import AdminUnit
from phaodai.people.models import Person

# More beds than any facility has: a larger number is a typing mistake (and would overflow the column).
MAX_COUNT = 100_000


@dataclass
class FacilityInput:
    """What a form or the API supplies for one facility."""

    name: str
    kind: str
    unit: AdminUnit | None
    opened_on: dt.date | None
    beds: int | None = None
    icu_beds: int | None = 0
    oxygen_points: int | None = 0
    treatment_tier: int | None = TreatmentTier.NONE
    organisation: Organisation | None = None
    address: str = ""
    closed_on: dt.date | None = None


INPUT_FIELDS = tuple(f.name for f in fields(FacilityInput))

Errors = dict[str, list[str]]


def _err(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _raise(errors: Errors) -> None:
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors=errors)


def _moment(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


def _aware(value: dt.datetime) -> dt.datetime:
    """A naive time from a caller is read as local (Asia/Ho_Chi_Minh) wall-clock time."""
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def _number(errors: Errors, data: FacilityInput, name: str, label: str, *, required: bool) -> int:
    value = getattr(data, name)
    if value is None:
        if required:
            _err(errors, name, _("%(label)s là bắt buộc.") % {"label": label})
        setattr(data, name, 0)
        return 0
    if value < 0:
        _err(errors, name, _("%(label)s không được là số âm.") % {"label": label})
    elif value > MAX_COUNT:
        _err(
            errors,
            name,
            _("%(label)s không hợp lý (tối đa %(max)s).")
            % {"label": label, "max": f"{MAX_COUNT:,}".replace(",", ".")},
        )
    return int(value)


def _clean_place(data: FacilityInput, jurisdiction: Jurisdiction, errors: Errors) -> None:
    if data.unit is None or data.unit.level not in FACILITY_LEVELS:
        _err(errors, "unit", _("Chọn huyện, xã/phường hoặc thôn/bản nơi đặt cơ sở."))
    elif not jurisdiction.contains(data.unit.path):
        _err(errors, "unit", _("Đơn vị này không thuộc địa bàn bạn quản lý."))
    if data.organisation is not None and not jurisdiction.contains(data.organisation.unit_path):
        _err(errors, "organisation", _("Tổ chức này không thuộc địa bàn bạn quản lý."))


def _clean_kind(data: FacilityInput, errors: Errors) -> None:
    if data.kind not in FacilityKind.values:
        _err(errors, "kind", _("Chọn loại cơ sở."))
    if data.treatment_tier is None:
        data.treatment_tier = TreatmentTier.NONE
    if data.treatment_tier not in TreatmentTier.values:
        _err(errors, "treatment_tier", _("Tầng điều trị phải là 1, 2 hoặc 3 (0: không phân tầng)."))
    elif data.kind in QUARANTINE_KINDS and data.treatment_tier != TreatmentTier.NONE:
        _err(errors, "treatment_tier", _("Khu cách ly tập trung không thuộc tầng điều trị nào."))


def _clean_capacity(data: FacilityInput, errors: Errors) -> None:
    beds = _number(errors, data, "beds", _("Số giường"), required=True)
    icu = _number(errors, data, "icu_beds", _("Số giường hồi sức tích cực (ICU)"), required=False)
    _number(errors, data, "oxygen_points", _("Số điểm cung cấp oxy"), required=False)
    if 0 <= icu <= MAX_COUNT and beds >= 0 and icu > beds:
        _err(
            errors,
            "icu_beds",
            _("Số giường ICU (%(icu)s) không được nhiều hơn tổng số giường (%(beds)s).")
            % {"icu": icu, "beds": beds},
        )


def _clean_dates(data: FacilityInput, errors: Errors) -> None:
    if data.opened_on is None:
        _err(errors, "opened_on", _("Ngày mở cửa là bắt buộc."))
    if data.closed_on is None:
        return
    if data.opened_on is not None and data.closed_on < data.opened_on:
        _err(errors, "closed_on", _("Ngày đóng cửa không được trước ngày mở cửa."))
    elif data.closed_on > clock.today():
        _err(errors, "closed_on", _("Ngày đóng cửa không được sau ngày hôm nay."))


def _clean(data: FacilityInput, *, jurisdiction: Jurisdiction) -> FacilityInput:
    """Normalise the text, check every field; raise one DomainError listing them all."""
    errors: Errors = {}
    data.name, data.address = nfc(data.name or "").strip(), nfc(data.address or "").strip()
    if not data.name:
        _err(errors, "name", _("Tên cơ sở là bắt buộc."))
    elif len(data.name) > Facility._meta.get_field("name").max_length:  # type: ignore[operator]
        _err(errors, "name", _("Tên cơ sở quá dài (tối đa 200 ký tự)."))
    if len(data.address) > Facility._meta.get_field("address").max_length:  # type: ignore[operator]
        _err(errors, "address", _("Địa chỉ quá dài (tối đa 255 ký tự)."))
    _clean_kind(data, errors)
    _clean_place(data, jurisdiction, errors)
    _clean_capacity(data, errors)
    _clean_dates(data, errors)
    _raise(errors)
    return data


def _open_count(facility: Facility) -> int:
    return Stay.objects.filter(facility=facility, discharged_at__isnull=True).count()


def _check_closing(facility: Facility, closed_on: dt.date, errors: Errors) -> None:
    """A facility closes empty, and not before the last person it held left."""
    still_in = _open_count(facility)
    if still_in:
        _err(
            errors,
            "closed_on",
            _("Cơ sở còn %(count)s người đang lưu trú: cho ra hết trước khi đóng cửa.") % {"count": still_in},
        )
        return
    last = Stay.objects.filter(facility=facility).aggregate(last=Max("discharged_at"))["last"]
    if last is not None and _local_date(last) > closed_on:
        _err(
            errors,
            "closed_on",
            _("Ngày đóng cửa không được trước ngày người cuối cùng ra khỏi cơ sở (%(day)s).")
            % {"day": day_text(_local_date(last))},
        )


def _check_against_stays(facility: Facility, data: FacilityInput, errors: Errors) -> None:
    """An edit must not contradict the people already admitted: beds, opening date, closing."""
    occupied = _open_count(facility)
    if data.beds is not None and 0 <= data.beds < occupied:
        _err(
            errors,
            "beds",
            _("Số giường không được ít hơn số người đang lưu trú (%(count)s).") % {"count": occupied},
        )
    first = Stay.objects.filter(facility=facility).aggregate(first=Min("admitted_at"))["first"]
    if data.opened_on is not None and first is not None and _local_date(first) < data.opened_on:
        _err(
            errors,
            "opened_on",
            _("Ngày mở cửa không được sau ngày nhận người đầu tiên (%(day)s).")
            % {"day": day_text(_local_date(first))},
        )
    if data.closed_on is not None and data.closed_on != facility.closed_on:
        _check_closing(facility, data.closed_on, errors)


def _apply(facility: Facility, data: FacilityInput) -> None:
    assert data.unit is not None
    for name in INPUT_FIELDS:
        if name != "unit":
            setattr(facility, name, getattr(data, name))
    facility.unit, facility.unit_path = data.unit, data.unit.path
    facility.updated_at = clock.now()


def _locked(facility: Facility) -> Facility:
    """The facility row, locked until the transaction ends: admissions and edits queue on it."""
    return Facility.objects.select_for_update().get(pk=facility.pk)


@transaction.atomic
def facility_create(*, actor: Any, jurisdiction: Jurisdiction, data: FacilityInput) -> Facility:
    data = _clean(data, jurisdiction=jurisdiction)
    facility = Facility(created_at=clock.now())
    _apply(facility, data)
    facility.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=facility,
        summary=facility.name,
        changes=audit.snapshot(facility, list(INPUT_FIELDS)),
    )
    return facility


@transaction.atomic
def facility_update(
    *, actor: Any, jurisdiction: Jurisdiction, facility: Facility, data: FacilityInput
) -> Facility:
    data = _clean(data, jurisdiction=jurisdiction)
    locked = _locked(facility)
    errors: Errors = {}
    _check_against_stays(locked, data, errors)
    _raise(errors)
    before = audit.snapshot(locked, list(INPUT_FIELDS))
    _apply(locked, data)
    locked.save()
    changes = audit.diff(before, audit.snapshot(locked, list(INPUT_FIELDS)))
    if changes:
        audit.record(
            actor=actor, action=AuditAction.UPDATE, instance=locked, summary=locked.name, changes=changes
        )
    return locked


@transaction.atomic
def facility_close(*, actor: Any, facility: Facility, closed_on: dt.date) -> Facility:
    """Close a facility that holds nobody; closing it again on the same day is a no-op."""
    locked = _locked(facility)
    if locked.closed_on is not None:
        if locked.closed_on == closed_on:
            return locked
        raise ConflictError(
            _("Cơ sở đã đóng cửa từ ngày %(day)s.") % {"day": day_text(locked.closed_on)}, field="closed_on"
        )
    errors: Errors = {}
    if closed_on < locked.opened_on:
        _err(
            errors,
            "closed_on",
            _("Ngày đóng cửa không được trước ngày mở cửa (%(day)s).") % {"day": day_text(locked.opened_on)},
        )
    elif closed_on > clock.today():
        _err(errors, "closed_on", _("Ngày đóng cửa không được sau ngày hôm nay."))
    else:
        _check_closing(locked, closed_on, errors)
    _raise(errors)
    locked.closed_on, locked.updated_at = closed_on, clock.now()
    locked.save(update_fields=["closed_on", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=locked,
        summary=_("Đóng cửa: %(name)s") % {"name": locked.name},
        changes={"closed_on": [None, closed_on.isoformat()]},
    )
    return locked


STAY_FIELDS = ["facility", "person", "purpose", "admitted_at", "source"]


def _check_admission(
    facility: Facility, person: Person, purpose: str, at: dt.datetime, errors: Errors
) -> None:
    day = _local_date(at)
    if purpose not in StayPurpose.values:
        _err(errors, "purpose", _("Chọn mục đích lưu trú."))
    if at > clock.now():
        _err(errors, "admitted_at", _("Thời điểm vào không được sau thời điểm hiện tại."))
    if day < facility.opened_on:
        _err(
            errors,
            "admitted_at",
            _("Cơ sở chưa mở cửa vào ngày này (mở từ ngày %(day)s).") % {"day": day_text(facility.opened_on)},
        )
    if facility.closed_on is not None:  # even a late entry: a closed facility holds nobody
        _err(
            errors,
            "facility",
            _("Cơ sở đã đóng cửa từ ngày %(day)s.") % {"day": day_text(facility.closed_on)},
        )
    elif (occupied := _open_count(facility)) >= facility.beds:
        _err(
            errors,
            "facility",
            _("Cơ sở đã hết giường (%(occupied)s/%(beds)s).") % {"occupied": occupied, "beds": facility.beds},
        )
    current = open_stay_of(person=person)
    if current is not None:
        _err(
            errors,
            "person",
            _("Người này đang lưu trú tại %(facility)s (từ %(since)s).")
            % {"facility": current.facility.name, "since": _moment(current.admitted_at)},
        )
    else:
        later = Stay.objects.filter(person=person, discharged_at__gt=at).select_related("facility").first()
        if later is not None:
            _err(
                errors,
                "admitted_at",
                _("Thời điểm vào trùng với lượt lưu trú trước tại %(facility)s (ra lúc %(at)s).")
                % {"facility": later.facility.name, "at": _moment(later.discharged_at)},
            )


@transaction.atomic
def stay_admit(
    *, actor: Any, facility: Facility, person: Person, purpose: str, at: dt.datetime, source: str = ""
) -> Stay:
    """Admit a person to a facility that is open on that day and has a free bed.

    The facility row is locked first, so two admissions to the last bed cannot both pass the count.
    """
    at = _aware(at)
    locked = _locked(facility)
    errors: Errors = {}
    _check_admission(locked, person, purpose, at, errors)
    if len(source) > Stay._meta.get_field("source").max_length:  # type: ignore[operator]
        _err(errors, "source", _("Nguồn yêu cầu quá dài (tối đa 40 ký tự)."))
    _raise(errors)
    stay = Stay(
        facility=locked,
        person=person,
        purpose=purpose,
        admitted_at=at,
        source=source,
        unit_id=locked.unit_id,
        unit_path=locked.unit_path,
        created_at=clock.now(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    try:
        with transaction.atomic():
            stay.save()
    except IntegrityError as exc:  # admitted elsewhere meanwhile (another facility's lock)
        raise ConflictError(_("Người này vừa được nhận vào một cơ sở khác."), field="person") from exc
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=stay,
        summary=f"{person.full_name} → {locked.name}"[:255],
        changes=audit.snapshot(stay, STAY_FIELDS),
    )
    return stay


@transaction.atomic
def stay_discharge(*, actor: Any, stay: Stay, at: dt.datetime, reason: str) -> Stay:
    at = _aware(at)
    locked = Stay.objects.select_for_update(of=("self",)).select_related("person", "facility").get(pk=stay.pk)
    if locked.discharged_at is not None:
        raise ConflictError(
            _("Người này đã ra khỏi cơ sở lúc %(at)s.") % {"at": _moment(locked.discharged_at)},
            field="discharged_at",
        )
    errors: Errors = {}
    if at < locked.admitted_at:
        _err(
            errors,
            "discharged_at",
            _("Thời điểm ra không được trước thời điểm vào (%(at)s).") % {"at": _moment(locked.admitted_at)},
        )
    elif at > clock.now():
        _err(errors, "discharged_at", _("Thời điểm ra không được sau thời điểm hiện tại."))
    reason = nfc(reason or "").strip()
    if len(reason) > Stay._meta.get_field("discharge_reason").max_length:  # type: ignore[operator]
        _err(errors, "reason", _("Lý do ra quá dài (tối đa 200 ký tự)."))
    _raise(errors)
    locked.discharged_at, locked.discharge_reason = at, reason
    locked.save(update_fields=["discharged_at", "discharge_reason"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=locked,
        summary=_("Ra khỏi %(facility)s: %(name)s")
        % {"facility": locked.facility.name, "name": locked.person.full_name},
        changes={"discharged_at": [None, at.isoformat()], "discharge_reason": ["", reason]},
    )
    return locked


@transaction.atomic
def stay_flag_positive(*, actor: Any, person: Person, at: dt.datetime) -> Stay | None:
    """Mark that a person held in a quarantine facility tested positive (they must be moved out of it).

    Returns their stay, or None when they are not in a quarantine facility; flagging again keeps the
    first flag and writes nothing.
    """
    stay = (
        Stay.objects.select_for_update(of=("self",))
        .filter(person=person, discharged_at__isnull=True, facility__kind__in=QUARANTINE_KINDS)
        .first()
    )
    if stay is None or stay.positive_flagged_at is not None:
        return stay
    stay.positive_flagged_at = at = _aware(at)
    stay.save(update_fields=["positive_flagged_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=stay,
        summary=_("Dương tính trong khu cách ly: %(name)s") % {"name": person.full_name},
        changes={"positive_flagged_at": [None, at.isoformat()]},
    )
    return stay
