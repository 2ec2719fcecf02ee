"""Writes of quarantine (F1) and isolation (F0) orders.

An F1 order is decided under the "quarantine.f1" version in force on its start date, an F0 order under
the case registry's release rule ("cases.release"); the order keeps that version, so "which rule said
14 days?" has an answer after the rules change. Stays in a facility go through the facilities app.
"""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.cases import rulesets as case_rules
from phaodai.cases.models import Case
from phaodai.cases.reference import OPEN_STATUSES
from phaodai.contacts.models import Contact
from phaodai.contacts.reference import OPEN_TRACE_STATUSES, ContactLevel
from phaodai.core import audit, clock, rules
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditAction, RuleSet
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import day_text, nfc
from phaodai.facilities import services as facility_services
from phaodai.facilities.models import QUARANTINE_KINDS, Facility, StayPurpose
from phaodai.facilities.selectors import open_stay_of, referral_scope
from phaodai.people.models import Person
from phaodai.quarantine import plans
from phaodai.quarantine.models import Order
from phaodai.quarantine.reference import OrderKind, OrderPlace, OrderStatus
from phaodai.quarantine.rulesets import F1_QUARANTINE

Errors = dict[str, list[str]]
AUDITED = [
    "kind", "person", "place", "facility", "address", "contact", "case", "start_date", "end_date",
    "test_days", "self_monitor_days", "rules", "status", "number", "issuer",
]  # fmt: skip
RELEASE_AUDITED = ["status", "released_on", "release_number", "signer_name", "signer_title"]
MAX_DOSES = 6


def _err(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _raise(errors: Errors) -> None:
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors=errors)


def _text(errors: Errors, name: str, value: str, label: str, *, required: bool = False) -> str:
    """NFC text that fits its column; a missing required value or an overlong one is refused by name."""
    value = nfc(value or "")
    limit: int | None = getattr(Order._meta.get_field(name), "max_length", None)
    if required and not value:
        _err(errors, name, _("%(label)s là bắt buộc.") % {"label": label})
    elif limit is not None and len(value) > limit:
        _err(errors, name, _("%(label)s quá dài (tối đa %(max)s ký tự).") % {"label": label, "max": limit})
    return value


# Checks shared by both kinds of order


def _check_person(errors: Errors, person: Person, jurisdiction: Jurisdiction) -> None:
    if not jurisdiction.contains(person.unit_path):
        _err(errors, "person", _("Người này không thuộc địa bàn bạn quản lý."))


def _check_start(errors: Errors, start_date: dt.date | None) -> None:
    if start_date is None:
        _err(errors, "start_date", _("Ngày bắt đầu cách ly là bắt buộc."))
    elif start_date > clock.today():
        _err(errors, "start_date", _("Ngày bắt đầu cách ly không được sau ngày hôm nay."))


def _check_facility(
    errors: Errors,
    *,
    kind: str,
    place: str,
    facility: Facility | None,
    jurisdiction: Jurisdiction,
    on: dt.date,
) -> None:
    """A facility is named for a facility order, and only then: in the jurisdiction, of the right kind
    (quarantine centres hold F1, the others F0), open on the start date."""
    if place == OrderPlace.FACILITY and facility is None:
        message = _("Chọn khu cách ly tập trung.") if kind == OrderKind.F1_QUARANTINE else _("Chọn cơ sở.")
        _err(errors, "facility", message)
    if place != OrderPlace.FACILITY and facility is not None:
        _err(errors, "facility", _("Cách ly tại nhà hoặc nơi khác thì không chọn cơ sở."))
    if facility is None or place != OrderPlace.FACILITY:
        return
    if not referral_scope(jurisdiction).contains(facility.unit_path):
        _err(errors, "facility", _("Cơ sở này không thuộc tỉnh bạn quản lý."))
    quarantine_centre = facility.kind in QUARANTINE_KINDS
    if kind == OrderKind.F1_QUARANTINE and not quarantine_centre:
        _err(errors, "facility", _("Cơ sở điều trị không nhận cách ly F1: chọn khu cách ly tập trung."))
    if kind == OrderKind.F0_ISOLATION and quarantine_centre:
        _err(errors, "facility", _("Khu cách ly tập trung (F1) không nhận cách ly F0: chọn cơ sở điều trị."))
    if facility.closed_on is not None:
        _err(
            errors,
            "facility",
            _("Cơ sở đã đóng cửa từ ngày %(day)s.") % {"day": day_text(facility.closed_on)},
        )
    elif on < facility.opened_on:
        _err(
            errors,
            "facility",
            _("Cơ sở chưa mở cửa vào ngày bắt đầu cách ly (mở từ ngày %(day)s).")
            % {"day": day_text(facility.opened_on)},
        )


