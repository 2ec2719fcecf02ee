"""Writes of the support app: lists and their lines, the approval path, conflicts, payments, the fund.

Every service is keyword-only with an explicit ``actor``, checks everything before writing (one refusal
naming the fields or rows), and writes its audit row in the same transaction.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from phaodai.core import audit, clock
from phaodai.core.errors import ConflictError, DomainError, FieldErrors
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.support import eligibility, matching
from phaodai.support.checks import CheckedEntry, EntryInput, check_entry, money, period_errors
from phaodai.support.models import (
    Allocation,
    Beneficiary,
    BeneficiaryList,
    Conflict,
    Donation,
    ListStep,
    Payment,
    Programme,
    Spending,
)
from phaodai.support.reference import (
    EDITABLE_STATUSES,
    AmountBasis,
    ConflictDecision,
    DonationKind,
    DonorKind,
    EntrySource,
    EntryStatus,
    ListStatus,
    PaymentMethod,
)
from phaodai.support.selectors import omissions

ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024


# Lists.


@transaction.atomic
def list_create(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    programme: Programme,
    unit: AdminUnit,
    period_start: dt.date | None,
    period_end: dt.date | None,
    title: str = "",
) -> BeneficiaryList:
    errors = FieldErrors()
    if unit.level != UnitLevel.COMMUNE or not jurisdiction.contains(unit.path):
        errors.add("unit", _("Danh sách được lập cho một xã/phường thuộc địa bàn bạn quản lý."))
    if not programme.active:
        errors.add("programme", _("Chính sách «%(name)s» chưa được áp dụng.") % {"name": programme.name})
    period_errors(programme, period_start, period_end, errors)
    errors.raise_any()
    assert period_start is not None
    assert period_end is not None
    now = clock.now()
    blist = BeneficiaryList.objects.create(
        programme=programme,
        unit=unit,
        unit_path=unit.path,
        title=title.strip()
        or f"{programme.name} – {unit.name} ({period_start:%d/%m/%Y}–{period_end:%d/%m/%Y})"[:255],
        period_start=period_start,
        period_end=period_end,
        created_at=now,
        created_by=actor,
        updated_at=now,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, instance=blist, summary=blist.title)
    return blist


def _editable(blist: BeneficiaryList) -> None:
    if blist.status not in EDITABLE_STATUSES:
        raise ConflictError(
            _("Danh sách đang ở bước «%(status)s»: không sửa được; cần được trả lại để bổ sung.")
            % {"status": blist.get_status_display()}
        )


def _row(blist: BeneficiaryList, checked: CheckedEntry, source: str) -> Beneficiary:
    person = checked.person
    return Beneficiary(
        beneficiary_list=blist,
        programme=blist.programme,
        unit_id=person.unit_id if person else blist.unit_id,
        unit_path=person.unit_path if person else blist.unit_path,
        person=person,
        household_id=person.household_id if person else None,
        full_name=checked.full_name,
        name_folded=checked.name_folded,
        national_id=checked.national_id,
        birth_year=checked.birth_year,
        period_start=blist.period_start,
        period_end=blist.period_end,
        days=checked.days,
        known_days=checked.known_days,
        amount=checked.amount,
        source=source,
        note=checked.note,
        created_at=clock.now(),
    )


def _already_listed(blist: BeneficiaryList, checked: CheckedEntry, batch: Iterable[CheckedEntry]) -> bool:
    listed = blist.entries.filter(status=EntryStatus.LISTED)
    keys = [c for c in batch if c is not checked]
    if checked.person is not None:
        return listed.filter(person=checked.person).exists() or any(c.person == checked.person for c in keys)
    if checked.national_id:
        return listed.filter(national_id=checked.national_id).exists() or any(
            c.national_id == checked.national_id for c in keys
        )
    return False


def _meeting_point(new: Beneficiary, old: Beneficiary) -> str:
    """The lowest unit whose office sees both lists (lists are placed at their commune)."""
    return matching.common_prefix(new.beneficiary_list.unit_path, old.beneficiary_list.unit_path)


@transaction.atomic
def conflicts_record(*, actor: Any, entries: list[Beneficiary]) -> int:
    """Open a conflict for every match, placed where someone sees both lines; never resolve one."""
    now, found = clock.now(), matching.find_matches(entries)
    paths = {_meeting_point(new, old) for new, old, _basis in found}
    units = {u.path: u for u in AdminUnit.objects.filter(path__in=paths)}
    rows = [
        Conflict(
            entry=new,
            other=old,
            basis=basis,
            unit=units[path],
            unit_path=path,
            created_at=now,
        )
        for new, old, basis in found
        if (path := _meeting_point(new, old)) in units
    ]
    Conflict.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            entity="support.conflict",
            unit_path=entries[0].beneficiary_list.unit_path,
            row_count=len(rows),
            summary=_("Phát hiện %(n)s trường hợp có thể hưởng trùng") % {"n": len(rows)},
        )
    return len(rows)


def _save_entries(
    actor: Any, blist: BeneficiaryList, checked: list[CheckedEntry], source: str, summary: str
) -> list[Beneficiary]:
    entries = Beneficiary.objects.bulk_create([_row(blist, c, source) for c in checked])
    entries = list(
        Beneficiary.objects.filter(pk__in=[e.pk for e in entries]).select_related(
            "programme", "beneficiary_list"
        )
    )
    conflicts_record(actor=actor, entries=entries)
    blist.updated_at = clock.now()
    blist.save(update_fields=["updated_at"])
    if entries:
        audit.record(
            actor=actor,
            action=AuditAction.CREATE if len(entries) == 1 else AuditAction.BULK_LOAD,
            entity="support.beneficiary",
            unit_path=blist.unit_path,
            row_count=len(entries),
            summary=summary,
        )
    return entries


@transaction.atomic
def entry_add(*, actor: Any, blist: BeneficiaryList, data: EntryInput) -> Beneficiary:
    """Add one line by hand, checked against the programme and the platform's records."""
    blist = BeneficiaryList.objects.select_for_update().select_related("programme", "unit").get(pk=blist.pk)
    _editable(blist)
    errors = FieldErrors()
    checked = check_entry(data, blist, errors)
    if not errors.errors and _already_listed(blist, checked, []):
        errors.add("person", _("«%(name)s» đã có trong danh sách này.") % {"name": checked.full_name})
    errors.raise_any()
    return _save_entries(actor, blist, [checked], EntrySource.MANUAL, checked.full_name)[0]


