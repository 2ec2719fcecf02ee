"""Writes to the case registry: validated, decided under the rule set in force, audited, with a timeline.

Daily monitoring and escalations are in :mod:`phaodai.cases.monitoring`; clusters in
:mod:`phaodai.cases.clusters`.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.cases import clinical, definition, links, rulesets
from phaodai.cases.models import Case, CaseEvent, Cluster, Escalation, EventKind
from phaodai.cases.reference import (
    FACILITY_PLACES,
    OPEN_STATUSES,
    CaseBasis,
    CaseStatus,
    ClusterStatus,
    Detection,
    PlaceOfCare,
    Symptom,
    TestKind,
)
from phaodai.cases.signals import case_closed, case_confirmed, case_opened
from phaodai.core import audit, clock, rules
from phaodai.core.changes import rows_written
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.facilities import services as facility_services
from phaodai.facilities.models import QUARANTINE_KINDS, Facility, StayPurpose
from phaodai.facilities.selectors import open_stay_of, referral_scope
from phaodai.people.models import Person

Errors = dict[str, list[str]]
AUDITED = ["status", "basis", "report_date", "onset_date", "severity", "place_of_care", "facility", "cluster"]


@dataclass
class CaseInput:
    """What a form, the API or the testing app supplies to register a case."""

    person: Person
    report_date: dt.date
    test_kind: str
    detected_in: str
    place_of_care: str
    positive: bool = True
    sample_date: dt.date | None = None
    onset_date: dt.date | None = None
    symptoms: list[str] = field(default_factory=list)
    has_epi_factor: bool = False
    second_rat_hours: int | None = None
    clinical_decision: bool = False
    vaccine_doses: int = 0
    last_dose_date: dt.date | None = None
    facility: Facility | None = None
    can_self_care: bool = True
    stable_comorbidity: bool = False
    spo2: int | None = None
    resp_rate: int | None = None
    source_case: Case | None = None
    cluster: Cluster | None = None


def _err(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _raise(errors: Errors) -> None:
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors=errors)


def check_vitals(errors: Errors, *, spo2: int | None, resp_rate: int | None) -> None:
    if spo2 is not None and not 0 <= spo2 <= 100:
        _err(errors, "spo2", _("SpO₂ phải từ 0 đến 100 (%)."))
    if resp_rate is not None and not 0 <= resp_rate <= 120:
        _err(errors, "resp_rate", _("Nhịp thở phải từ 0 đến 120 lần/phút."))


def _check_dates(data: CaseInput, errors: Errors) -> None:
    today = clock.today()
    if data.report_date > today:
        _err(errors, "report_date", _("Ngày báo cáo không được sau ngày hôm nay."))
    if data.onset_date and data.onset_date > data.report_date:
        _err(errors, "onset_date", _("Ngày khởi phát không được sau ngày báo cáo."))
    if data.sample_date and data.sample_date > data.report_date:
        _err(errors, "sample_date", _("Ngày lấy mẫu không được sau ngày báo cáo."))
    if data.last_dose_date and data.last_dose_date > data.report_date:
        _err(errors, "last_dose_date", _("Ngày tiêm mũi cuối không được sau ngày báo cáo."))


def _check_choices(data: CaseInput, errors: Errors) -> None:
    if data.test_kind not in TestKind.values:
        _err(errors, "test_kind", _("Chọn loại xét nghiệm."))
    if data.detected_in not in Detection.values:
        _err(errors, "detected_in", _("Chọn nơi phát hiện."))
    if data.place_of_care not in PlaceOfCare.values:
        _err(errors, "place_of_care", _("Chọn nơi điều trị."))
    unknown = set(data.symptoms) - set(Symptom.values)
    if unknown:
        _err(
            errors,
            "symptoms",
            _("Triệu chứng không có trong danh mục: %(c)s.") % {"c": ", ".join(sorted(unknown))},
        )
    if not 0 <= data.vaccine_doses <= 6:
        _err(errors, "vaccine_doses", _("Số mũi vắc xin phải từ 0 đến 6."))
    if data.vaccine_doses and not data.last_dose_date:
        _err(errors, "last_dose_date", _("Nhập ngày tiêm mũi cuối."))


def check_place(
    errors: Errors, *, place: str, facility: Facility | None, jurisdiction: Jurisdiction, on: dt.date
) -> None:
    """A facility is named when the place of care is one, and only then; it must be open that day."""
    if place in FACILITY_PLACES and facility is None:
        _err(errors, "facility", _("Chọn cơ sở điều trị."))
    if place not in FACILITY_PLACES and facility is not None:
        _err(errors, "facility", _("Điều trị tại nhà hoặc trạm y tế xã thì không chọn cơ sở."))
    if facility is None:
        return
    if not referral_scope(jurisdiction).contains(facility.unit_path):
        _err(errors, "facility", _("Cơ sở này không thuộc tỉnh bạn quản lý."))
    if facility.kind in QUARANTINE_KINDS:
        _err(errors, "facility", _("Khu cách ly tập trung (F1) không nhận điều trị F0: chọn cơ sở điều trị."))
    if facility.closed_on and facility.closed_on <= on:
        _err(
            errors,
            "facility",
            _("Cơ sở đã đóng cửa từ ngày %(d)s.") % {"d": f"{facility.closed_on:%d/%m/%Y}"},
        )
    elif on < facility.opened_on:
        _err(
            errors,
            "facility",
            _("Cơ sở chưa mở cửa (mở từ ngày %(d)s).") % {"d": f"{facility.opened_on:%d/%m/%Y}"},
        )


def _clean(data: CaseInput, jurisdiction: Jurisdiction) -> None:
    errors: Errors = {}
    if not jurisdiction.contains(data.person.unit_path):
        _err(errors, "person", _("Người này không thuộc địa bàn bạn quản lý."))
    _check_dates(data, errors)
    _check_choices(data, errors)
    check_vitals(errors, spo2=data.spo2, resp_rate=data.resp_rate)
    # The person is admitted when the case is registered, so the facility must be open today.
    check_place(
        errors,
        place=data.place_of_care,
        facility=data.facility,
        jurisdiction=jurisdiction,
        on=clock.today(),
    )
    if data.second_rat_hours is not None and not 0 <= data.second_rat_hours <= 240:
        _err(errors, "second_rat_hours", _("Số giờ giữa hai lần test nhanh phải từ 0 đến 240."))
    if data.source_case is not None and data.source_case.person_id == data.person.pk:
        _err(errors, "source_case", _("Một người không thể là nguồn lây của chính mình."))
    if data.cluster is not None and data.cluster.status == ClusterStatus.CLOSED:
        _err(errors, "cluster", _("Ổ dịch đã kết thúc, không thêm ca được."))
    _raise(errors)


def _open_case_of(person: Person) -> Case | None:
    return Case.objects.filter(person=person, status__in=OPEN_STATUSES).first()


def _inherited_cluster(data: CaseInput) -> Cluster | None:
    """The cluster chosen, else the source case's while it is still open."""
    if data.cluster is not None:
        return data.cluster
    cluster = data.source_case.cluster if data.source_case is not None else None
    return cluster if cluster is not None and cluster.status != ClusterStatus.CLOSED else None


