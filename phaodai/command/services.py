"""Writes of the command center: weekly levels and their overrides, daily reports, boundary files."""

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.command import assess, boundaries, selectors
from phaodai.command.models import BoundarySet, DailyReport, ReportStatus, RiskAssessment, RiskLevel
from phaodai.core import audit, clock
from phaodai.core.errors import ConflictError, DomainError, FieldErrors
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import day_text, nfc
from phaodai.geo.models import AdminUnit

OVERRIDE_REASON_MIN = 10


def _in_scope(jurisdiction: Jurisdiction, unit: AdminUnit, field: str = "unit") -> None:
    if not jurisdiction.contains(unit.path):
        raise DomainError(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."), field=field)


def _too_early(day: dt.date) -> str:
    return _("Ngày %(day)s trước khi có dịch (từ %(first)s).") % {
        "day": day_text(day),
        "first": day_text(selectors.FIRST_DAY),
    }


def _not_future(day: dt.date, field: str) -> None:
    if day < selectors.FIRST_DAY:
        raise DomainError(_too_early(day), field=field)
    if day > clock.today():
        raise DomainError(_("Ngày %(day)s còn ở tương lai.") % {"day": day_text(day)}, field=field)


def last_full_week_end(today: dt.date) -> dt.date:
    """The Sunday that closed the last full week (Monday to Sunday) before ``today``."""
    return today - dt.timedelta(days=today.weekday() + 1)


@transaction.atomic
def risk_assess_week(*, actor: Any, jurisdiction: Jurisdiction, unit: AdminUnit, week_end: dt.date) -> int:
    """Compute the week's levels under ``unit``; one audit row for the batch."""
    _in_scope(jurisdiction, unit)
    _not_future(week_end, "week_end")
    written = assess.assess(unit, week_end)
    audit.record(
        actor=actor,
        action=AuditAction.BULK_LOAD,
        entity=RiskAssessment._meta.label_lower,
        unit_path=unit.path,
        summary=_("Đánh giá cấp độ dịch tuần kết thúc %(day)s") % {"day": day_text(week_end)},
        row_count=written,
    )
    return written


@transaction.atomic
def risk_override(
    *, actor: Any, assessment: RiskAssessment, level: int | None, reason: str
) -> RiskAssessment:
    """Set (or, with ``level`` None, withdraw) a person's level for a unit's week, with the reason."""
    errors, reason = FieldErrors(), nfc(reason or "").strip()
    if level is not None and level not in RiskLevel.values:
        errors.add("level", _("Cấp độ phải từ 1 đến 4."))
    if len(reason) < OVERRIDE_REASON_MIN:
        errors.add(
            "reason",
            _("Ghi rõ lý do điều chỉnh (văn bản, căn cứ), ít nhất %(n)s ký tự.") % {"n": OVERRIDE_REASON_MIN},
        )
    errors.raise_any()
    locked = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
    before = audit.snapshot(locked, ["override_level", "override_reason"])
    locked.override_level = level
    locked.override_reason = reason[:500]
    locked.overridden_by = actor if getattr(actor, "pk", None) else None
    locked.overridden_at = clock.now()
    locked.save(update_fields=["override_level", "override_reason", "overridden_by", "overridden_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=locked,
        summary=_("Điều chỉnh cấp độ dịch"),
        changes=audit.diff(before, audit.snapshot(locked, ["override_level", "override_reason"])),
    )
    return locked


def _figures_json(jurisdiction: Jurisdiction, unit: AdminUnit, day: dt.date) -> dict[str, Any]:
    figures = selectors.day_figures(jurisdiction=jurisdiction, unit=unit, day=day)
    return {**asdict(figures), "day": day.isoformat()}


@transaction.atomic
def report_draft(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    unit: AdminUnit,
    day: dt.date,
    issuer_name: str,
    place_name: str,
    remarks: str = "",
    recipients: list[str] | None = None,
) -> DailyReport:
    """Draft (or redraft) the report of a reporting day: figures are read again from the counts."""
    _in_scope(jurisdiction, unit)
    errors = FieldErrors()
    if day < selectors.FIRST_DAY:
        errors.add("day", _too_early(day))
    elif day > clock.today():
        errors.add("day", _("Ngày báo cáo %(day)s còn ở tương lai.") % {"day": day_text(day)})
    if not nfc(issuer_name).strip():
        errors.add("issuer_name", _("Ghi tên cơ quan ban hành."))
    if not nfc(place_name).strip():
        errors.add("place_name", _("Ghi địa danh (dòng địa danh, ngày tháng)."))
    errors.raise_any()
    report = DailyReport.objects.select_for_update().filter(unit=unit, day=day).first()
    if report is not None and report.status != ReportStatus.DRAFT:
        raise ConflictError(_("Báo cáo ngày này đã được duyệt, không soạn lại được."), field="day")
    report = report or DailyReport(unit=unit, unit_path=unit.path, day=day)
    report.issuer_name, report.place_name = nfc(issuer_name).strip(), nfc(place_name).strip()
    report.remarks = nfc(remarks).strip()
    report.recipients = [nfc(r).strip() for r in (recipients or []) if r.strip()]
    report.figures = _figures_json(jurisdiction, unit, day)
    report.drafted_by, report.drafted_at = (actor if getattr(actor, "pk", None) else None), clock.now()
    created = report.pk is None
    report.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        instance=report,
        summary=_("Soạn báo cáo nhanh ngày %(day)s") % {"day": day_text(day)},
    )
    return report


@transaction.atomic
def report_approve(*, actor: Any, report: DailyReport, signer_title: str, signer_name: str) -> DailyReport:
    """A leader approves the draft: figures are read a last time and then frozen."""
    errors = FieldErrors()
    if not nfc(signer_title).strip():
        errors.add("signer_title", _("Ghi chức vụ người ký."))
    if not nfc(signer_name).strip():
        errors.add("signer_name", _("Ghi họ tên người ký."))
    errors.raise_any()
    locked = DailyReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != ReportStatus.DRAFT:
        raise ConflictError(_("Báo cáo này đã được duyệt."), field="status")
    scope = Jurisdiction.of([locked.unit_path])
    locked.figures = _figures_json(scope, locked.unit, locked.day)
    locked.signer_title, locked.signer_name = nfc(signer_title).strip(), nfc(signer_name).strip()
    locked.status, locked.approved_at = ReportStatus.APPROVED, clock.now()
    locked.approved_by = actor if getattr(actor, "pk", None) else None
    locked.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, instance=locked, summary=_("Duyệt báo cáo nhanh"),
                 changes={"status": [ReportStatus.DRAFT, ReportStatus.APPROVED]})  # fmt: skip
    return locked