@transaction.atomic
def entries_fill_from_registry(*, actor: Any, blist: BeneficiaryList) -> int:
    """Add every person of the commune the platform knows to be eligible and who is on no list yet,
    with the days the platform counts (capped) and the amount they give."""
    blist = BeneficiaryList.objects.select_for_update().select_related("programme", "unit").get(pk=blist.pk)
    _editable(blist)
    jurisdiction = Jurisdiction.of([blist.unit_path])
    programme = blist.programme
    found = omissions(
        jurisdiction=jurisdiction, programme=programme, start=blist.period_start, end=blist.period_end
    )
    if found is None:
        raise DomainError(
            _("Hệ thống không có dữ liệu về đối tượng của chính sách này: hãy nhập tay hoặc từ tệp.")
        )
    persons = list(found.exclude(pk__in=blist.entries.filter(person__isnull=False).values("person_id")))
    days = eligibility.known_days(
        programme,
        jurisdiction=jurisdiction,
        person_ids=[p.pk for p in persons],
        start=blist.period_start,
        end=blist.period_end,
    )
    checked = []
    for person in persons:
        counted = min(days.get(person.pk, 0), programme.max_days or 10_000)
        per_day = programme.basis == AmountBasis.PER_DAY
        if per_day and not counted:
            continue
        checked.append(
            CheckedEntry(
                person=person,
                full_name=person.full_name,
                national_id=person.national_id,
                birth_year=person.birth_year,
                days=counted if per_day else None,
                known_days=days.get(person.pk),
                amount=programme.amount * counted if per_day else programme.cap,
                note="",
            )
        )
    summary = _("Lập từ dữ liệu nền tảng: %(n)s người") % {"n": len(checked)}
    return len(_save_entries(actor, blist, checked, EntrySource.REGISTRY, summary))


