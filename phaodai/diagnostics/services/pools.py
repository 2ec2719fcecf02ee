"""Pooled RT-PCR: a pool is opened at a lab, members join through ``sample_take``, then the pool's
result either closes every member negative or sends them all to individual retest."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.core import audit, clock, rules
from phaodai.core.changes import rows_written
from phaodai.core.errors import ConflictError, FieldErrors
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import nfc
from phaodai.diagnostics import rulesets
from phaodai.diagnostics.models import Lab, Pool, Result
from phaodai.diagnostics.reference import Outcome, PoolStatus
from phaodai.diagnostics.services import checks, counters
from phaodai.diagnostics.services.samples import build_result
from phaodai.geo.models import AdminUnit


def pool_create(
    *, actor: Any, jurisdiction: Jurisdiction, unit: AdminUnit, lab: Lab, code: str, capacity: int
) -> Pool:
    """Open a pool for ``capacity`` swabs (at most the pooling rule's size), tested at ``lab``."""
    code = nfc(code).strip().upper()
    most = rules.in_force(rulesets.POOLING, on=clock.today(), unit_path=unit.path).params["max_pool_size"]
    errors = FieldErrors()
    checks.in_scope(errors, "unit", unit.path, jurisdiction, unit.name)
    if not code:
        errors.add("code", _("Nhập mã ống mẫu gộp."))
    checks.positive_count(errors, "capacity", capacity, _("Số mẫu gộp"), most=int(most))
    errors.raise_any()
    with transaction.atomic():
        return checks.create_placed(
            Pool, actor=actor, unit=unit, summary=code, code=code, lab=lab, capacity=capacity
        )


def _clean(pool: Pool, outcome: str, resulted_at: dt.datetime, jurisdiction: Jurisdiction) -> None:
    errors = FieldErrors()
    checks.in_scope(errors, "pool", pool.unit_path, jurisdiction, pool.code)
    if pool.status != PoolStatus.COLLECTING:
        errors.add("pool", _("Ống mẫu gộp %(code)s đã có kết quả.") % {"code": pool.code})
    elif pool.member_count == 0:
        errors.add("pool", _("Ống mẫu gộp %(code)s chưa có mẫu nào.") % {"code": pool.code})
    if outcome not in Outcome.values:
        errors.add("outcome", _("Chọn kết quả: dương tính, âm tính hoặc không xác định."))
    checks.not_future(errors, "resulted_at", resulted_at, _("Thời điểm có kết quả"))
    last_taken = pool.members.order_by("-taken_at").values_list("taken_at", flat=True).first()
    if last_taken is not None and resulted_at < last_taken:
        errors.add(
            "resulted_at",
            _("Thời điểm có kết quả không được trước lúc lấy mẫu cuối cùng của ống (%(at)s).")
            % {"at": checks.moment_text(last_taken)},
        )
    errors.raise_any()


def _close_members_negative(pool: Pool, resulted_at: dt.datetime, actor: Any) -> list[Result]:
    members = list(pool.members.filter(resulted=False))
    results = [
        build_result(
            sample,
            outcome=Outcome.NEGATIVE,
            resulted_at=resulted_at,
            lab=pool.lab,
            actor=actor,
            from_pool=True,
        )
        for sample in members
    ]
    Result.objects.bulk_create(results)
    rows_written.send(sender=Result, pks=[result.pk for result in results])
    pool.members.filter(pk__in=[s.pk for s in members]).update(resulted=True)
    counters.count_results(results)
    return results


def pool_result(
    *, actor: Any, jurisdiction: Jurisdiction, pool: Pool, outcome: str, resulted_at: dt.datetime
) -> Pool:
    """A negative pool closes every member negative; a positive (or invalid) one lists its members for
    individual retest, and the last member's result closes it."""
    resulted_at = checks.aware(resulted_at)
    _clean(pool, outcome, resulted_at, jurisdiction)
    with transaction.atomic():
        locked = Pool.objects.select_for_update().get(pk=pool.pk)
        if locked.status != PoolStatus.COLLECTING:
            raise ConflictError(_("Ống mẫu gộp %(code)s vừa có kết quả.") % {"code": pool.code}, field="pool")
        pool.outcome, pool.resulted_at = outcome, resulted_at
        if outcome == Outcome.NEGATIVE:
            _close_members_negative(pool, resulted_at, actor)
            pool.status, pool.closed_at = PoolStatus.CLOSED, clock.now()
        else:
            pool.status = PoolStatus.RETEST
        pool.save(update_fields=["outcome", "resulted_at", "status", "closed_at"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=pool,
            summary=_("Ống %(code)s: %(outcome)s")
            % {"code": pool.code, "outcome": pool.get_outcome_display()},
        )
    return pool
