"""Pages: directives and their tasks, ingestion (paste → review → confirm), a unit's inbox, the overdue and
due-soon lists, progress reports, closure and the compliance table."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.htmx import render_page
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import is_digits
from phaodai.directives import mapping, selectors, services
from phaodai.directives.forms import (
    DirectiveForm,
    PasteForm,
    ReportForm,
    TaskFormSet,
    attachment,
    task_inputs,
)
from phaodai.directives.models import Assignment, Directive
from phaodai.directives.parsing import parse
from phaodai.directives.proposal import propose
from phaodai.directives.reference import AssignmentStatus

PAGE_SIZE = 25


def _page(request: HttpRequest, rows: Any) -> Any:
    return CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


@scoped(perm=Perm.DIRECTIVES_VIEW)
def directive_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    directives = selectors.directive_list(jurisdiction=access.jurisdiction)
    context = {
        "page": _page(request, directives),
        "query_prefix": query_prefix(request),
        "can_manage": access.can(Perm.DIRECTIVES_MANAGE),
    }
    return render_page(request, "directives/directive_list.html", "rows", context)


def _may_close(access: Any, directive: Directive) -> bool:
    return access.can(Perm.DIRECTIVES_MANAGE) and access.jurisdiction.contains(directive.unit_path)


@scoped(perm=Perm.DIRECTIVES_VIEW)
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    directive = selectors.directive_get(jurisdiction=access.jurisdiction, pk=pk)
    context = {
        "directive": directive,
        "tasks": selectors.directive_tasks(directive=directive, jurisdiction=access.jurisdiction),
        "can_close": _may_close(access, directive),
        "my_organisation": access.organisation_id,
        "can_report": access.can(Perm.TASKS_REPORT),
    }
    return render(request, "directives/directive_detail.html", context)


def _download(name: str, content: Any) -> HttpResponse:
    response = HttpResponse(bytes(content or b""), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name or "tep")
    return response


@scoped(perm=Perm.DIRECTIVES_VIEW)
def directive_file(request: HttpRequest, pk: int) -> HttpResponse:
    directive = selectors.directive_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    return _download(directive.file_name, directive.file_content)


@scoped(perm=Perm.DIRECTIVES_VIEW)
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    return _download(report.file_name, report.file_content)


# --- Ingestion: paste or upload → review the proposal → confirm ---------------------------------------


def _review_forms(jurisdiction: Jurisdiction, **kwargs: Any) -> tuple[DirectiveForm, Any]:
    organisations = mapping.assignable(jurisdiction=jurisdiction)
    directive_form = DirectiveForm(organisations=organisations, **kwargs.get("directive", {}))
    formset = TaskFormSet(
        form_kwargs={"organisations": organisations}, prefix="tasks", **kwargs.get("tasks", {})
    )
    return directive_form, formset


def _review(request: HttpRequest, directive_form: DirectiveForm, formset: Any) -> HttpResponse:
    return render(request, "directives/ingest_review.html", {"form": directive_form, "formset": formset})


@scoped(perm=Perm.DIRECTIVES_MANAGE)
def ingest(request: HttpRequest) -> HttpResponse:
    """Step 1: the text. A valid post shows the proposal to review; nothing is saved yet."""
    access = access_for(request)
    posted = request.method == "POST"
    form = PasteForm(request.POST if posted else None, request.FILES if posted else None)
    if not (posted and form.is_valid()):
        return render(request, "directives/ingest_paste.html", {"form": form})
    text = form.cleaned_data["text"]
    candidates = mapping.candidates(jurisdiction=access.jurisdiction)
    issuer = next((org for org in candidates if org.pk == access.organisation_id), None)
    proposal = propose(parse(text), text=text, issuer=issuer, candidates=candidates)
    directive_form, formset = _review_forms(
        access.jurisdiction, directive={"initial": proposal.directive}, tasks={"initial": proposal.tasks}
    )
    return _review(request, directive_form, formset)


def _save(request: HttpRequest, directive_form: DirectiveForm, formset: Any) -> HttpResponse | None:
    kept = task_inputs(formset, directive_form.year())
    try:
        directive = services.directive_create(
            actor=request.user,
            jurisdiction=access_for(request).jurisdiction,
            data=directive_form.to_input([task for _form, task in kept]),
        )
    except DomainError as error:
        _show(error, directive_form, [form for form, _input in kept])
        return None
    messages.success(request, _("Đã lưu văn bản và giao %(count)s nhiệm vụ.") % {"count": len(kept)})
    return redirect("directives:detail", pk=directive.pk)


def _show(error: DomainError, directive_form: DirectiveForm, task_forms: list[Any]) -> None:
    """A service refusal on the field it names: ``tasks-N-field`` on the N-th kept task's form."""
    for name, problems in error.errors.items():
        parts = name.split("-")
        if (
            parts[0] == "tasks"
            and len(parts) == 3
            and is_digits(parts[1])
            and int(parts[1]) < len(task_forms)
        ):
            form = task_forms[int(parts[1])]
            for problem in problems:
                form.add_error(parts[2] if parts[2] in form.fields else None, problem)
        else:
            directive_form.add_domain_error(DomainError(problems[0], errors={name: problems}))