@dataclass(frozen=True)
class Assessment:
    """What the rule sets in force decide about a person with these findings on a day."""

    severity: str
    severity_rules: Any
    flags: list[str]
    home_care: clinical.Eligibility
    home_care_rules: Any


def assess(
    *,
    person: Person,
    on: dt.date,
    vitals: clinical.Vitals,
    vaccine_doses: int,
    last_dose_date: dt.date | None,
    can_self_care: bool,
    stable_comorbidity: bool = False,
) -> Assessment:
    age = clinical.age_on(person.birth_year, person.birth_date, on)
    comorbid = bool(person.comorbidities)
    severity_rules = rules.in_force(rulesets.SEVERITY, on=on, unit_path=person.unit_path)
    severity = clinical.severity(vitals, comorbid=comorbid, params=severity_rules.params)
    home_rules = rules.in_force(rulesets.HOME_CARE, on=on, unit_path=person.unit_path)
    patient = clinical.Patient(
        age=age,
        comorbid=comorbid,
        pregnant=person.pregnant,
        vaccine_doses=vaccine_doses,
        days_since_last_dose=(on - last_dose_date).days if last_dose_date else None,
        severity=severity,
        can_self_care=can_self_care,
        vitals=vitals,
    )
    flags = clinical.risk_flags(
        age=age, comorbid=comorbid, vaccine_doses=vaccine_doses, pregnant=person.pregnant
    )
    eligibility = clinical.home_care(patient, params=home_rules.params, stable_comorbidity=stable_comorbidity)
    return Assessment(severity, severity_rules, flags, eligibility, home_rules)


def _evidence(data: CaseInput) -> definition.Evidence:
    return definition.Evidence(
        test_kind=data.test_kind,
        positive=data.positive,
        is_f1=links.contact_level(data.person) == "F1",
        has_symptoms=bool(data.symptoms),
        has_epi_factor=data.has_epi_factor or data.source_case is not None,
        second_rat_hours=data.second_rat_hours,
        clinical_decision=data.clinical_decision,
    )


