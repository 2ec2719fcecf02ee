"""The command center's pages: the dashboard, weekly levels, daily reports and boundary files."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phaodai.command import boundaries as boundary_files
from phaodai.command import dashboard as board
from phaodai.command import documents, mapdata, selectors, services
from phaodai.command.forms import (
    ApproveForm,
    AssessForm,
    BoundaryForm,
    IssueForm,
    OverrideForm,
    ReportDraftForm,
)
from phaodai.command.models import DailyReport, ReportStatus
from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.geo.models import AdminUnit
from phaodai.geo.selectors import unit_list, unit_or_top
from phaodai.people.forms import DATE_FORMATS


def _unit(request: HttpRequest) -> AdminUnit:
    unit = unit_or_top(jurisdiction=access_for(request).jurisdiction, pk=request.GET.get("don-vi", ""))
    if unit is None:
        raise Http404
    return unit


def _day(request: HttpRequest, param: str = "ngay") -> dt.date:
    """The day asked for (dd/mm/yyyy or ISO), today otherwise; never after today nor before the epidemic."""
    text, today = request.GET.get(param, "").strip(), clock.today()
    for pattern in DATE_FORMATS:
        try:
            return max(min(dt.datetime.strptime(text, pattern).date(), today), selectors.FIRST_DAY)
        except ValueError:
            continue
    return today


def _children(request: HttpRequest, unit: AdminUnit) -> Any:
    return unit_list(jurisdiction=access_for(request).jurisdiction).filter(parent=unit).order_by("name")


@scoped(perm=Perm.COMMAND_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    jurisdiction, unit, day = access_for(request).jurisdiction, _unit(request), _day(request)
    built = board.build(jurisdiction=jurisdiction, unit=unit, day=day)
    context = {
        "board": built,
        "children": _children(request, unit),
        "map": mapdata.for_unit(jurisdiction=jurisdiction, unit=unit, levels=built.levels),
        "can_boundaries": access_for(request).can(Perm.BOUNDARIES_MANAGE),
        "can_cases": access_for(request).can(Perm.CASES_VIEW),
        "labels": chart_labels(),
    }
    return render(request, "command/dashboard.html", context)


def chart_labels() -> dict[str, Any]:
    """Legend words for the charts script, in the request's language."""
    return {
        "community": _("Cộng đồng"),
        "other": _("Khu cách ly, phong tỏa, ngoại tỉnh"),
        "rt": _("Rt"),
        "interval": _("Khoảng tin cậy 95%"),
        "tests": _("Xét nghiệm"),
        "positivity": _("Tỷ lệ dương tính (%)"),
        "level": _("Cấp"),
        "no_population": _("thiếu dân số"),
        "doses": [_("Mũi 1"), _("Mũi 2"), _("Mũi 3")],
    }


@scoped(perm=Perm.COMMAND_VIEW)
def risk_levels(request: HttpRequest) -> HttpResponse:
    jurisdiction, unit = access_for(request).jurisdiction, _unit(request)
    asked = request.GET.get("tuan")
    week_end = (
        _day(request, "tuan")
        if asked
        else selectors.latest_week(jurisdiction=jurisdiction, parent=unit, on=clock.today())
    )
    rows = (
        selectors.assessments(jurisdiction=jurisdiction, parent=unit, week_end=week_end) if week_end else []
    )
    context = {
        "unit": unit,
        "week_end": week_end,
        "rows": rows,
        "children": _children(request, unit),
        "assess_form": AssessForm(initial={"week_end": week_end or clock.today()}),
        "can_assess": access_for(request).can(Perm.RISK_ASSESS),
    }
    return render(request, "command/risk_levels.html", context)