@transaction.atomic
def entries_import(*, actor: Any, blist: BeneficiaryList, rows: list[tuple[int, EntryInput]]) -> int:
    """Add the lines of a file: every row is checked first; one bad row refuses the whole file, with
    each row's reasons (``Dòng 4: ...``), and nothing is saved."""
    blist = BeneficiaryList.objects.select_for_update().select_related("programme", "unit").get(pk=blist.pk)
    _editable(blist)
    if not rows:
        raise DomainError(_("Tệp không có dòng dữ liệu nào."), field="file")
    errors, checked = FieldErrors(), list[CheckedEntry]()
    for number, data in rows:
        row_errors = FieldErrors()
        entry = check_entry(data, blist, row_errors)
        if not row_errors.errors and _already_listed(blist, entry, checked):
            row_errors.add("person", _("«%(name)s» đã có trong danh sách này.") % {"name": entry.full_name})
        for messages in row_errors.errors.values():
            for message in messages:
                errors.add(f"row_{number}", _("Dòng %(n)s: %(message)s") % {"n": number, "message": message})
        checked.append(entry)
    errors.raise_any()
    summary = _("Nhập từ tệp: %(n)s người") % {"n": len(checked)}
    return len(_save_entries(actor, blist, checked, EntrySource.IMPORT, summary))


@transaction.atomic
def entry_remove(*, actor: Any, entry: Beneficiary, reason: str) -> Beneficiary:
    _editable(entry.beneficiary_list)
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do loại khỏi danh sách."), field="reason")
    entry.status, entry.removed_reason = EntryStatus.REMOVED, reason.strip()[:255]
    entry.save(update_fields=["status", "removed_reason"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=entry,
        summary=entry.full_name,
        changes={"removed": reason},
    )
    return entry


# The approval path: (from, to) -> the level whose unit the actor must cover.
TRANSITIONS: dict[tuple[str, str], int] = {
    (ListStatus.DRAFT, ListStatus.SUBMITTED): UnitLevel.COMMUNE,
    (ListStatus.RETURNED, ListStatus.SUBMITTED): UnitLevel.COMMUNE,
    (ListStatus.SUBMITTED, ListStatus.DISTRICT_APPROVED): UnitLevel.DISTRICT,
    (ListStatus.SUBMITTED, ListStatus.RETURNED): UnitLevel.DISTRICT,
    (ListStatus.DISTRICT_APPROVED, ListStatus.APPROVED): UnitLevel.PROVINCE,
    (ListStatus.DISTRICT_APPROVED, ListStatus.RETURNED): UnitLevel.PROVINCE,
}


def allowed_moves(blist: BeneficiaryList, jurisdiction: Jurisdiction) -> list[str]:
    """The statuses this caller may move the list to (for the buttons; the service checks again)."""
    return [
        to
        for (start, to), level in TRANSITIONS.items()
        if start == blist.status and jurisdiction.contains(_level_path(blist.unit_path, level))
    ]


def _level_path(unit_path: str, level: int) -> str:
    """``L/12/106/03412/`` at the district level -> ``L/12/106/``."""
    return "/".join(unit_path.split("/")[: level + 1]) + "/"


def _open_conflict_count(blist: BeneficiaryList) -> int:
    entries = blist.entries.filter(status=EntryStatus.LISTED).values("pk")
    return (
        Conflict.objects.filter(resolved_at__isnull=True)
        .filter(entry_id__in=entries)
        .union(Conflict.objects.filter(resolved_at__isnull=True, other_id__in=entries))
        .count()
    )


@transaction.atomic
def list_transition(
    *, actor: Any, jurisdiction: Jurisdiction, blist: BeneficiaryList, to_status: str, comment: str = ""
) -> BeneficiaryList:
    """Move a list one step along commune → district → province, with the reviewer's comment."""
    blist = BeneficiaryList.objects.select_for_update().get(pk=blist.pk)
    level = TRANSITIONS.get((blist.status, to_status))
    if level is None:
        raise ConflictError(
            _("Không thể chuyển danh sách từ «%(from)s» sang «%(to)s».")
            % {
                "from": blist.get_status_display(),
                "to": ListStatus(to_status).label if to_status in ListStatus.values else to_status,
            },
            field="to_status",
        )
    if not jurisdiction.contains(_level_path(blist.unit_path, level)):
        raise DomainError(
            _("Bước này do cấp %(level)s thực hiện.") % {"level": UnitLevel(level).label}, field="to_status"
        )
    if to_status == ListStatus.RETURNED and not comment.strip():
        raise DomainError(_("Cần ghi ý kiến khi trả lại danh sách."), field="comment")
    if to_status != ListStatus.RETURNED and not blist.entries.filter(status=EntryStatus.LISTED).exists():
        raise DomainError(_("Danh sách chưa có người nào."), field="to_status")
    if to_status == ListStatus.APPROVED and (count := _open_conflict_count(blist)):
        raise ConflictError(
            _("Còn %(n)s trường hợp nghi hưởng trùng chưa xử lý: cần xử lý trước khi phê duyệt.")
            % {"n": count},
            field="to_status",
        )
    step = ListStep.objects.create(
        beneficiary_list=blist,
        from_status=blist.status,
        to_status=to_status,
        comment=comment.strip(),
        actor=actor,
        at=clock.now(),
    )
    blist.status, blist.updated_at = to_status, step.at
    blist.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=blist,
        summary=f"{blist.title} → {blist.get_status_display()}",
        changes={"status": [step.from_status, to_status], "comment": step.comment},
    )
    return blist


