"""Daily monitoring of cases and the escalation list it feeds.

An entry's warning signs and severity come from the rule sets in force on its day. Any warning sign
opens an escalation (one open per case) that waits, visibly, until someone handles it.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.cases import clinical, rulesets
from phaodai.cases.models import Case, Escalation, EventKind, MonitoringEntry
from phaodai.cases.reference import Severity, Symptom
from phaodai.cases.services import Errors, _err, _raise, check_vitals, event
from phaodai.core import audit, clock, rules
from phaodai.core.changes import rows_written
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction

VITALS = ("spo2", "temperature", "resp_rate", "pulse", "systolic", "diastolic")


@dataclass
class MonitoringInput:
    at: dt.datetime
    spo2: int | None = None
    temperature: Decimal | None = None
    resp_rate: int | None = None
    pulse: int | None = None
    systolic: int | None = None
    diastolic: int | None = None
    symptoms: list[str] = field(default_factory=list)


def _clean(case: Case, data: MonitoringInput) -> None:
    errors: Errors = {}
    if not case.is_open:
        _err(errors, "__all__", _("Ca bệnh đã kết thúc, không ghi theo dõi được."))
    if data.at > clock.now():
        _err(errors, "at", _("Thời điểm theo dõi không được ở tương lai."))
    if timezone.localdate(data.at) < case.report_date:
        _err(errors, "at", _("Thời điểm theo dõi không được trước ngày báo cáo ca bệnh."))
    check_vitals(errors, spo2=data.spo2, resp_rate=data.resp_rate)
    if data.temperature is not None and not Decimal(30) <= data.temperature <= Decimal(45):
        _err(errors, "temperature", _("Nhiệt độ phải từ 30 đến 45 °C."))
    if data.pulse is not None and not 20 <= data.pulse <= 250:
        _err(errors, "pulse", _("Mạch phải từ 20 đến 250 lần/phút."))
    for name in ("systolic", "diastolic"):
        value = getattr(data, name)
        if value is not None and not 20 <= value <= 300:
            _err(errors, name, _("Huyết áp phải từ 20 đến 300 mmHg."))
    unknown = set(data.symptoms) - set(Symptom.values)
    if unknown:
        _err(
            errors,
            "symptoms",
            _("Triệu chứng không có trong danh mục: %(c)s.") % {"c": ", ".join(sorted(unknown))},
        )
    if all(getattr(data, n) is None for n in VITALS) and not data.symptoms:
        _err(
            errors,
            "spo2",
            _("Nhập ít nhất một chỉ số (SpO₂, nhiệt độ, nhịp thở, mạch, huyết áp) hoặc triệu chứng."),
        )
    _raise(errors)


def _vitals(data: MonitoringInput) -> clinical.Vitals:
    return clinical.Vitals(
        spo2=data.spo2,
        resp_rate=data.resp_rate,
        pulse=data.pulse,
        systolic=data.systolic,
        diastolic=data.diastolic,
        temperature=float(data.temperature) if data.temperature is not None else None,
        symptoms=tuple(data.symptoms),
    )


def _escalate(case: Case, entry: MonitoringEntry, actor: Any) -> None:
    if Escalation.objects.filter(case=case, handled_at__isnull=True).exists():
        return
    Escalation.objects.create(
        case=case,
        unit=case.unit,
        unit_path=case.unit_path,
        opened_at=entry.at,
        signs=entry.warning_signs,
        entry=entry,
        risk_score=case.risk_score,
    )
    event(case, EventKind.WARNING, "; ".join(entry.warning_signs), actor=actor, at=entry.at, entry=entry.pk)


def record_monitoring(*, actor: Any, case: Case, data: MonitoringInput) -> MonitoringEntry:
    """Record one health check; warning signs put the case on the escalation list of its commune."""
    _clean(case, data)
    day = timezone.localdate(data.at)
    person = case.person
    warning_rules = rules.in_force(rulesets.WARNING_SIGNS, on=day, unit_path=case.unit_path)
    severity_rules = rules.in_force(rulesets.SEVERITY, on=day, unit_path=case.unit_path)
    vitals = _vitals(data)
    age = clinical.age_on(person.birth_year, person.birth_date, day)
    signs = clinical.warning_signs(vitals, age=age, params=warning_rules.params)
    severity = clinical.severity(vitals, comorbid=bool(person.comorbidities), params=severity_rules.params)
    with transaction.atomic():
        # One check at a time per case, so a second warning finds the escalation the first one opened.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        entry = MonitoringEntry.objects.create(
            case=case,
            unit=case.unit,
            unit_path=case.unit_path,
            at=data.at,
            spo2=data.spo2,
            temperature=data.temperature,
            resp_rate=data.resp_rate,
            pulse=data.pulse,
            systolic=data.systolic,
            diastolic=data.diastolic,
            symptoms=data.symptoms,
            warning_signs=signs,
            warning_rules=warning_rules,
            severity=severity,
            recorded_by=actor,
        )
        _follow_case(case, entry, severity_rules, actor)
        if signs:
            _escalate(case, entry, actor)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=entry,
            summary=_("Theo dõi sức khỏe ca #%(id)s") % {"id": case.pk},
        )
    return entry


def _follow_case(case: Case, entry: MonitoringEntry, severity_rules: Any, actor: Any) -> None:
    """The case shows its latest check-in and the severity the latest vitals give."""
    fields = ["last_monitored_at", "updated_at"]
    if case.last_monitored_at is None or entry.at >= case.last_monitored_at:
        case.last_monitored_at = entry.at
        if entry.severity != case.severity:
            event(
                case,
                EventKind.SEVERITY,
                _("%(old)s → %(new)s")
                % {"old": case.get_severity_display(), "new": Severity(entry.severity).label},
                actor=actor,
                at=entry.at,
                rules=severity_rules.code,
            )
            case.severity, case.severity_rules = entry.severity, severity_rules
            fields += ["severity", "severity_rules"]
    case.updated_at = clock.now()
    case.save(update_fields=fields)


def escalation_handle(*, actor: Any, escalation: Escalation, action: str) -> Escalation:
    """Someone acted on the warning (called, visited, transferred): it leaves the list, with what was done."""
    if escalation.handled_at is not None:
        raise DomainError(_("Cảnh báo này đã được xử lý."), field="action")
    action = action.strip()
    if not action:
        raise DomainError(_("Ghi rõ đã xử lý thế nào (gọi điện, đến nhà, chuyển viện...)."), field="action")
    now = clock.now()
    with transaction.atomic():
        # Claimed with a conditional UPDATE: of two people handling it at once, one wins, the other is told.
        claimed = Escalation.objects.filter(pk=escalation.pk, handled_at__isnull=True).update(
            handled_at=now, handled_by=actor, action=action[:255]
        )
        if not claimed:
            raise DomainError(_("Cảnh báo này đã được xử lý."), field="action")
        rows_written.send(sender=Escalation, pks=[escalation.pk], before={"handled_at": None})
        escalation.handled_at, escalation.handled_by, escalation.action = now, actor, action[:255]
        waited = escalation.handled_at - escalation.opened_at
        event(
            escalation.case,
            EventKind.ESCALATION_HANDLED,
            action,
            actor=actor,
            waited_minutes=int(waited.total_seconds() // 60),
        )
        audit.record(actor=actor, action=AuditAction.UPDATE, instance=escalation, summary=action)
    return escalation
