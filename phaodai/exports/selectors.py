"""Reads of the exports app: an export's rows, and the requester's own export jobs."""

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from phaodai.core.scoping import Jurisdiction, get_in_scope_or_404
from phaodai.exports.columns import fields_of
from phaodai.exports.filters import ExportRequest
from phaodai.exports.models import ExportJob

CHUNK_SIZE = 2000  # rows per fetch: memory stays flat however long the list


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _dated(rows: QuerySet[Any], field: str, since: dt.date | None, until: dt.date | None) -> QuerySet[Any]:
    """Rows whose ``field`` falls on the days from ``since`` to ``until`` (a moment: in local days)."""
    if not field:
        return rows
    moment = isinstance(rows.model._meta.get_field(field), models.DateTimeField)
    if since is not None:
        rows = rows.filter(**{f"{field}__gte": _start_of(since) if moment else since})
    if until is not None:
        end = until + dt.timedelta(days=1)
        rows = rows.filter(**{f"{field}__lt": _start_of(end) if moment else end})
    return rows


def export_rows(request: ExportRequest) -> QuerySet[Any, dict[str, Any]]:
    """The list's rows as the owning app's selector gives them (scoped, in the page's order), cut to the
    unit and the days asked for, reading only the fields the columns need."""
    line_list, query = request.line_list, request.query
    rows = line_list.rows(query)
    if query.unit is not None:
        rows = rows.filter(Jurisdiction.of([query.unit.path]).q())
    rows = _dated(rows, line_list.date_field, query.since, query.until)
    return rows.values(*fields_of(line_list.columns(query)))


def export_jobs(*, jurisdiction: Jurisdiction, requester: Any) -> QuerySet[ExportJob]:
    """The requester's own export jobs, newest first: nobody else sees them, not even their colleagues."""
    return (
        ExportJob.objects.visible_to(jurisdiction)
        .filter(created_by=requester)
        .select_related("unit")
        .order_by("-created_at", "-pk")
    )


def export_job_get(*, jurisdiction: Jurisdiction, requester: Any, pk: object) -> ExportJob:
    """One of the requester's jobs; anyone else's (or one out of scope) does not exist (404)."""
    return get_in_scope_or_404(
        ExportJob.objects.filter(created_by=requester).select_related("unit"),
        jurisdiction=jurisdiction,
        pk=pk,
    )
