"""Writes of the exports app: every export is audited once (the list, its filters, how many rows,
masked or not); a long one becomes a background job whose file its requester downloads once, or that
expires after ``PHAODAI_EXPORT_KEEP_HOURS``."""

import datetime as dt
import re
import secrets
import time
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from phaodai.core import audit, clock, jobs
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction
from phaodai.exports.filters import FORMAT, ExportRequest
from phaodai.exports.models import ExportJob, ExportStatus, FileFormat
from phaodai.exports.writing import XLSX_MAX_ROWS, exports_dir, file_name
from phaodai.geo.models import AdminUnit
from phaodai.geo.selectors import top_units


def _check(request: ExportRequest, row_count: int) -> None:
    if request.file_format == FileFormat.XLSX and row_count > XLSX_MAX_ROWS:
        raise DomainError(
            _("Định dạng tệp: danh sách có %(rows)s dòng, quá số dòng một trang Excel chứa được "
              "(%(max)s). Hãy chọn CSV hoặc lọc bớt theo đơn vị, ngày.")
            % {"rows": f"{row_count:,}".replace(",", "."), "max": f"{XLSX_MAX_ROWS:,}".replace(",", ".")},
            field=FORMAT,
        )  # fmt: skip


def _place(request: ExportRequest) -> AdminUnit:
    """The unit the list was cut to, else the first unit of the requester's jurisdiction."""
    place = request.query.unit or top_units(jurisdiction=request.query.jurisdiction).first()
    if place is None:
        raise DomainError(_("Tài khoản của bạn chưa được gán địa bàn."))
    return place


def _audit(*, actor: Any, request: ExportRequest, row_count: int, job: ExportJob | None = None) -> None:
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        entity=request.line_list.entity,
        unit_path=_place(request).path,
        row_count=row_count,
        summary=_("Xuất danh sách %(list)s (%(format)s)")
        % {"list": request.line_list.title, "format": request.file_format},
        changes={
            "list": request.line_list.key,
            "format": request.file_format,
            "filters": request.params,
            "masked": request.query.masked,
            "job": job.pk if job else None,
        },
    )


def background(row_count: int) -> bool:
    """Longer lists are written by a job: a request that streams for minutes ties up a web worker."""
    return row_count > settings.PHAODAI_EXPORT_BACKGROUND_ROWS


@transaction.atomic
def export_direct(*, actor: Any, request: ExportRequest, row_count: int) -> None:
    """Record an export streamed in the request (the caller streams it once this returns)."""
    _check(request, row_count)
    _audit(actor=actor, request=request, row_count=row_count)


@transaction.atomic
def export_job_start(*, actor: Any, request: ExportRequest, row_count: int) -> ExportJob:
    """Queue a long export (``exports.jobs.export_run``) after commit; audited now, with its size."""
    from phaodai.exports.jobs import export_run  # the job module imports these services

    _check(request, row_count)
    place = _place(request)
    job = ExportJob.objects.create(
        unit=place,
        unit_path=place.path,
        list_key=request.line_list.key,
        file_format=request.file_format,
        params=request.params,
        masked=request.query.masked,
        total_rows=row_count,
        file_name=file_name(request),
        language=translation.get_language() or "",
        created_by=actor,
        created_at=clock.now(),
    )
    _audit(actor=actor, request=request, row_count=row_count, job=job)
    jobs.enqueue_on_commit(export_run, job.pk)
    return job


def export_job_file_path(job: ExportJob) -> str:
    """A name nobody can guess, under the exports directory (relative to it)."""
    return f"{job.pk}-{secrets.token_hex(8)}.{job.file_format}"


def export_job_download(*, actor: Any, job: ExportJob) -> IO[bytes] | None:
    """The finished file, opened for its requester once: the row is claimed (a conditional UPDATE, so
    two clicks do not both get it) and the file leaves the disk as it is handed over. None if it was
    already downloaded, is not finished, or is gone."""
    path = exports_dir() / job.file_path
    if job.created_by_id != getattr(actor, "pk", None) or not job.file_path or not path.is_file():
        return None
    claimed = jobs.claim(
        ExportJob.objects.filter(status=ExportStatus.DONE),
        pk=job.pk,
        field="downloaded_at",
        expected=None,
        new=clock.now(),
    )
    if not claimed:
        return None
    handle = path.open("rb")
    path.unlink()  # the open handle keeps the bytes until the response has sent them
    return handle


# The files the export job writes (``export_job_file_path``, and the ``.part`` of one being written):
# the cleanup deletes nothing else, whatever else the directory holds.
_JOB_FILE = re.compile(r"\d+-[0-9a-f]{16}\.(csv|xlsx)(\.part)?")


def _expire_jobs(before: dt.datetime) -> int:
    """Mark expired the written files nobody downloaded before ``before``, deleting each; a download
    that claims the job first keeps it (both claim the row with a conditional UPDATE)."""
    expired = 0
    stale = ExportJob.objects.filter(status=ExportStatus.DONE, downloaded_at=None, finished_at__lt=before)
    for pk, relative in stale.values_list("pk", "file_path"):
        if jobs.claim(
            ExportJob.objects.filter(downloaded_at=None),
            pk=pk,
            field="status",
            expected=ExportStatus.DONE,
            new=ExportStatus.EXPIRED,
            file_path="",
        ):
            expired += 1
            if relative:
                (exports_dir() / relative).unlink(missing_ok=True)
    return expired


def _delete_stray_files(hours: int) -> None:
    """Files no job row points to any more (a run killed while writing leaves its ``.part``), by their
    age on the disk's own clock (``clock.now`` may be pinned to another day)."""
    directory = exports_dir()
    if not directory.is_dir():
        return
    before = time.time() - hours * 3600
    for path in directory.iterdir():
        if _JOB_FILE.fullmatch(path.name) and path.stat().st_mtime < before:
            path.unlink(missing_ok=True)


@transaction.atomic
def export_files_expire(*, actor: Any = None) -> int:
    """Delete the export files older than ``PHAODAI_EXPORT_KEEP_HOURS`` that nobody downloaded, marking
    their jobs expired (audited once); how many jobs expired."""
    hours = settings.PHAODAI_EXPORT_KEEP_HOURS
    expired = _expire_jobs(clock.now() - dt.timedelta(hours=hours))
    _delete_stray_files(hours)
    if expired:
        audit.record(
            actor=actor,
            action=AuditAction.DELETE,
            entity=ExportJob._meta.label_lower,
            row_count=expired,
            summary=_("Xoá %(count)s tệp xuất danh sách quá %(hours)s giờ chưa ai tải về")
            % {"count": expired, "hours": hours},
        )
    return expired