@scoped(perm=Perm.DIRECTIVES_MANAGE)
@require_POST
def ingest_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: the reviewed proposal, saved in one transaction, or shown again with what is wrong."""
    bound = {"data": request.POST, "files": request.FILES}
    directive_form, formset = _review_forms(access_for(request).jurisdiction, directive=bound, tasks=bound)
    valid = [directive_form.is_valid(), formset.is_valid()]  # both, so that every error shows at once
    if all(valid) and (response := _save(request, directive_form, formset)):
        return response
    return _review(request, directive_form, formset)


# --- A unit's tasks ---------------------------------------------------------------------------------


@scoped(perm=Perm.DIRECTIVES_VIEW)
def inbox(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    status = request.GET.get("trang-thai", "")
    rows = selectors.inbox(
        jurisdiction=access.jurisdiction, organisation_id=access.organisation_id, status=status
    )
    context = {
        "page": _page(request, rows),
        "query_prefix": query_prefix(request),
        "status": status,
        "statuses": AssignmentStatus.choices,
        "notifications": list(
            selectors.notifications(organisation_id=access.organisation_id, unread_only=True)[:20]
        ),
        "today": clock.today(),
        "can_manage": access.can(Perm.DIRECTIVES_MANAGE),
    }
    return render_page(request, "directives/inbox.html", "rows", context)


@scoped(perm=Perm.DIRECTIVES_VIEW)
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    services.notifications_read(actor=request.user, organisation_id=access_for(request).organisation_id)
    return redirect("directives:inbox")


def _deadline_list(request: HttpRequest, rows: Any, title: str, empty: str) -> HttpResponse:
    context = {
        "page": _page(request, rows),
        "query_prefix": query_prefix(request),
        "title": title,
        "empty": empty,
        "today": clock.today(),
        "can_manage": access_for(request).can(Perm.DIRECTIVES_MANAGE),
    }
    return render_page(request, "directives/assignment_list.html", "rows", context)


@scoped(perm=Perm.DIRECTIVES_VIEW)
def overdue(request: HttpRequest) -> HttpResponse:
    rows = selectors.overdue(jurisdiction=access_for(request).jurisdiction, today=clock.today())
    return _deadline_list(request, rows, _("Nhiệm vụ quá hạn"), _("Không có nhiệm vụ quá hạn trong địa bàn."))


@scoped(perm=Perm.DIRECTIVES_VIEW)
def due_soon(request: HttpRequest) -> HttpResponse:
    rows = selectors.due_soon(jurisdiction=access_for(request).jurisdiction, today=clock.today())
    return _deadline_list(
        request,
        rows,
        _("Nhiệm vụ sắp đến hạn (7 ngày tới)"),
        _("Không có nhiệm vụ nào đến hạn trong 7 ngày tới."),
    )


@scoped(perm=Perm.DIRECTIVES_VIEW)
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit's part of a task: its reports, the report form for the unit, closure for the issuer."""
    access = access_for(request)
    assignment = selectors.assignment_get(jurisdiction=access.jurisdiction, pk=pk)
    own = assignment.organisation_id == access.organisation_id and access.can(Perm.TASKS_REPORT)
    posted = request.method == "POST"
    if posted and not own:
        raise PermissionDenied
    form = ReportForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid() and (response := _report(request, form, assignment)):
        return response
    return _assignment_page(request, assignment, form if own else None)


def _assignment_page(request: HttpRequest, assignment: Assignment, form: ReportForm | None) -> HttpResponse:
    context = {
        "assignment": assignment,
        "task": assignment.task,
        "reports": list(selectors.reports_of(assignment=assignment)),
        "form": form if assignment.status != AssignmentStatus.CLOSED else None,
        "can_close": _may_close(access_for(request), assignment.task.directive),
    }
    return render(request, "directives/assignment_detail.html", context)


def _report(request: HttpRequest, form: ReportForm, assignment: Assignment) -> HttpResponse | None:
    try:
        services.progress_report(
            actor=request.user,
            organisation_id=access_for(request).organisation_id,
            assignment=assignment,
            text=form.cleaned_data["text"],
            done=form.cleaned_data["done"],
            file=attachment(form.cleaned_data.get("file")),
        )
    except DomainError as error:
        form.add_domain_error(error)
        return None
    messages.success(request, _("Đã gửi báo cáo tiến độ."))
    return redirect("directives:assignment", pk=assignment.pk)


@scoped(perm=Perm.DIRECTIVES_MANAGE)
@require_POST
def assignment_close(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    assignment = selectors.assignment_get(jurisdiction=access.jurisdiction, pk=pk)
    try:
        services.assignment_close(actor=request.user, jurisdiction=access.jurisdiction, assignment=assignment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Đã kết thúc nhiệm vụ %(ref)s của %(unit)s.")
            % {"ref": assignment.task.ref, "unit": assignment.organisation.name},
        )
    return redirect("directives:detail", pk=assignment.task.directive_id)


@scoped(perm=Perm.DIRECTIVES_MANAGE)
def compliance(request: HttpRequest) -> HttpResponse:
    rows = selectors.compliance(jurisdiction=access_for(request).jurisdiction, today=clock.today())
    return render(request, "directives/compliance.html", {"rows": rows, "today": clock.today()})
