"""The F0 case pages and the cluster pages: thin adapters over the selectors and services."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from phaodai.cases import clinical, clusters, selectors, services
from phaodai.cases.forms import (
    CaseForm,
    CloseForm,
    ClusterAssignForm,
    ClusterForm,
    ClusterStatusForm,
    ConfirmForm,
    TransferForm,
)
from phaodai.cases.models import Case, CaseEvent, EventKind, MonitoringEntry
from phaodai.cases.reference import (
    CaseBasis,
    CaseStatus,
    ClusterStatus,
    PlaceOfCare,
    RiskFlag,
    Severity,
    Symptom,
)
from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.htmx import render_page
from phaodai.core.models import RuleSet
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.people.reference import Comorbidity
from phaodai.people.selectors import person_get, person_list

PAGE_SIZE = 25
PICKER_SIZE = 20
STATUS_FILTERS = [
    (selectors.OPEN, gettext_lazy("Đang theo dõi (F0 và nghi nhiễm)")),
    *CaseStatus.choices,
    ("all", gettext_lazy("Tất cả")),
]
ORDER_CHOICES = [("risk", gettext_lazy("Nguy cơ cao trước")), ("report", gettext_lazy("Mới báo cáo trước"))]


def _labels(codes: list[str], choices: list[tuple[str, Any]]) -> list[str]:
    known = dict(choices)
    return [str(known.get(code, code)) for code in codes]


@dataclass(frozen=True)
class CaseRow:
    case: Case
    days: int
    flags: list[str]


@scoped(perm=Perm.CASES_VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    """Cases of the jurisdiction, the most at risk first; filters by status, place of care and name."""
    access = access_for(request)
    status = request.GET.get("trang-thai", selectors.OPEN)
    place = request.GET.get("noi", "")
    order = request.GET.get("sap-xep", "risk")
    query = request.GET.get("q", "")[:100]
    cases = selectors.case_list(
        jurisdiction=access.jurisdiction,
        status=None if status == "all" else status,
        query=query,
        place=place or None,
        order=order,
    )
    page = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    today = clock.today()
    rows = [
        CaseRow(case, (today - case.report_date).days, _labels(case.risk_flags, RiskFlag.choices))
        for case in page.object_list
    ]
    return render_page(
        request,
        "cases/case_list.html",
        "results",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "place": place,
            "order": order,
            "query": query,
            "statuses": STATUS_FILTERS,
            "places": PlaceOfCare.choices,
            "orders": ORDER_CHOICES,
            "query_prefix": query_prefix(request),
            "can_edit": access.can(Perm.CASES_EDIT),
        },
    )


def _registered_message(case: Case) -> str:
    rules = {"rules": case.definition_rules.code}
    if case.status == CaseStatus.SUSPECTED:
        return _("Đã ghi nhận ca nghi nhiễm: chưa đủ tiêu chuẩn F0 theo %(rules)s.") % rules
    return _("Đã ghi nhận F0 (%(basis)s) theo %(rules)s.") % {
        **rules,
        "basis": CaseBasis(case.basis).label,
    }


def _person_picker(request: HttpRequest) -> HttpResponse:
    """No person chosen yet: find them in the registry of the jurisdiction."""
    query = request.GET.get("q", "")[:100]
    found = person_list(jurisdiction=access_for(request).jurisdiction, query=query) if query.strip() else None
    return render(
        request,
        "cases/case_register.html",
        {"person": None, "query": query, "found": list(found[:PICKER_SIZE]) if found is not None else None},
    )


@scoped(perm=Perm.CASES_EDIT)
def case_register(request: HttpRequest) -> HttpResponse:
    """Register a case for a person of the jurisdiction (``?person=<id>``)."""
    if not request.GET.get("person"):
        return _person_picker(request)
    jurisdiction = access_for(request).jurisdiction
    person = person_get(jurisdiction=jurisdiction, pk=request.GET["person"])
    posted = request.method == "POST"
    form = CaseForm(
        request.POST if posted else None, jurisdiction=jurisdiction, initial={"report_date": clock.today()}
    )
    if posted and form.is_valid():
        try:
            case = services.case_register(
                actor=request.user, jurisdiction=jurisdiction, data=form.to_input(person)
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _registered_message(case))
            return redirect("cases:detail", pk=case.pk)
    context = {
        "person": person,
        "form": form,
        "open_case": selectors.open_cases_of_person(person).first(),
    }
    return render(request, "cases/case_register.html", context)


@dataclass(frozen=True)
class RuleRow:
    label: str
    rule: RuleSet | None


@dataclass
class Line:
    """One line of the timeline, ready to show."""

    at: dt.datetime
    kind: str
    summary: str
    notes: list[str] = field(default_factory=list)
    warning: bool = False
    actor: Any = None


def _event_notes(event: CaseEvent) -> list[str]:
    details = event.details or {}
    notes = []
    if details.get("reason"):
        notes.append(_("Lý do: %(reason)s") % {"reason": details["reason"]})
    if details.get("note"):
        notes.append(_("Ghi chú: %(note)s") % {"note": details["note"]})
    if details.get("rules") and details["rules"] not in event.summary:
        notes.append(_("Theo %(rules)s") % {"rules": details["rules"]})
    if details.get("waited_minutes") is not None:
        notes.append(_("Xử lý sau %(minutes)s phút") % {"minutes": details["waited_minutes"]})
    return notes


def _event_line(event: CaseEvent) -> Line:
    return Line(
        at=event.at,
        kind=str(EventKind(event.kind).label) if event.kind in EventKind.values else event.kind,
        summary=event.summary,
        notes=_event_notes(event),
        warning=event.kind == EventKind.WARNING,
        actor=event.actor,
    )


def _vitals(entry: MonitoringEntry) -> str:
    parts = []
    if entry.spo2 is not None:
        parts.append(_("SpO₂ %(v)s%%") % {"v": entry.spo2})
    if entry.resp_rate is not None:
        parts.append(_("nhịp thở %(v)s/phút") % {"v": entry.resp_rate})
    if entry.temperature is not None:
        parts.append(_("nhiệt độ %(v)s °C") % {"v": entry.temperature})
    if entry.pulse is not None:
        parts.append(_("mạch %(v)s/phút") % {"v": entry.pulse})
    if entry.systolic is not None or entry.diastolic is not None:
        parts.append(_("HA %(s)s/%(d)s mmHg") % {"s": entry.systolic or "-", "d": entry.diastolic or "-"})
    return " · ".join(parts) or "—"


def _entry_line(entry: MonitoringEntry) -> Line:
    notes = [_("Mức độ: %(s)s") % {"s": Severity(entry.severity).label}]
    if entry.symptoms:
        notes.append(_("Triệu chứng: %(s)s") % {"s": ", ".join(_labels(entry.symptoms, Symptom.choices))})
    if entry.warning_signs:
        notes.append(
            _("Dấu hiệu cảnh báo (theo %(rules)s): %(signs)s")
            % {"rules": entry.warning_rules.code, "signs": "; ".join(entry.warning_signs)}
        )
    return Line(
        at=entry.at,
        kind=_("Theo dõi sức khỏe"),
        summary=_vitals(entry),
        notes=notes,
        warning=bool(entry.warning_signs),
        actor=entry.recorded_by,
    )


def _line(item: selectors.TimelineItem) -> Line:
    if item.event is not None:
        return _event_line(item.event)
    assert item.entry is not None
    return _entry_line(item.entry)


def _timeline(case: Case) -> list[Line]:
    return [_line(item) for item in selectors.case_timeline(case=case)]


def _decisions(case: Case) -> list[RuleRow]:
    return [
        RuleRow(_("Định nghĩa ca bệnh"), case.definition_rules),
        RuleRow(_("Phân loại mức độ"), case.severity_rules),
        RuleRow(_("Điều trị tại nhà"), case.home_care_rules),
        RuleRow(_("Kết thúc điều trị"), case.release_rules),
    ]


@scoped(perm=Perm.CASES_VIEW)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    case = selectors.case_get(jurisdiction=access.jurisdiction, pk=pk)
    services.case_record_view(actor=request.user, case=case)
    person = case.person
    can_edit = access.can(Perm.CASES_EDIT)
    context = {
        "case": case,
        "person": person,
        "age": clinical.age_on(person.birth_year, person.birth_date, clock.today()),
        "comorbidities": _labels(person.comorbidities, Comorbidity.choices),
        "symptoms": _labels(case.symptoms, Symptom.choices),
        "flags": _labels(case.risk_flags, RiskFlag.choices),
        "decisions": _decisions(case),
        "timeline": _timeline(case),
        "days": (clock.today() - case.report_date).days,
        "can_edit": can_edit,
        "can_view_people": access.can(Perm.PEOPLE_VIEW),
        "can_monitor": access.can(Perm.MONITORING_RECORD),
        "cluster_form": ClusterAssignForm(
            jurisdiction=access.jurisdiction, initial={"cluster": case.cluster_id}
        )
        if can_edit
        else None,
    }
    return render(request, "cases/case_detail.html", context)


FormFactory = Callable[[QueryDict | None], Any]
Perform = Callable[[Case, Any], str]


def _case_action(
    request: HttpRequest, pk: int, *, template: str, make_form: FormFactory, perform: Perform
) -> HttpResponse:
    """A change to one case from its own form: refusals show on the form, success goes back to the case."""
    case = selectors.case_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    posted = request.method == "POST"
    form = make_form(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            done = perform(case, form)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, done)
            return redirect("cases:detail", pk=case.pk)
    return render(request, template, {"case": case, "form": form})


def _now_minute() -> dt.datetime:
    return clock.now().replace(second=0, microsecond=0)


@scoped(perm=Perm.CASES_EDIT)
def case_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction

    def perform(case: Case, form: TransferForm) -> str:
        data = form.cleaned_data
        services.case_transfer(
            actor=request.user,
            jurisdiction=jurisdiction,
            case=case,
            place_of_care=data["place_of_care"],
            facility=data["facility"],
            at=data["at"],
            reason=data["reason"],
        )
        return _("Đã chuyển ca bệnh đến: %(place)s.") % {"place": case.get_place_of_care_display()}

    return _case_action(
        request,
        pk,
        template="cases/case_transfer.html",
        make_form=lambda data: TransferForm(data, jurisdiction=jurisdiction, initial={"at": _now_minute()}),
        perform=perform,
    )


@scoped(perm=Perm.CASES_EDIT)
def case_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(case: Case, form: ConfirmForm) -> str:
        data = form.cleaned_data
        evidence = services.evidence_for(
            case,
            test_kind=data["test_kind"],
            second_rat_hours=data["second_rat_hours"],
            clinical_decision=data["clinical_decision"],
        )
        confirmed = services.case_confirm(actor=request.user, case=case, evidence=evidence, on=data["on"])
        return _("Đã khẳng định F0: %(basis)s, theo %(rules)s.") % {
            "basis": confirmed.get_basis_display(),
            "rules": confirmed.definition_rules.code,
        }

    return _case_action(
        request,
        pk,
        template="cases/case_confirm.html",
        make_form=lambda data: ConfirmForm(data, initial={"on": clock.today()}),
        perform=perform,
    )


@scoped(perm=Perm.CASES_EDIT)
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(case: Case, form: CloseForm) -> str:
        data = form.cleaned_data
        closed = services.case_close(
            actor=request.user,
            case=case,
            outcome=data["outcome"],
            on=data["on"],
            test_negative=data["test_negative"],
            note=data["note"],
        )
        done = _("Đã kết thúc ca bệnh: %(outcome)s.") % {"outcome": closed.get_status_display()}
        if closed.release_rules is not None:
            done += " " + _("Theo %(rules)s.") % {"rules": closed.release_rules.code}
        return done

    return _case_action(
        request,
        pk,
        template="cases/case_close.html",
        make_form=lambda data: CloseForm(data, initial={"on": clock.today()}),
        perform=perform,
    )


@scoped(perm=Perm.CASES_EDIT)
def case_assign_cluster(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction

    def perform(case: Case, form: ClusterAssignForm) -> str:
        cluster = form.cleaned_data["cluster"]
        clusters.cluster_assign(actor=request.user, case=case, cluster=cluster)
        if cluster is None:
            return _("Ca bệnh không thuộc ổ dịch nào.")
        return _("Đã gắn ca bệnh vào ổ dịch %(name)s.") % {"name": cluster.name}

    return _case_action(
        request,
        pk,
        template="cases/case_cluster.html",
        make_form=lambda data: ClusterAssignForm(data, jurisdiction=jurisdiction),
        perform=perform,
    )


CLUSTER_FILTERS = [
    (selectors.OPEN, gettext_lazy("Chưa kết thúc")),
    *ClusterStatus.choices,
    ("all", gettext_lazy("Tất cả")),
]


@scoped(perm=Perm.CASES_VIEW)
def cluster_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    status = request.GET.get("trang-thai", selectors.OPEN)
    found = selectors.cluster_list(
        jurisdiction=access.jurisdiction, status=None if status == "all" else status
    )
    page = CappedPaginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "cases/cluster_list.html",
        "results",
        {
            "page": page,
            "status": status,
            "statuses": CLUSTER_FILTERS,
            "query_prefix": query_prefix(request),
            "can_edit": access.can(Perm.CASES_EDIT),
        },
    )


@scoped(perm=Perm.CASES_EDIT)
def cluster_create(request: HttpRequest) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    posted = request.method == "POST"
    form = ClusterForm(
        request.POST if posted else None, jurisdiction=jurisdiction, initial={"opened_on": clock.today()}
    )
    if posted and form.is_valid():
        try:
            cluster = clusters.cluster_create(
                actor=request.user, jurisdiction=jurisdiction, **form.cleaned_data
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã tạo ổ dịch %(name)s.") % {"name": cluster.name})
            return redirect("cases:cluster", pk=cluster.pk)
    return render(request, "cases/cluster_form.html", {"form": form})


def _cluster_page(request: HttpRequest, pk: int, status_form: forms.Form | None = None) -> HttpResponse:
    access = access_for(request)
    cluster = selectors.cluster_get(jurisdiction=access.jurisdiction, pk=pk)
    curve = selectors.cluster_curve(cluster=cluster)
    can_edit = access.can(Perm.CASES_EDIT)
    if status_form is None and can_edit:
        status_form = ClusterStatusForm(initial={"status": cluster.status, "on": clock.today()})
    context = {
        "cluster": cluster,
        "cases": selectors.cluster_cases(cluster=cluster, jurisdiction=access.jurisdiction),
        "curve": curve,
        "peak": max((point.cases for point in curve), default=0),
        "can_edit": can_edit,
        "status_form": status_form,
    }
    return render(request, "cases/cluster_detail.html", context)


@scoped(perm=Perm.CASES_VIEW)
def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _cluster_page(request, pk)


@scoped(perm=Perm.CASES_EDIT)
@require_POST
def cluster_status(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = selectors.cluster_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    form = ClusterStatusForm(request.POST)
    if form.is_valid():
        try:
            clusters.cluster_set_status(
                actor=request.user,
                cluster=cluster,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("Ổ dịch %(name)s: %(status)s.")
                % {"name": cluster.name, "status": cluster.get_status_display()},
            )
            return redirect("cases:cluster", pk=cluster.pk)
    return _cluster_page(request, pk, form)