def _clean_place(errors: Errors, *, place: str, address: str, number: str, person: Person) -> tuple[str, str]:
    """The place, its address (at home: where the person lives unless told otherwise; elsewhere: say
    where) and the order's number, cleaned."""
    if place not in OrderPlace.values:
        _err(errors, "place", _("Chọn nơi cách ly."))
    address = _text(errors, "address", address, _("Địa chỉ nơi cách ly"))
    if not address and place == OrderPlace.HOME:
        address = person.address
    elif not address and place == OrderPlace.OTHER:
        _err(errors, "address", _("Ghi rõ địa chỉ nơi cách ly."))
    return address, _text(errors, "number", number, _("Số quyết định"))


def _lock_person(person: Person) -> None:
    """Queue issuers of the same person: the second one sees the first one's order."""
    Person.objects.select_for_update().filter(pk=person.pk).first()


def _refuse_second_active(person: Person) -> None:
    current = Order.objects.filter(person=person, status=OrderStatus.ACTIVE).first()
    if current is not None:
        raise ConflictError(
            _("Người này đang có quyết định cách ly chưa kết thúc (#%(id)s, đến hết ngày %(end)s).")
            % {"id": current.pk, "end": day_text(current.end_date)},
            field="person",
        )


def _local_moment(day: dt.date, time: dt.time) -> dt.datetime:
    """Now when ``day`` is today (or later), else that time of that day: a stay never starts or ends
    in the future."""
    if day >= clock.today():
        return clock.now()
    return timezone.make_aware(dt.datetime.combine(day, time))


def _admit(order: Order, actor: Any) -> None:
    """Take the person into the order's facility, unless they are already staying there (an F0 the
    case registry has placed)."""
    if order.facility is None:
        return
    stay = open_stay_of(person=order.person)
    if stay is not None and stay.facility_id == order.facility.pk:
        return
    facility_services.stay_admit(
        actor=actor,
        facility=order.facility,
        person=order.person,
        purpose=StayPurpose.QUARANTINE if order.kind == OrderKind.F1_QUARANTINE else StayPurpose.ISOLATION,
        at=_local_moment(order.start_date, dt.time.min),
        source=f"order:{order.pk}",
    )


def _discharge(order: Order, actor: Any, *, on: dt.date, reason: str) -> None:
    """The person leaves the order's facility (if they are still in it)."""
    if order.facility is None:
        return
    stay = open_stay_of(person=order.person)
    if stay is None or stay.facility_id != order.facility.pk:
        return
    at = max(_local_moment(on, dt.time(23, 59)), stay.admitted_at)
    facility_services.stay_discharge(actor=actor, stay=stay, at=at, reason=reason)


def _issuer(actor: Any) -> Any:
    return getattr(actor, "organisation", None) if getattr(actor, "pk", None) else None


def _save_new(order: Order, actor: Any) -> Order:
    """Insert the order (a concurrent order for the same person is a conflict, not a 500), admit the
    person where the order sends them, and write the audit row."""
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError as exc:
        raise ConflictError(_("Người này vừa được ra quyết định cách ly khác."), field="person") from exc
    _admit(order, actor)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=order,
        summary=_issue_summary(order),
        changes=audit.snapshot(order, AUDITED),
    )
    return order


def _issue_summary(order: Order) -> str:
    return _("%(kind)s: %(name)s, %(start)s - %(end)s (theo %(rules)s)") % {
        "kind": order.get_kind_display(),
        "name": order.person.full_name,
        "start": day_text(order.start_date),
        "end": day_text(order.end_date),
        "rules": order.rules.code,
    }


def _new_order(
    *, actor: Any, person: Person, kind: str, version: RuleSet, start_date: dt.date, days: int, **fields: Any
) -> Order:
    return Order(
        person=person,
        unit_id=person.unit_id,
        unit_path=person.unit_path,
        kind=kind,
        rules=version,
        start_date=start_date,
        end_date=plans.end_date(start_date, days),
        issuer=_issuer(actor),
        created_at=clock.now(),
        created_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )


