"""Pages of imports: upload, column mapping, progress and outcome, the file back with its errors."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.htmx import is_htmx, render_page
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.geo import selectors as geo_selectors
from phaodai.geo.models import UnitLevel
from phaodai.imports import errorfile, selectors, services
from phaodai.imports.kinds import fields_of, importable, kind_get
from phaodai.imports.models import BatchStatus, ImportBatch, RowStatus

PAGE_SIZE = 30


def _kinds(request: HttpRequest) -> list[tuple[str, str]]:
    access = access_for(request)
    return importable(access.can)


def _start(request: HttpRequest) -> ImportBatch:
    jurisdiction = access_for(request).jurisdiction
    kind = request.POST.get("kind", "")
    if kind not in dict(_kinds(request)):
        raise DomainError(_("Hãy chọn loại dữ liệu cần nhập."), field="kind")
    choice = request.POST.get("unit", "")
    unit = geo_selectors.unit_find(jurisdiction=jurisdiction, pk=choice) if choice else None
    if choice and unit is None:
        raise DomainError(_("Hãy chọn địa bàn trong danh sách."), field="unit")
    return services.import_start(
        actor=request.user, jurisdiction=jurisdiction, kind=kind, file=request.FILES.get("file"), unit=unit
    )


@scoped(perm=Perm.PEOPLE_EDIT)
def batch_list(request: HttpRequest) -> HttpResponse:
    """Upload a file and follow the recent imports of the area."""
    jurisdiction = access_for(request).jurisdiction
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            batch = _start(request)
        except DomainError as error:
            errors = error.errors
        else:
            return redirect("imports:batch", pk=batch.pk)
    context = {
        "page": CappedPaginator(selectors.batch_list(jurisdiction=jurisdiction), PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "query_prefix": query_prefix(request),
        "kinds": _kinds(request),
        "places": list(
            geo_selectors.placeable_units(jurisdiction=jurisdiction).exclude(level=UnitLevel.VILLAGE)[:500]
        ),
        "chosen": request.POST.get("unit", ""),
        "chosen_kind": request.POST.get("kind", ""),
        "errors": errors,
        "fields": {kind: list(fields_of(kind).values()) for kind, _label in _kinds(request)},
    }
    return render(request, "imports/batch_list.html", context)


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    """A batch in the user's area, of a kind they may import (a dose file needs the right to record
    doses: mapping or resuming it writes them)."""
    access = access_for(request)
    batch = selectors.batch_get(jurisdiction=access.jurisdiction, pk=pk)
    if not access.can(kind_get(batch.kind).permission):
        raise Http404
    return batch


def _context(request: HttpRequest, batch: ImportBatch, **extra: Any) -> dict[str, Any]:
    jurisdiction = access_for(request).jurisdiction
    finished = batch.status == BatchStatus.DONE
    problems = list(selectors.problem_rows(batch=batch)) if finished else []
    reviewed = [row for row in problems if row.status == RowStatus.REVIEW]
    candidates = selectors.review_candidates(rows=reviewed, jurisdiction=jurisdiction)
    for row in problems:
        row.candidates = candidates.get(row.pk, [])  # type: ignore[attr-defined]
    return {
        "batch": batch,
        "progress": selectors.progress(batch),
        "problems": problems,
        "reviewing": bool(reviewed),
        "REVIEW": RowStatus.REVIEW,
        "fields": list(fields_of(batch.kind).values()),
        "stalled": services.stalled(batch),
        **extra,
    }


@scoped(perm=Perm.PEOPLE_EDIT)
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's mapping screen while it waits for one, else its progress (htmx polls) and outcome."""
    batch = _batch(request, pk)
    return render_page(request, "imports/batch.html", "status", _context(request, batch))


@scoped(perm=Perm.PEOPLE_EDIT)
def batch_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    if request.method != "POST":
        return redirect("imports:batch", pk=pk)
    chosen = {str(i): request.POST.get(f"column-{i}", "") for i in range(len(batch.headers))}
    try:
        services.mapping_save(
            actor=request.user,
            batch=batch,
            mapping=chosen,
            template_name=request.POST.get("template_name", ""),
        )
    except DomainError as error:
        batch.mapping = chosen
        context = _context(request, batch, errors=error.errors)
        return render(request, "imports/batch.html", context, status=400)
    return redirect("imports:batch", pk=pk)


@scoped(perm=Perm.PEOPLE_EDIT)
def batch_resume(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    if request.method == "POST":
        if services.import_resume(actor=request.user, batch=batch):
            messages.success(request, _("Đã cho lượt nhập chạy tiếp từ chỗ đã dừng."))
        else:
            messages.info(request, _("Lượt nhập đang chạy hoặc đã xong: không cần chạy lại."))
    return redirect("imports:batch", pk=pk)


def _review_choices(request: HttpRequest) -> dict[int, int | None]:
    """Row number → the chosen candidate's id or ``NEW_PERSON``, from the ``row-<number>`` fields; a row
    left on «để sau» (empty) is not in it."""
    choices: dict[int, int | None] = {}
    for name in request.POST:
        number, value = name.removeprefix("row-"), request.POST.get(name, "")
        if number == name or not value:
            continue
        if not number.isdigit() or not (value == "new" or value.isdigit()):
            raise DomainError(_("Dòng %(row)s: lựa chọn không hợp lệ.") % {"row": number}, field=name)
        choices[int(number)] = services.NEW_PERSON if value == "new" else int(value)
    return choices


@scoped(perm=Perm.PEOPLE_EDIT)
def batch_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the review rows resolved on the batch page (a candidate, or a new person, for each)."""
    batch = _batch(request, pk)
    if request.method != "POST":
        return redirect("imports:batch", pk=pk)
    try:
        resolved = services.review_resolve(
            actor=request.user,
            batch=batch,
            jurisdiction=access_for(request).jurisdiction,
            choices=_review_choices(request),
        )
    except DomainError as error:
        response = render_page(
            request, "imports/batch.html", "status", _context(request, batch, errors=error.errors)
        )
        if not is_htmx(request):  # htmx swaps in successful answers only
            response.status_code = 400
        return response
    if resolved:
        notice = _("Đã xử lý %(rows)s dòng cần xem lại.") % {"rows": resolved}
    else:
        notice = _("Không có dòng nào mới được xem xét: hãy chọn người cho từng dòng cần xem lại.")
    if is_htmx(request):
        batch.refresh_from_db()
        return render_page(request, "imports/batch.html", "status", _context(request, batch, notice=notice))
    (messages.success if resolved else messages.info)(request, notice)
    return redirect("imports:batch", pk=pk)


@scoped(perm=Perm.PEOPLE_EDIT)
def batch_results(request: HttpRequest, pk: int) -> StreamingHttpResponse | FileResponse:
    """The file back with the outcome and errors of each row, in the format it was uploaded."""
    batch = _batch(request, pk)
    base = batch.file_name.rsplit(".", 1)[0] or "tep"
    if batch.file_format == "csv":
        response = StreamingHttpResponse(errorfile.error_csv(batch), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="ket-qua-{batch.pk}.csv"'
        return response
    return FileResponse(errorfile.error_xlsx(batch), as_attachment=True, filename=f"{base}-ket-qua.xlsx")