def event(
    case: Case, kind: str, summary: str, *, actor: Any, at: dt.datetime | None = None, **details: Any
) -> None:
    CaseEvent.objects.create(
        case=case, at=at or clock.now(), kind=kind, summary=summary[:255], details=details, actor=actor
    )


def _build(data: CaseInput, actor: Any) -> Case:
    person = data.person
    definition_rules = rules.in_force(rulesets.DEFINITION, on=data.report_date, unit_path=person.unit_path)
    basis = definition.classify(_evidence(data), definition_rules.params)
    vitals = clinical.Vitals(spo2=data.spo2, resp_rate=data.resp_rate, symptoms=tuple(data.symptoms))
    found = assess(
        person=person,
        on=data.report_date,
        vitals=vitals,
        vaccine_doses=data.vaccine_doses,
        last_dose_date=data.last_dose_date,
        can_self_care=data.can_self_care,
        stable_comorbidity=data.stable_comorbidity,
    )
    now = clock.now()
    cluster = _inherited_cluster(data)
    return Case(
        person=person,
        unit_id=person.unit_id,
        unit_path=person.unit_path,
        status=CaseStatus.SUSPECTED if basis == CaseBasis.UNCONFIRMED else CaseStatus.ACTIVE,
        basis=basis,
        definition_rules=definition_rules,
        test_kind=data.test_kind,
        sample_date=data.sample_date,
        report_date=data.report_date,
        onset_date=data.onset_date,
        detected_in=data.detected_in,
        symptoms=data.symptoms,
        vaccine_doses=data.vaccine_doses,
        last_dose_date=data.last_dose_date,
        risk_flags=found.flags,
        risk_score=clinical.risk_score(found.flags),
        severity=found.severity,
        severity_rules=found.severity_rules,
        place_of_care=data.place_of_care,
        facility=data.facility,
        can_self_care=data.can_self_care,
        home_care_eligible=found.home_care.eligible,
        home_care_rules=found.home_care_rules,
        home_care_reasons=found.home_care.reasons,
        source_case=data.source_case,
        cluster=cluster,
        created_at=now,
        created_by=actor,
        updated_at=now,
    )


def _admit(case: Case, actor: Any, at: dt.datetime) -> None:
    if case.facility is not None:
        facility_services.stay_admit(
            actor=actor,
            facility=case.facility,
            person=case.person,
            purpose=StayPurpose.TREATMENT
            if case.place_of_care == PlaceOfCare.HOSPITAL
            else StayPurpose.ISOLATION,
            at=at,
            source=f"case:{case.pk}",
        )


def _place_on_registration(case: Case, actor: Any, at: dt.datetime) -> None:
    """Flag a person who tested positive inside a quarantine facility; move them if cared for elsewhere.

    Cared for at home, someone found positive in a quarantine facility stays there, flagged, until moved.
    """
    facility_services.stay_flag_positive(actor=actor, person=case.person, at=at)
    if case.facility is None:
        return
    stay = open_stay_of(person=case.person)  # any facility, not only a quarantine one
    if stay is not None and stay.facility_id == case.facility.pk:
        return
    if stay is not None:
        facility_services.stay_discharge(actor=actor, stay=stay, at=at, reason=_("Chuyển điều trị F0"))
    _admit(case, actor, at)


def case_register(*, actor: Any, jurisdiction: Jurisdiction, data: CaseInput) -> Case:
    """Register an F0 (or a suspected case when the evidence falls short of the definition in force)."""
    _clean(data, jurisdiction)
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=data.person.pk).first()
        if (existing := _open_case_of(data.person)) is not None:
            raise ConflictError(
                _("Người này đang có ca bệnh chưa kết thúc (#%(id)s).") % {"id": existing.pk}, field="person"
            )
        case = _build(data, actor)
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError as exc:
            raise ConflictError(_("Người này đang có ca bệnh chưa kết thúc."), field="person") from exc
        now = clock.now()
        _place_on_registration(case, actor, now)
        if case.cluster is not None:
            from phaodai.cases.clusters import count_new_member

            count_new_member(case.cluster, case.report_date)
        event(
            case,
            EventKind.REGISTERED,
            _registration_summary(case),
            actor=actor,
            rules=case.definition_rules.code,
        )
        audit.record(
            actor=actor, action=AuditAction.CREATE, instance=case, summary=_registration_summary(case)
        )
        case_opened.send(sender=Case, case=case, actor=actor)
    return case