# F1 quarantine


def _check_contact(
    errors: Errors, contact: Contact | None, person: Person, jurisdiction: Jurisdiction
) -> None:
    if contact is None:
        return
    if not jurisdiction.contains(contact.unit_path):
        _err(errors, "contact", _("Người tiếp xúc này không thuộc địa bàn bạn quản lý."))
    elif contact.person_id != person.pk:
        _err(errors, "contact", _("Người tiếp xúc và người bị cách ly phải là một người."))
    elif contact.level != ContactLevel.F1:
        _err(
            errors,
            "contact",
            _("Chỉ F1 mới phải cách ly y tế; người này là %(level)s.") % {"level": contact.level},
        )
    elif contact.status not in OPEN_TRACE_STATUSES:
        _err(
            errors,
            "contact",
            _("Người này không còn trong danh sách theo dõi tiếp xúc (%(status)s).")
            % {"status": contact.get_status_display()},
        )


def _check_immunity(
    errors: Errors,
    *,
    vaccine_doses: int | None,
    last_dose_date: dt.date | None,
    recovered_on: dt.date | None,
    start_date: dt.date | None,
) -> None:
    if vaccine_doses is None or not 0 <= vaccine_doses <= MAX_DOSES:
        _err(errors, "vaccine_doses", _("Số mũi vắc xin phải từ 0 đến %(max)s.") % {"max": MAX_DOSES})
    elif vaccine_doses and last_dose_date is None:
        _err(errors, "last_dose_date", _("Nhập ngày tiêm mũi cuối."))
    if start_date is None:
        return
    if last_dose_date is not None and last_dose_date > start_date:
        _err(errors, "last_dose_date", _("Ngày tiêm mũi cuối không được sau ngày bắt đầu cách ly."))
    if recovered_on is not None and recovered_on > start_date:
        _err(errors, "recovered_on", _("Ngày khỏi bệnh không được sau ngày bắt đầu cách ly."))


def _no_quarantine(version: RuleSet) -> DomainError:
    return DomainError(
        _(
            "Theo %(code)s (%(document)s), F1 không phải cách ly y tế: chỉ thực hiện các biện pháp "
            "phòng bệnh và tự theo dõi sức khỏe trong %(days)s ngày."
        )
        % {
            "code": version.code,
            "document": version.document,
            "days": version.params.get("precaution_days", 0),
        },
        field="start_date",
    )


def _check_plan_place(errors: Errors, plan: plans.Plan, version: RuleSet, place: str) -> None:
    if place in plan.allowed_places:
        return
    values = {"code": version.code, "days": plan.days}
    if plan.place == OrderPlace.FACILITY:
        message = _("Theo %(code)s, trường hợp này phải cách ly tập trung (%(days)s ngày).") % values
    else:
        message = (
            _("Theo %(code)s, trường hợp này cách ly tại nhà/nơi lưu trú hoặc tập trung (%(days)s ngày).")
            % values
        )
    _err(errors, "place", message)


def order_issue_f1(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    contact: Contact | None,
    person: Person,
    start_date: dt.date,
    place: str,
    facility: Facility | None = None,
    address: str = "",
    vaccine_doses: int = 0,
    last_dose_date: dt.date | None = None,
    recovered_on: dt.date | None = None,
    number: str = "",
) -> Order:
    """Quarantine an F1 under the plan the version in force on ``start_date`` gives them.

    Refused when that version quarantines nobody (1909/BYT-DP), when the place is not one the plan allows,
    or when the person already has an active order (a conflict on ``person``).
    """
    errors: Errors = {}
    _check_person(errors, person, jurisdiction)
    _check_contact(errors, contact, person, jurisdiction)
    _check_start(errors, start_date)
    address, number = _clean_place(errors, place=place, address=address, number=number, person=person)
    _check_immunity(
        errors,
        vaccine_doses=vaccine_doses,
        last_dose_date=last_dose_date,
        recovered_on=recovered_on,
        start_date=start_date,
    )
    if Case.objects.filter(person=person, status__in=OPEN_STATUSES).exists():
        _err(errors, "person", _("Người này đang là ca bệnh (F0 hoặc nghi nhiễm): không cách ly như F1."))
    _raise(errors)
    version = rules.in_force(F1_QUARANTINE, on=start_date, unit_path=person.unit_path)
    plan = plans.choose_plan(
        version.params,
        vaccine_doses=vaccine_doses,
        last_dose_date=last_dose_date,
        recovered_on=recovered_on,
        start=start_date,
    )
    if plan is None:
        raise _no_quarantine(version)
    _check_plan_place(errors, plan, version, place)
    _check_facility(
        errors,
        kind=OrderKind.F1_QUARANTINE,
        place=place,
        facility=facility,
        jurisdiction=jurisdiction,
        on=start_date,
    )
    _raise(errors)
    with transaction.atomic():
        _lock_person(person)
        _refuse_second_active(person)
        order = _new_order(
            actor=actor,
            person=person,
            kind=OrderKind.F1_QUARANTINE,
            version=version,
            start_date=start_date,
            days=plan.days,
            contact=contact,
            place=place,
            facility=facility if place == OrderPlace.FACILITY else None,
            address=address,
            test_days=list(plan.test_days),
            self_monitor_days=plan.self_monitor_days,
            number=number,
        )
        return _save_new(order, actor)