@transaction.atomic
def conflict_resolve(*, actor: Any, conflict: Conflict, decision: str, reason: str) -> Conflict:
    """A person's decision on a possible double benefit: keep both, or take one line off its list."""
    conflict = Conflict.objects.select_for_update().select_related("entry", "other").get(pk=conflict.pk)
    errors = FieldErrors()
    if conflict.resolved_at is not None:
        raise ConflictError(_("Trường hợp này đã được xử lý."))
    if decision not in ConflictDecision.values:
        errors.add("decision", _("Chọn cách xử lý."))
    if not reason.strip():
        errors.add("reason", _("Cần ghi lý do xử lý."))
    errors.raise_any()
    removed = {
        ConflictDecision.REMOVE_NEW: conflict.entry,
        ConflictDecision.REMOVE_EARLIER: conflict.other,
    }.get(ConflictDecision(decision))
    if removed is not None:
        if removed.payments.exists():
            raise ConflictError(
                _("«%(name)s» ở dòng này đã được chi trả: không thể loại.") % {"name": removed.full_name},
                field="decision",
            )
        before = removed.status
        removed.status = EntryStatus.REMOVED
        removed.removed_reason = (_("Hưởng trùng: %(reason)s") % {"reason": reason.strip()})[:255]
        removed.save(update_fields=["status", "removed_reason"])
        audit.record(  # the line's own trail, under its list's place (it may be another commune's)
            actor=actor,
            action=AuditAction.UPDATE,
            instance=removed,
            summary=removed.removed_reason,
            changes={"status": [before, EntryStatus.REMOVED]},
        )
    conflict.decision, conflict.reason = decision, reason.strip()[:255]
    conflict.resolved_by, conflict.resolved_at = actor, clock.now()
    conflict.save(update_fields=["decision", "reason", "resolved_by", "resolved_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=conflict,
        summary=f"{conflict.entry.full_name}: {conflict.get_decision_display()}"[:255],
        changes={"decision": decision, "reason": conflict.reason, "removed": removed.pk if removed else None},
    )
    return conflict


# Payments.


@transaction.atomic
def payment_record(
    *,
    actor: Any,
    entry: Beneficiary,
    amount: int | None,
    paid_on: dt.date | None,
    method: str,
    receiver_name: str,
    signed: bool = False,
    transfer_reference: str = "",
    voucher_number: str = "",
) -> Payment:
    """Record money handed over; never more than what the approved line has left."""
    entry = (
        Beneficiary.objects.select_for_update()
        .select_related("beneficiary_list", "programme")
        .get(pk=entry.pk)
    )
    errors = FieldErrors()
    if entry.beneficiary_list.status != ListStatus.APPROVED:
        errors.add("__all__", _("Danh sách chưa được tỉnh phê duyệt: chưa chi trả được."))
    if entry.status != EntryStatus.LISTED:
        errors.add("__all__", _("«%(name)s» đã bị loại khỏi danh sách.") % {"name": entry.full_name})
    if (
        Conflict.objects.filter(resolved_at__isnull=True).filter(entry=entry).exists()
        or Conflict.objects.filter(resolved_at__isnull=True, other=entry).exists()
    ):
        errors.add(
            "__all__", _("«%(name)s» đang có nghi vấn hưởng trùng chưa xử lý.") % {"name": entry.full_name}
        )
    paid = int(entry.payments.aggregate(total=Sum("amount"))["total"] or 0)
    left = entry.amount - paid
    if amount is None or amount <= 0:
        errors.add("amount", _("Số tiền chi phải lớn hơn 0."))
    elif amount > left:
        errors.add(
            "amount",
            _(
                "Số tiền chi %(amount)s vượt số còn lại được duyệt %(left)s của «%(name)s» "
                "(được duyệt %(approved)s)."
            )
            % {
                "amount": money(amount),
                "left": money(left),
                "name": entry.full_name,
                "approved": money(entry.amount),
            },
        )
    if paid_on is None:
        errors.add("paid_on", _("Ngày chi là bắt buộc."))
    elif paid_on > clock.today():
        errors.add("paid_on", _("Ngày chi không được sau hôm nay."))
    if not receiver_name.strip():
        errors.add("receiver_name", _("Cần ghi tên người nhận."))
    if method == PaymentMethod.CASH and not signed:
        errors.add("signed", _("Chi tiền mặt cần người nhận ký nhận."))
    elif method == PaymentMethod.TRANSFER and not transfer_reference.strip():
        errors.add("transfer_reference", _("Chuyển khoản cần mã giao dịch."))
    elif method not in PaymentMethod.values:
        errors.add("method", _("Chọn hình thức chi trả."))
    errors.raise_any()
    assert amount is not None
    assert paid_on is not None
    payment = Payment.objects.create(
        entry=entry,
        programme=entry.programme,
        unit_id=entry.unit_id,
        unit_path=entry.unit_path,
        amount=amount,
        paid_on=paid_on,
        method=method,
        receiver_name=receiver_name.strip(),
        signed=signed and method == PaymentMethod.CASH,
        transfer_reference=transfer_reference.strip() if method == PaymentMethod.TRANSFER else "",
        voucher_number=voucher_number.strip(),
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=payment,
        summary=f"{entry.full_name}: {money(amount)}",
        changes=audit.snapshot(payment, ["entry", "amount", "paid_on", "method", "transfer_reference"]),
    )
    return payment


def payments_export(*, actor: Any, jurisdiction: Jurisdiction, unit_path: str) -> None:
    """The finance office took the payment list out of the platform: an audit row, as for persons."""
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        entity="support.payment",
        unit_path=unit_path,
        summary=_("Xuất bảng chi trả"),
    )