def _registration_summary(case: Case) -> str:
    return _("%(status)s (%(basis)s, theo %(rules)s)") % {
        "status": case.get_status_display(),
        "basis": case.get_basis_display(),
        "rules": case.definition_rules.code,
    }


def evidence_for(
    case: Case, *, test_kind: str, second_rat_hours: int | None = None, clinical_decision: bool = False
) -> definition.Evidence:
    """A new positive result for a registered case, with what the case already says about it (is the
    person an F1 now, symptoms, a known source)."""
    return definition.Evidence(
        test_kind=test_kind,
        positive=True,
        is_f1=links.contact_level(case.person) == "F1",
        has_symptoms=bool(case.symptoms),
        has_epi_factor=case.source_case_id is not None,
        second_rat_hours=second_rat_hours,
        clinical_decision=clinical_decision,
    )


def case_confirm(*, actor: Any, case: Case, evidence: definition.Evidence, on: dt.date) -> Case:
    """A suspected case whose new result meets the definition in force that day becomes an F0."""
    if case.status != CaseStatus.SUSPECTED:
        raise DomainError(_("Chỉ ca nghi nhiễm mới cần khẳng định."), field="status")
    definition_rules = rules.in_force(rulesets.DEFINITION, on=on, unit_path=case.unit_path)
    basis = definition.classify(evidence, definition_rules.params)
    if basis == CaseBasis.UNCONFIRMED:
        raise DomainError(
            _("Kết quả này chưa đủ khẳng định F0 theo %(rules)s.") % {"rules": definition_rules.code},
            field="test_kind",
        )
    with transaction.atomic():
        before = audit.snapshot(case, AUDITED)
        case.status, case.basis, case.definition_rules = CaseStatus.ACTIVE, basis, definition_rules
        case.test_kind, case.updated_at = evidence.test_kind, clock.now()
        case.save()
        event(case, EventKind.CONFIRMED, _registration_summary(case), actor=actor)
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=case,
            changes=audit.diff(before, audit.snapshot(case, AUDITED)),
        )
        case_confirmed.send(sender=Case, case=case, actor=actor)
    return case


def case_transfer(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    case: Case,
    place_of_care: str,
    facility: Facility | None,
    at: dt.datetime,
    reason: str,
) -> Case:
    """Move a case to another place of care; the facility stays follow (discharge, admission)."""
    stay = open_stay_of(person=case.person)
    _check_transfer(case, place_of_care, facility, at, stay, jurisdiction)
    with transaction.atomic():
        before = audit.snapshot(case, AUDITED)
        if stay is not None:
            facility_services.stay_discharge(
                actor=actor, stay=stay, at=at, reason=reason or _("Chuyển nơi điều trị")
            )
        origin = {"place": case.place_of_care, "facility": case.facility_id}
        summary = _("Chuyển %(from)s → %(to)s") % {
            "from": _place_label(case.place_of_care, case.facility),
            "to": _place_label(place_of_care, facility),
        }
        case.place_of_care, case.facility, case.updated_at = place_of_care, facility, clock.now()
        case.save(update_fields=["place_of_care", "facility", "updated_at"])
        _admit(case, actor, at)
        event(
            case,
            EventKind.TRANSFER,
            summary,
            actor=actor,
            at=at,
            origin=origin,
            facility=case.facility_id,
            reason=reason,
        )
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=case,
            summary=summary,
            changes=audit.diff(before, audit.snapshot(case, AUDITED)),
        )
    return case


def _place_label(place: str, facility: Facility | None) -> str:
    label = str(PlaceOfCare(place).label) if place in PlaceOfCare.values else place
    return f"{label} - {facility.name}" if facility is not None else label


def _check_transfer(
    case: Case,
    place_of_care: str,
    facility: Facility | None,
    at: dt.datetime,
    stay: Any,
    jurisdiction: Jurisdiction,
) -> None:
    errors: Errors = {}
    day = timezone.localdate(at)
    if not case.is_open:
        _err(errors, "place_of_care", _("Ca bệnh đã kết thúc, không chuyển được."))
    if place_of_care not in PlaceOfCare.values:
        _err(errors, "place_of_care", _("Chọn nơi điều trị."))
    if at > clock.now():
        _err(errors, "at", _("Thời điểm chuyển không được ở tương lai."))
    if day < case.report_date:
        _err(errors, "at", _("Thời điểm chuyển không được trước ngày báo cáo ca bệnh."))
    elif stay is not None and at < stay.admitted_at:
        _err(
            errors,
            "at",
            _("Thời điểm chuyển không được trước lúc vào %(facility)s (%(at)s).")
            % {
                "facility": stay.facility.name,
                "at": f"{timezone.localtime(stay.admitted_at):%H:%M %d/%m/%Y}",
            },
        )
    if place_of_care == case.place_of_care and (facility.pk if facility else None) == case.facility_id:
        _err(errors, "place_of_care", _("Ca bệnh đang ở nơi này."))
    check_place(errors, place=place_of_care, facility=facility, jurisdiction=jurisdiction, on=day)
    _raise(errors)