# F0 isolation


def _check_case(errors: Errors, case: Case, jurisdiction: Jurisdiction, start_date: dt.date | None) -> None:
    if not jurisdiction.contains(case.unit_path):
        _err(errors, "case", _("Ca bệnh này không thuộc địa bàn bạn quản lý."))
        return
    if case.status not in OPEN_STATUSES:
        _err(errors, "case", _("Ca bệnh đã kết thúc: không ra quyết định cách ly."))
    first = case.sample_date or case.report_date
    if start_date is not None and start_date < first:
        _err(
            errors,
            "start_date",
            _("Ngày bắt đầu cách ly không được trước ngày lấy mẫu hoặc báo cáo ca bệnh (%(day)s).")
            % {"day": day_text(first)},
        )


def order_issue_f0(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    case: Case,
    start_date: dt.date,
    place: str,
    facility: Facility | None = None,
    address: str = "",
    number: str = "",
) -> Order:
    """Isolate an open case for the minimum days of the release rule in force on ``start_date``; the
    release test falls on the last day."""
    errors: Errors = {}
    _check_case(errors, case, jurisdiction, start_date)
    _check_start(errors, start_date)
    address, number = _clean_place(errors, place=place, address=address, number=number, person=case.person)
    _check_facility(
        errors,
        kind=OrderKind.F0_ISOLATION,
        place=place,
        facility=facility,
        jurisdiction=jurisdiction,
        on=start_date,
    )
    _raise(errors)
    version = rules.in_force(case_rules.RELEASE, on=start_date, unit_path=case.unit_path)
    days = int(version.params["days"])
    with transaction.atomic():
        _lock_person(case.person)
        _refuse_second_active(case.person)
        order = _new_order(
            actor=actor,
            person=case.person,
            kind=OrderKind.F0_ISOLATION,
            version=version,
            start_date=start_date,
            days=days,
            case=case,
            place=place,
            facility=facility if place == OrderPlace.FACILITY else None,
            address=address,
            test_days=[days],
            self_monitor_days=0,
            number=number,
        )
        return _save_new(order, actor)


# Release, cancellation, becoming a case


def _locked(order: Order) -> Order:
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("person", "facility", "rules")
        .get(pk=order.pk)
    )


def _refuse_unless_active(order: Order) -> None:
    if order.status == OrderStatus.ACTIVE:
        return
    if order.status == OrderStatus.RELEASED and order.released_on is not None:
        message = _("Quyết định đã kết thúc cách ly ngày %(day)s.") % {"day": day_text(order.released_on)}
    else:
        message = _("Quyết định không còn hiệu lực (%(status)s).") % {"status": order.get_status_display()}
    raise ConflictError(message, field="status")


def _check_release_date(errors: Errors, order: Order, released_on: dt.date | None) -> None:
    if released_on is None:
        _err(errors, "released_on", _("Ngày kết thúc cách ly là bắt buộc."))
    elif released_on < order.start_date:
        _err(errors, "released_on", _("Ngày kết thúc không được trước ngày bắt đầu."))
    elif released_on > clock.today():
        _err(errors, "released_on", _("Ngày kết thúc không được sau ngày hôm nay."))
    elif released_on < order.end_date:
        _err(
            errors,
            "released_on",
            _("Chưa hết thời gian cách ly: đến hết ngày %(day)s.") % {"day": day_text(order.end_date)},
        )