@require_POST
@scoped(perm=Perm.RISK_ASSESS)
def risk_assess(request: HttpRequest) -> HttpResponse:
    unit, form = _unit(request), AssessForm(request.POST)
    if form.is_valid():
        try:
            count = services.risk_assess_week(
                actor=request.user,
                jurisdiction=access_for(request).jurisdiction,
                unit=unit,
                week_end=form.cleaned_data["week_end"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã đánh giá cấp độ cho %(n)s đơn vị.") % {"n": count})
            week = form.cleaned_data["week_end"].isoformat()
            return redirect(f"{_levels_url(unit)}&tuan={week}")
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, str(problem))
    return redirect(_levels_url(unit))


def _levels_url(unit: AdminUnit) -> str:
    return f"{reverse('command:risk_levels')}?don-vi={unit.pk}"


@scoped(perm=Perm.COMMAND_VIEW)
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    row = selectors.assessment_get(jurisdiction=access.jurisdiction, pk=pk)
    form = OverrideForm(initial={"level": row.override_level})
    if request.method == "POST":
        if not access.can(Perm.RISK_ASSESS):
            raise Http404
        form = OverrideForm(request.POST)
        if form.is_valid():
            try:
                services.risk_override(
                    actor=request.user,
                    assessment=row,
                    level=form.cleaned_data["level"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("Đã ghi điều chỉnh cấp độ."))
                return redirect("command:risk_detail", pk=row.pk)
    context = {
        "row": row,
        "history": selectors.level_history(jurisdiction=access.jurisdiction, unit=row.unit),
        "form": form,
        "can_override": access.can(Perm.RISK_ASSESS),
    }
    return render(request, "command/risk_detail.html", context, status=400 if form.errors else 200)


@scoped(perm=Perm.COMMAND_VIEW)
def reports(request: HttpRequest) -> HttpResponse:
    access, unit = access_for(request), _unit(request)
    rows = selectors.reports(jurisdiction=access.jurisdiction, unit=unit)[:100]
    context = {"unit": unit, "rows": rows, "can_draft": access.can(Perm.REPORTS_DRAFT)}
    return render(request, "command/reports.html", context)


@scoped(perm=Perm.REPORTS_DRAFT)
def report_new(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    organisation = getattr(request.user, "organisation", None)
    initial = documents.draft_defaults(unit, clock.today(), organisation.name if organisation else "")
    form = ReportDraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_draft(
                actor=request.user,
                jurisdiction=access_for(request).jurisdiction,
                unit=unit,
                day=form.cleaned_data["day"],
                issuer_name=form.cleaned_data["issuer_name"],
                place_name=form.cleaned_data["place_name"],
                remarks=form.cleaned_data["remarks"],
                recipients=form.recipient_list(),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã soạn báo cáo nhanh."))
            return redirect("command:report_detail", pk=report.pk)
    status = 400 if form.errors else 200
    return render(request, "command/report_new.html", {"unit": unit, "form": form}, status=status)


def _report_page(
    request: HttpRequest, report: DailyReport, approve: ApproveForm, issue: IssueForm, status: int = 200
) -> HttpResponse:
    context = {
        "report": report,
        "table": documents.figure_rows(report.figures),
        "approve": approve,
        "issue": issue,
        "can_approve": access_for(request).can(Perm.REPORTS_APPROVE),
        "statuses": ReportStatus,
    }
    return render(request, "command/report_detail.html", context, status=status)


@scoped(perm=Perm.COMMAND_VIEW)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    return _report_page(request, report, ApproveForm(), IssueForm())


@require_POST
@scoped(perm=Perm.REPORTS_APPROVE)
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.report_approve(actor=request.user, report=report, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("command:report_detail", pk=report.pk)
    return _report_page(request, report, form, IssueForm(), status=400)


@require_POST
@scoped(perm=Perm.REPORTS_APPROVE)
def report_issue(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            services.report_issue(actor=request.user, report=report, number=form.cleaned_data["number"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("command:report_detail", pk=report.pk)
    return _report_page(request, report, ApproveForm(), form, status=400)


@scoped(perm=Perm.COMMAND_VIEW)
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    return documents.pdf_response(report)


@scoped(perm=Perm.COMMAND_VIEW)
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    return documents.xlsx_response(report)


@scoped(perm=Perm.BOUNDARIES_MANAGE)
def boundaries(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    form = BoundaryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.boundaries_load(
                actor=request.user,
                jurisdiction=access_for(request).jurisdiction,
                unit=unit,
                name=form.cleaned_data["name"],
                content=form.cleaned_data["file"].read(boundary_files.MAX_BYTES + 1),  # the rest is not read
                schematic=form.cleaned_data["schematic"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã nạp bản đồ ranh giới."))
            return redirect(f"{reverse('command:dashboard')}?don-vi={unit.pk}")
    status = 400 if form.errors else 200
    return render(request, "command/boundaries.html", {"unit": unit, "form": form}, status=status)