@transaction.atomic
def report_issue(*, actor: Any, report: DailyReport, number: str) -> DailyReport:
    """Issue an approved report under its number ("125/BC-SYT"); from now on it never changes."""
    number = nfc(number or "").strip()
    if not number:
        raise DomainError(_("Ghi số, ký hiệu văn bản (ví dụ 125/BC-SYT)."), field="number")
    locked = DailyReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != ReportStatus.APPROVED:
        raise ConflictError(_("Chỉ báo cáo đã được duyệt mới ban hành được."), field="status")
    locked.number, locked.status, locked.issued_at = number[:40], ReportStatus.ISSUED, clock.now()
    locked.save(update_fields=["number", "status", "issued_at"])
    changes = {"status": [ReportStatus.APPROVED, ReportStatus.ISSUED], "number": ["", number]}
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=locked,
        summary=_("Ban hành báo cáo nhanh"),
        changes=changes,
    )
    return locked


@transaction.atomic
def boundaries_load(
    *, actor: Any, jurisdiction: Jurisdiction, unit: AdminUnit, name: str, content: bytes, schematic: bool
) -> BoundarySet:
    """Load a GeoJSON file of unit boundaries (features carry the unit code) for the risk map."""
    _in_scope(jurisdiction, unit)
    geojson = boundaries.parse(content, unit=unit)
    loaded = BoundarySet.objects.create(
        unit=unit,
        unit_path=unit.path,
        name=nfc(name).strip()[:200] or unit.name,
        geojson=geojson,
        schematic=schematic,
        loaded_at=clock.now(),
        loaded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, instance=loaded, summary=_("Nạp bản đồ ranh giới"),
                 row_count=len(geojson["features"]))  # fmt: skip
    return loaded