def _check_case_released(errors: Errors, order: Order) -> None:
    """An F0 leaves isolation when their case is closed under its release rule (days and the negative
    test it asks for), not merely when the order's minimum period is over."""
    if order.kind == OrderKind.F0_ISOLATION and order.case is not None and order.case.status in OPEN_STATUSES:
        _err(
            errors,
            "released_on",
            _(
                "Ca bệnh chưa kết thúc: hãy kết thúc ca bệnh (đủ ngày và xét nghiệm âm tính theo quy tắc "
                "ra viện) trước khi cấp giấy hoàn thành cách ly."
            ),
        )


def order_release(
    *,
    actor: Any,
    order: Order,
    released_on: dt.date,
    release_number: str,
    signer_name: str,
    signer_title: str,
) -> Order:
    """End an order whose period is over: the person leaves the facility, and the release decision or
    certificate can be printed. The number may stay blank for the clerk to write in by hand."""
    with transaction.atomic():
        locked = _locked(order)
        _refuse_unless_active(locked)
        errors: Errors = {}
        _check_release_date(errors, locked, released_on)
        _check_case_released(errors, locked)
        release_number = _text(errors, "release_number", release_number, _("Số quyết định kết thúc"))
        signer_name = _text(errors, "signer_name", signer_name, _("Họ tên người ký"), required=True)
        signer_title = _text(errors, "signer_title", signer_title, _("Chức vụ người ký"), required=True)
        _raise(errors)
        before = audit.snapshot(locked, RELEASE_AUDITED)
        locked.status, locked.released_on = OrderStatus.RELEASED, released_on
        locked.release_number, locked.signer_name, locked.signer_title = (
            release_number,
            signer_name,
            signer_title,
        )
        locked.save(update_fields=RELEASE_AUDITED)
        _discharge(locked, actor, on=released_on, reason=_("Hoàn thành cách ly"))
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=locked,
            summary=_("Hoàn thành cách ly: %(name)s (%(day)s)")
            % {"name": locked.person.full_name, "day": day_text(released_on)},
            changes=audit.diff(before, audit.snapshot(locked, RELEASE_AUDITED)),
        )
    return locked


def order_cancel(*, actor: Any, order: Order, reason: str) -> Order:
    """Withdraw an active order issued by mistake; the person leaves the facility today."""
    with transaction.atomic():
        locked = _locked(order)
        _refuse_unless_active(locked)
        reason = nfc(reason or "")
        if not reason:
            raise DomainError(_("Ghi rõ lý do huỷ quyết định."), field="reason")
        locked.status = OrderStatus.CANCELLED
        locked.save(update_fields=["status"])
        _discharge(locked, actor, on=clock.today(), reason=_("Huỷ quyết định cách ly"))
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=locked,
            summary=_("Huỷ quyết định cách ly: %(reason)s") % {"reason": reason},
            changes={"status": [OrderStatus.ACTIVE, OrderStatus.CANCELLED], "reason": reason},
        )
    return locked


def order_follow_case(*, actor: Any, case: Case) -> Order | None:
    """The person under an active F1 order became a case: the order ends as "became F0" and points to
    the case. Where they stay is the case registry's decision (it moves or flags them)."""
    order = (
        Order.objects.select_for_update()
        .filter(person_id=case.person_id, kind=OrderKind.F1_QUARANTINE, status=OrderStatus.ACTIVE)
        .first()
    )
    if order is None:
        return None
    order.status, order.case = OrderStatus.BECAME_CASE, case
    order.save(update_fields=["status", "case"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=order,
        summary=_("Người cách ly trở thành ca bệnh (%(case)s)") % {"case": case},
        changes={"status": [OrderStatus.ACTIVE, OrderStatus.BECAME_CASE], "case": [None, case.pk]},
    )
    return order


def order_record_view(*, actor: Any, order: Order) -> None:
    """Log that someone opened an order (a person's health data: access is reviewable)."""
    audit.record(
        actor=actor,
        action=AuditAction.VIEW,
        instance=order,
        summary=_("Quyết định cách ly #%(id)s: %(name)s") % {"id": order.pk, "name": order.person.full_name},
    )


def order_document_export(*, actor: Any, order: Order, title: str) -> None:
    """Log that someone downloaded an order's printable document."""
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        instance=order,
        summary=_("Tải %(title)s: %(name)s") % {"title": title, "name": order.person.full_name},
    )
