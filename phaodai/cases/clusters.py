"""Clusters (ổ dịch): created by hand, joined by a case or inherited from its source; counts maintained."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _

from phaodai.cases.models import Case, Cluster, EventKind
from phaodai.cases.reference import OPEN_STATUSES, ClusterSetting, ClusterStatus
from phaodai.core import audit, clock
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import nfc
from phaodai.geo.models import AdminUnit


def count_new_member(cluster: Cluster, report_date: dt.date) -> None:
    """Maintained counters, updated in the database so concurrent registrations add up."""
    Cluster.objects.filter(pk=cluster.pk).update(
        case_count=F("case_count") + 1,
        # GREATEST ignores NULL on PostgreSQL but returns it on SQLite: COALESCE makes both agree.
        last_case_on=Coalesce(Greatest(F("last_case_on"), Value(report_date)), Value(report_date)),
    )


def count_leaving_member(cluster_id: int) -> None:
    """One case fewer; the last case date falls back to the latest case still in the cluster."""
    latest = Case.objects.filter(cluster=OuterRef("pk")).order_by("-report_date").values("report_date")[:1]
    Cluster.objects.filter(pk=cluster_id).update(
        case_count=F("case_count") - 1, last_case_on=Subquery(latest)
    )


def cluster_create(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    name: str,
    setting: str,
    unit: AdminUnit | None,
    place_name: str = "",
    opened_on: dt.date,
) -> Cluster:
    errors: dict[str, list[str]] = {}
    name = nfc(name)
    if not name:
        errors["name"] = [_("Tên ổ dịch là bắt buộc.")]
    if setting not in ClusterSetting.values:
        errors["setting"] = [_("Chọn loại ổ dịch.")]
    if unit is None or not jurisdiction.contains(unit.path):
        errors["unit"] = [_("Chọn đơn vị hành chính thuộc địa bàn bạn quản lý.")]
    if opened_on > clock.today():
        errors["opened_on"] = [_("Ngày phát hiện ổ dịch không được sau ngày hôm nay.")]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors=errors)
    assert unit is not None
    with transaction.atomic():
        cluster = Cluster.objects.create(
            name=name,
            setting=setting,
            place_name=nfc(place_name),
            unit=unit,
            unit_path=unit.path,
            opened_on=opened_on,
            created_at=clock.now(),
            created_by=actor,
        )
        audit.record(actor=actor, action=AuditAction.CREATE, instance=cluster, summary=name)
    return cluster


def cluster_assign(*, actor: Any, case: Case, cluster: Cluster | None) -> Case:
    """Put a case in a cluster (or take it out); both clusters' counters follow."""
    from phaodai.cases.services import event

    if cluster is not None and cluster.status == ClusterStatus.CLOSED:
        raise DomainError(_("Ổ dịch đã kết thúc, không thêm ca được."), field="cluster")
    if case.cluster_id == (cluster.pk if cluster else None):
        return case
    with transaction.atomic():
        before = case.cluster_id
        case.cluster, case.updated_at = cluster, clock.now()
        case.save(update_fields=["cluster", "updated_at"])
        if before is not None:
            count_leaving_member(before)
        if cluster is not None:
            count_new_member(cluster, case.report_date)
        summary = _("Gắn vào ổ dịch %(name)s") % {"name": cluster.name} if cluster else _("Bỏ khỏi ổ dịch")
        event(case, EventKind.CLUSTER, summary, actor=actor, cluster=cluster.pk if cluster else None)
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=case,
            summary=summary,
            changes={"cluster": [before, cluster.pk if cluster else None]},
        )
    return case


def cluster_set_status(*, actor: Any, cluster: Cluster, status: str, on: dt.date) -> Cluster:
    """Follow a cluster through monitoring to its end; it ends only when none of its cases is open.

    Setting the status it already has is a no-op.
    """
    if status not in ClusterStatus.values:
        raise DomainError(_("Chọn trạng thái ổ dịch."), field="status")
    if status == cluster.status:
        return cluster
    if on < cluster.opened_on:
        raise DomainError(_("Ngày không được trước ngày phát hiện ổ dịch."), field="on")
    if on > clock.today():
        raise DomainError(_("Ngày không được sau ngày hôm nay."), field="on")
    if status == ClusterStatus.CLOSED and (
        open_count := Case.objects.filter(cluster=cluster, status__in=OPEN_STATUSES).count()
    ):
        raise DomainError(
            _("Ổ dịch còn %(n)s ca bệnh chưa kết thúc, chưa đóng ổ dịch được.") % {"n": open_count},
            field="status",
        )
    with transaction.atomic():
        before = cluster.status
        cluster.status = status
        cluster.closed_on = on if status == ClusterStatus.CLOSED else None
        cluster.save(update_fields=["status", "closed_on"])
        audit.record(
            actor=actor, action=AuditAction.UPDATE, instance=cluster, changes={"status": [before, status]}
        )
    return cluster