class Outcome:
    RECOVERED = CaseStatus.RECOVERED
    DECEASED = CaseStatus.DECEASED
    DISCARDED = CaseStatus.DISCARDED


def release_shortfall(case: Case, *, on: dt.date, test_negative: bool, params: dict[str, Any]) -> str | None:
    """Why a case may not be released on ``on`` under the release parameters, or None when it may."""
    start = case.sample_date or case.report_date
    days = (on - start).days + 1
    needed = params["days"]
    if not test_negative:
        extended = (
            params["if_positive_vaccinated_days"]
            if case.vaccine_doses >= 2
            else params["if_positive_unvaccinated_days"]
        )
        if not extended:
            return _("Cần kết quả xét nghiệm (%(test)s) âm tính.") % {"test": params["test"].upper()}
        needed = extended
    if days < needed:
        return _("Chưa đủ %(needed)s ngày (mới %(days)s ngày).") % {"needed": needed, "days": days}
    return None


def case_close(
    *, actor: Any, case: Case, outcome: str, on: dt.date, test_negative: bool = False, note: str = ""
) -> Case:
    """End a case: recovered (under the release rule in force), deceased, or discarded (ruled out)."""
    errors: Errors = {}
    if not case.is_open:
        _err(errors, "outcome", _("Ca bệnh đã kết thúc."))
    if outcome not in (CaseStatus.RECOVERED, CaseStatus.DECEASED, CaseStatus.DISCARDED):
        _err(errors, "outcome", _("Chọn kết quả: khỏi bệnh, tử vong hoặc loại trừ."))
    if on < case.report_date:
        _err(errors, "on", _("Ngày kết thúc không được trước ngày báo cáo ca bệnh."))
    if on > clock.today():
        _err(errors, "on", _("Ngày kết thúc không được sau ngày hôm nay."))
    if outcome == CaseStatus.DISCARDED and case.status != CaseStatus.SUSPECTED:
        _err(errors, "outcome", _("Chỉ ca nghi nhiễm mới được loại trừ."))
    _raise(errors)
    release_rules = None
    if outcome == CaseStatus.RECOVERED:
        release_rules = rules.in_force(rulesets.RELEASE, on=on, unit_path=case.unit_path)
        if shortfall := release_shortfall(
            case, on=on, test_negative=test_negative, params=release_rules.params
        ):
            raise DomainError(
                _("Chưa đủ tiêu chuẩn theo %(r)s: %(why)s") % {"r": release_rules.code, "why": shortfall},
                field="on",
            )
    with transaction.atomic():
        before = audit.snapshot(case, AUDITED)
        case.status, case.outcome_date, case.release_rules = outcome, on, release_rules
        case.outcome_note, case.updated_at = note[:255], clock.now()
        case.save()
        stay = open_stay_of(person=case.person)
        if stay is not None:
            facility_services.stay_discharge(
                actor=actor, stay=stay, at=clock.now(), reason=case.get_status_display()
            )
        summary = case.get_status_display() + (f" ({release_rules.code})" if release_rules else "")
        waiting = Escalation.objects.filter(case=case, handled_at__isnull=True)
        waiting_ids = list(waiting.values_list("pk", flat=True))
        waiting.update(
            handled_at=clock.now(),
            handled_by=actor if getattr(actor, "pk", None) else None,
            action=_("Ca bệnh đã kết thúc: %(outcome)s") % {"outcome": summary},
        )  # an ended case no longer waits on the escalation list
        rows_written.send(sender=Escalation, pks=waiting_ids, before={"handled_at": None})
        event(case, EventKind.OUTCOME, summary, actor=actor, note=note)
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=case,
            summary=summary,
            changes=audit.diff(before, audit.snapshot(case, AUDITED)),
        )
        case_closed.send(sender=Case, case=case, actor=actor)
    return case


def case_record_view(*, actor: Any, case: Case) -> None:
    """Log that someone opened a case (health data of a person: access is reviewable, like a person's)."""
    audit.record(
        actor=actor,
        action=AuditAction.VIEW,
        instance=case,
        summary=_("Ca bệnh #%(id)s: %(name)s") % {"id": case.pk, "name": case.person.full_name},
    )