# The epidemic fund (kept by the Fatherland Front committee of a unit).


def _fund_unit(unit: AdminUnit | None, jurisdiction: Jurisdiction, errors: FieldErrors) -> None:
    if unit is None or unit.level > UnitLevel.COMMUNE or not jurisdiction.contains(unit.path):
        errors.add("unit", _("Đơn vị giữ quỹ phải thuộc địa bàn bạn quản lý."))


MAX_AMOUNT = 10**15  # a million billion đồng: more is a typing slip, and would not fit the column


def _positive(value: int | None, field: str, errors: FieldErrors) -> None:
    if value is None or value <= 0:
        errors.add(field, _("Số tiền phải lớn hơn 0."))
    elif value > MAX_AMOUNT:
        errors.add(field, _("Số tiền quá lớn (tối đa %(max)s).") % {"max": money(MAX_AMOUNT)})


def _fund_row(model: type[Any], *, actor: Any, reference: str, **fields: Any) -> Any:
    """Create a fund row and its audit row; ``reference`` names the field holding its document number."""
    row = model.objects.create(recorded_by=actor, recorded_at=clock.now(), **fields)
    summary = f"{getattr(row, reference)}: {money(row.amount)}"
    audit.record(actor=actor, action=AuditAction.CREATE, instance=row, summary=summary)
    return row


