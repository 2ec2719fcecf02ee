"""Taking a sample and recording its result."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.core import audit, clock
from phaodai.core.errors import ConflictError, FieldErrors
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import is_digits, nfc
from phaodai.diagnostics.models import Lab, Pool, Result, Round, Sample
from phaodai.diagnostics.reference import PCR_KINDS, Outcome, PoolStatus, Reason, Reporter, SampleKind
from phaodai.diagnostics.services import checks, counters, handover
from phaodai.diagnostics.services.stock import kit_consume
from phaodai.geo.models import AdminUnit
from phaodai.inventory.models import Item, Lot
from phaodai.people.models import Person, commune_path


@dataclass
class SampleInput:
    """What a form or the API supplies for one sample (a self-test report is a sample too)."""

    person: Person
    kind: str
    reason: str
    taken_at: dt.datetime
    lab: Lab | None = None
    pool: Pool | None = None
    round: Round | None = None
    reporter: str = ""
    reporter_name: str = ""
    reporter_phone: str = ""
    kit: Item | None = None
    kit_lot: Lot | None = None
    stock_unit: AdminUnit | None = None


def _check_self_test(errors: FieldErrors, data: SampleInput) -> None:
    if data.reporter not in Reporter.values:
        errors.add("reporter", _("Chọn người báo kết quả tự test."))
    elif data.reporter != Reporter.SELF and not data.reporter_name:
        errors.add("reporter_name", _("Nhập họ tên người báo kết quả tự test."))
    if data.reporter_phone and not (is_digits(data.reporter_phone) and 10 <= len(data.reporter_phone) <= 11):
        errors.add("reporter_phone", _("Số điện thoại phải gồm 10 hoặc 11 chữ số."))


def _check_kind(errors: FieldErrors, data: SampleInput, jurisdiction: Jurisdiction) -> None:
    if data.kind == SampleKind.RAT_SELF:
        _check_self_test(errors, data)
    if data.kind == SampleKind.RAT_STAFF and data.kit is None:
        errors.add("kit", _("Chọn loại test nhanh đã dùng (trừ vào kho)."))
    if data.kind == SampleKind.PCR_POOLED and data.pool is None:
        errors.add("pool", _("Chọn ống mẫu gộp."))
    if data.kind != SampleKind.PCR_POOLED and data.pool is not None:
        errors.add("pool", _("Chỉ mẫu RT-PCR gộp mới thuộc một ống mẫu gộp."))
    if data.stock_unit is not None:
        checks.in_scope(errors, "stock_unit", data.stock_unit.path, jurisdiction, data.stock_unit.name)


def _check_pool(errors: FieldErrors, pool: Pool, person: Person, jurisdiction: Jurisdiction) -> None:
    checks.in_scope(
        errors, "pool", pool.unit_path, jurisdiction, _("Ống mẫu gộp %(code)s") % {"code": pool.code}
    )
    if not Jurisdiction.of([pool.unit_path]).contains(person.unit_path):
        # whoever sees the pool sees its members and closes their results: they must live where it is
        errors.add(
            "pool",
            _("Ống mẫu gộp %(code)s chỉ nhận mẫu của người sống trên địa bàn của ống.") % {"code": pool.code},
        )
    if pool.status != PoolStatus.COLLECTING:
        errors.add(
            "pool", _("Ống mẫu gộp %(code)s đã có kết quả, không thêm mẫu được.") % {"code": pool.code}
        )
    elif pool.member_count >= pool.capacity:
        errors.add(
            "pool",
            _("Ống mẫu gộp %(code)s đã đủ %(n)s mẫu.") % {"code": pool.code, "n": pool.capacity},
        )


def _check_round(errors: FieldErrors, round_: Round, taken_on: dt.date, jurisdiction: Jurisdiction) -> None:
    checks.in_scope(errors, "round", round_.unit_path, jurisdiction, round_.name)
    if taken_on < round_.starts_on:
        errors.add("round", _("Đợt %(name)s chưa bắt đầu vào ngày lấy mẫu.") % {"name": round_.name})


def _clean_sample(data: SampleInput, jurisdiction: Jurisdiction) -> None:
    errors = FieldErrors()
    checks.in_scope(errors, "person", data.person.unit_path, jurisdiction, _("Người này"))
    if data.kind not in SampleKind.values:
        errors.add("kind", _("Chọn loại xét nghiệm."))
    if data.reason not in Reason.values:
        errors.add("reason", _("Chọn lý do xét nghiệm."))
    data.taken_at = checks.aware(data.taken_at)
    checks.not_future(errors, "taken_at", data.taken_at, _("Thời điểm lấy mẫu (hoặc tự test)"))
    _check_kind(errors, data, jurisdiction)
    if data.pool is not None:
        _check_pool(errors, data.pool, data.person, jurisdiction)
    if data.round is not None:
        _check_round(errors, data.round, timezone.localdate(data.taken_at), jurisdiction)
    errors.raise_any()


def _stock_unit(data: SampleInput) -> AdminUnit:
    if data.stock_unit is not None:
        return data.stock_unit
    return AdminUnit.objects.get(path=commune_path(data.person.unit))


def _join_pool(pool: Pool) -> None:
    """Take a seat in the pool under a row lock (two teams filling the last seat: one wins)."""
    locked = Pool.objects.select_for_update().get(pk=pool.pk)
    if locked.status != PoolStatus.COLLECTING or locked.member_count >= locked.capacity:
        raise ConflictError(_("Ống mẫu gộp %(code)s vừa đủ mẫu.") % {"code": pool.code}, field="pool")
    locked.member_count += 1
    locked.save(update_fields=["member_count"])
    pool.member_count = locked.member_count


def _build(data: SampleInput, actor: Any) -> Sample:
    staff = data.kind != SampleKind.RAT_SELF
    return Sample(
        person=data.person,
        unit_id=data.person.unit_id,
        unit_path=data.person.unit_path,
        kind=data.kind,
        reason=data.reason,
        taken_at=data.taken_at,
        taken_by=actor if staff and getattr(actor, "pk", None) else None,
        reporter="" if staff else data.reporter,
        reporter_name="" if staff else nfc(data.reporter_name).strip(),
        reporter_phone="" if staff else data.reporter_phone,
        lab=data.lab or (data.pool.lab if data.pool else None),
        pool=data.pool,
        round=data.round,
        created_at=clock.now(),
    )


def sample_take(*, actor: Any, jurisdiction: Jurisdiction, data: SampleInput) -> Sample:
    """A sample taken by staff, or a self-test the person (or someone for them) reports. A staff rapid test
    takes its kit off the shelf in the same transaction; a self-test takes nothing."""
    _clean_sample(data, jurisdiction)
    with transaction.atomic():
        if data.pool is not None:
            _join_pool(data.pool)
        sample = _build(data, actor)
        sample.save()
        if data.kind == SampleKind.RAT_STAFF and data.kit is not None:
            movement = kit_consume(
                actor=actor,
                unit=_stock_unit(data),
                item=data.kit,
                lot=data.kit_lot,
                on=timezone.localdate(sample.taken_at),
                record=f"diagnostics.sample:{sample.pk}",
            )
            Sample.objects.filter(pk=sample.pk).update(stock_movement=movement)
            sample.stock_movement = movement
        counters.count_sample(sample)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=sample,
            summary=_("%(kind)s: %(name)s")
            % {"kind": sample.get_kind_display(), "name": data.person.full_name},
        )
    return sample


def _clean_result(
    sample: Sample, outcome: str, resulted_at: dt.datetime, lab: Lab | None, jurisdiction: Jurisdiction
) -> None:
    errors = FieldErrors()
    if sample.pk is None:
        errors.add("sample", _("Chưa có mẫu: phải lấy mẫu trước khi nhập kết quả."))
        errors.raise_any()
    checks.in_scope(errors, "sample", sample.unit_path, jurisdiction, _("Mẫu này"))
    if sample.resulted:
        errors.add("sample", _("Mẫu này đã có kết quả: lấy mẫu mới để xét nghiệm lại."))
    elif sample.pool is not None and sample.pool.status != PoolStatus.RETEST:
        errors.add(
            "sample", _("Mẫu thuộc ống gộp %(code)s: chờ kết quả ống gộp.") % {"code": sample.pool.code}
        )
    if outcome not in Outcome.values:
        errors.add("outcome", _("Chọn kết quả: dương tính, âm tính hoặc không xác định."))
    checks.not_future(errors, "resulted_at", resulted_at, _("Thời điểm có kết quả"))
    if resulted_at < sample.taken_at:
        errors.add(
            "resulted_at",
            _("Thời điểm có kết quả không được trước lúc lấy mẫu (%(at)s).")
            % {"at": checks.moment_text(sample.taken_at)},
        )
    if sample.kind in PCR_KINDS and lab is None:
        errors.add("lab", _("Chọn phòng xét nghiệm RT-PCR."))
    errors.raise_any()


def build_result(
    sample: Sample, *, outcome: str, resulted_at: dt.datetime, lab: Lab | None, actor: Any, **extra: Any
) -> Result:
    return Result(
        sample=sample,
        unit_id=sample.unit_id,
        unit_path=sample.unit_path,
        outcome=outcome,
        resulted_at=resulted_at,
        lab=lab,
        turnaround_minutes=int((resulted_at - sample.taken_at).total_seconds() // 60),
        recorded_at=clock.now(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
        **extra,
    )


def result_record(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    sample: Sample,
    outcome: str,
    resulted_at: dt.datetime,
    lab: Lab | None = None,
    ct_value: Decimal | None = None,
) -> Result:
    """The result of one sample (closes it). A positive one goes to the case registry after commit."""
    resulted_at = checks.aware(resulted_at)
    lab = lab or sample.lab
    _clean_result(sample, outcome, resulted_at, lab, jurisdiction)
    with transaction.atomic():
        if Sample.objects.select_for_update().filter(pk=sample.pk, resulted=True).exists():
            raise ConflictError(_("Mẫu này vừa được nhập kết quả."), field="sample")
        result = build_result(sample, outcome=outcome, resulted_at=resulted_at, lab=lab, actor=actor)
        result.ct_value = ct_value
        try:
            with transaction.atomic():
                result.save()
        except IntegrityError as exc:
            raise ConflictError(_("Mẫu này vừa được nhập kết quả."), field="sample") from exc
        Sample.objects.filter(pk=sample.pk).update(resulted=True)
        sample.resulted = True
        counters.count_results([result])
        if sample.pool is not None:
            counters.close_pool_when_done(sample.pool)
        audit.record(actor=actor, action=AuditAction.CREATE, instance=result, summary=_summary(result))
        if outcome == Outcome.POSITIVE:
            handover.schedule(result, actor=actor, jurisdiction=jurisdiction)
    return result


def _summary(result: Result) -> str:
    return _("Mẫu #%(id)s: %(outcome)s") % {"id": result.sample_id, "outcome": result.get_outcome_display()}


def self_test_report(*, actor: Any, jurisdiction: Jurisdiction, data: SampleInput, outcome: str) -> Result:
    """A self-test and its reading, reported together: both saved or neither."""
    data.kind = SampleKind.RAT_SELF
    with transaction.atomic():
        sample = sample_take(actor=actor, jurisdiction=jurisdiction, data=data)
        return result_record(
            actor=actor,
            jurisdiction=jurisdiction,
            sample=sample,
            outcome=outcome,
            resulted_at=sample.taken_at,
        )
