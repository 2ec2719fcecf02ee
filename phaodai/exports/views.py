"""Exports of line lists: the page listing what the user may export, one form per list, and the
background jobs of long lists (status polled by htmx, file downloaded once by its requester)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.csvstream import stream_csv
from phaodai.core.errors import DomainError
from phaodai.core.htmx import render_page
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.core.xlsxstream import xlsx_file
from phaodai.exports import filters, registry, selectors, services
from phaodai.exports.models import FileFormat
from phaodai.exports.writing import columns_for, file_name, sheet_name
from phaodai.geo.models import UnitLevel
from phaodai.geo.selectors import unit_list

RECENT_JOBS = 20
UNITS_OFFERED = 2000


@scoped(perm=Perm.PEOPLE_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    """ "Xuất danh sách": the lists this user may export, and their own recent background exports."""
    access = access_for(request)
    context = {
        "line_lists": registry.exportable(access.can),
        "jobs": selectors.export_jobs(jurisdiction=access.jurisdiction, requester=request.user)[:RECENT_JOBS],
        "masked": not access.can(Perm.IDENTIFIERS_EXPORT),
    }
    return render(request, "exports/index.html", context)


def _line_list(request: HttpRequest, key: str) -> registry.LineList:
    line_list = registry.line_list_get(key)
    if not access_for(request).can(line_list.permission):
        raise PermissionDenied
    return line_list


def _form(request: HttpRequest, line_list: registry.LineList, errors: dict[str, list[str]]) -> HttpResponse:
    access = access_for(request)
    levels = (
        (UnitLevel.COMMUNE,)
        if line_list.commune_required
        else (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE)
    )
    data = request.POST if request.method == "POST" else request.GET
    context = {
        "line_list": line_list,
        "units": unit_list(jurisdiction=access.jurisdiction).filter(level__in=levels)[:UNITS_OFFERED],
        "options": [(option, data.get(option.param, option.default)) for option in line_list.options],
        "chosen": {
            "unit": data.get(filters.UNIT, ""),
            "since": data.get(filters.SINCE, ""),
            "until": data.get(filters.UNTIL, ""),
            "format": data.get(filters.FORMAT) or FileFormat.XLSX,
        },
        "errors": errors,
        "formats": FileFormat.choices,
        "masked": not access.can(Perm.IDENTIFIERS_EXPORT),
        "threshold": settings.PHAODAI_EXPORT_BACKGROUND_ROWS,
    }
    return render(request, "exports/form.html", context, status=400 if errors else 200)


def _stream(request: filters.ExportRequest, rows: Any) -> HttpResponseBase:
    columns, name = columns_for(request), file_name(request)
    if request.file_format == FileFormat.XLSX:
        workbook = xlsx_file(columns, rows, sheet_name=sheet_name(request))
        return FileResponse(workbook, as_attachment=True, filename=name)
    response = StreamingHttpResponse(stream_csv(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@scoped(perm=Perm.PEOPLE_VIEW)
def export(request: HttpRequest, key: str) -> HttpResponseBase:
    """The form of one list (GET, pre-filled from a list page's filters); POST exports it: streamed in
    the response when short, else written by a background job the user is sent to follow."""
    line_list = _line_list(request, key)
    if request.method != "POST":
        return _form(request, line_list, {})
    access = access_for(request)
    try:
        asked = filters.read_filters(
            line_list,
            request.POST,
            jurisdiction=access.jurisdiction,
            today=clock.today(),
            masked=not access.can(Perm.IDENTIFIERS_EXPORT),
        )
        rows = selectors.export_rows(asked)
        count = rows.count()
        if services.background(count):
            job = services.export_job_start(actor=request.user, request=asked, row_count=count)
            return redirect("exports:job", pk=job.pk)
        services.export_direct(actor=request.user, request=asked, row_count=count)
    except DomainError as error:
        return _form(request, line_list, error.errors)
    return _stream(asked, rows.iterator(chunk_size=selectors.CHUNK_SIZE))


@scoped(perm=Perm.PEOPLE_VIEW)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One background export: progress (htmx polls it until the file is written), then the download."""
    job = selectors.export_job_get(
        jurisdiction=access_for(request).jurisdiction, requester=request.user, pk=pk
    )
    context = {"job": job, "keep_hours": settings.PHAODAI_EXPORT_KEEP_HOURS}
    return render_page(request, "exports/job.html", "status", context)


@scoped(perm=Perm.PEOPLE_VIEW)
@require_POST
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file, once, to its requester; afterwards (or for anyone else) it does not exist. A POST: a
    link that a browser or a mail scanner prefetched would use up the one download."""
    job = selectors.export_job_get(
        jurisdiction=access_for(request).jurisdiction, requester=request.user, pk=pk
    )
    handle = services.export_job_download(actor=request.user, job=job)
    if handle is None:
        raise Http404
    return FileResponse(handle, as_attachment=True, filename=job.file_name)