@transaction.atomic
def donation_record(
    *, actor: Any, jurisdiction: Jurisdiction, unit: AdminUnit, data: dict[str, Any]
) -> Donation:
    errors = FieldErrors()
    _fund_unit(unit, jurisdiction, errors)
    _positive(data.get("amount"), "amount", errors)
    if not str(data.get("donor_name", "")).strip():
        errors.add("donor_name", _("Cần ghi tên người hoặc đơn vị ủng hộ."))
    if data.get("kind") == DonationKind.IN_KIND and not str(data.get("items", "")).strip():
        errors.add("items", _("Ủng hộ bằng hiện vật cần ghi tên hàng hoá."))
    if not str(data.get("receipt_number", "")).strip():
        errors.add("receipt_number", _("Cần số biên nhận."))
    errors.raise_any()
    named = bool(data.get("named_publicly")) and data.get("donor_kind") == DonorKind.ORGANISATION
    donation: Donation = _fund_row(
        Donation,
        actor=actor,
        reference="receipt_number",
        unit=unit,
        unit_path=unit.path,
        **{**data, "named_publicly": named},
    )
    return donation


def _fund_balance(unit: AdminUnit) -> int:
    here = Jurisdiction.of([unit.path])
    received = Donation.objects.visible_to(here).aggregate(t=Sum("amount"))["t"] or 0
    allocated = Allocation.objects.visible_to(here).aggregate(t=Sum("amount"))["t"] or 0
    return int(received) - int(allocated)


@transaction.atomic
def allocation_record(
    *, actor: Any, jurisdiction: Jurisdiction, unit: AdminUnit, data: dict[str, Any]
) -> Allocation:
    """Set money aside for a purpose; never more than the fund holds (received minus allocated)."""
    errors = FieldErrors()
    _fund_unit(unit, jurisdiction, errors)
    _positive(data.get("amount"), "amount", errors)
    if not str(data.get("document_number", "")).strip():
        errors.add("document_number", _("Cần số quyết định phân bổ."))
    if not errors.errors and data["amount"] > (balance := _fund_balance(unit)):
        errors.add(
            "amount",
            _("Số tiền phân bổ %(amount)s vượt số dư quỹ %(balance)s.")
            % {"amount": money(data["amount"]), "balance": money(balance)},
        )
    errors.raise_any()
    allocation: Allocation = _fund_row(
        Allocation, actor=actor, reference="document_number", unit=unit, unit_path=unit.path, **data
    )
    return allocation


@transaction.atomic
def spending_record(
    *,
    actor: Any,
    allocation: Allocation,
    data: dict[str, Any],
    attachment_name: str = "",
    attachment: bytes = b"",
) -> Spending:
    """Spend from an allocation with its voucher; never more than the allocation has left."""
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    errors = FieldErrors()
    _positive(data.get("amount"), "amount", errors)
    if not str(data.get("document_number", "")).strip():
        errors.add("document_number", _("Cần số chứng từ chi."))
    if len(attachment) > ATTACHMENT_MAX_BYTES:
        errors.add("attachment", _("Tệp đính kèm quá 2 MB."))
    left = allocation.amount - int(allocation.spendings.aggregate(t=Sum("amount"))["t"] or 0)
    if not errors.has("amount") and data["amount"] > left:
        errors.add(
            "amount",
            _("Số tiền chi %(amount)s vượt số còn lại %(left)s của khoản phân bổ %(doc)s.")
            % {"amount": money(data["amount"]), "left": money(left), "doc": allocation.document_number},
        )
    errors.raise_any()
    spending: Spending = _fund_row(
        Spending,
        actor=actor,
        reference="document_number",
        allocation=allocation,
        unit_id=allocation.unit_id,
        unit_path=allocation.unit_path,
        attachment_name=attachment_name[:255],
        attachment=attachment,
        **data,
    )
    return spending
