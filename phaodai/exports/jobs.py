"""Background jobs of the exports app (see ``phaodai.core.jobs`` for the rules every job follows)."""

from django.conf import settings
from django.http import Http404
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from phaodai.core import clock, jobs
from phaodai.core.access import access_for_user
from phaodai.core.errors import DomainError
from phaodai.core.permissions import Perm
from phaodai.exports import selectors, services
from phaodai.exports.filters import ExportRequest, read_filters
from phaodai.exports.models import ExportJob, ExportStatus
from phaodai.exports.registry import line_list_get
from phaodai.exports.writing import Tally, exports_dir, write_file


def _request(job: ExportJob) -> ExportRequest:
    """The export as its requester may see it now: their jurisdiction today, masked if they were masked
    when they asked or have lost the right to the full numbers since."""
    access = access_for_user(job.created_by)
    line_list = line_list_get(job.list_key)
    if not access.can(line_list.permission):
        raise DomainError(_("Bạn không còn quyền xuất danh sách này."))
    try:
        return read_filters(
            line_list,
            {**job.params, "dinh-dang": job.file_format},
            jurisdiction=access.jurisdiction,
            today=timezone.localdate(job.created_at),
            masked=job.masked or not access.can(Perm.IDENTIFIERS_EXPORT),
        )
    except Http404 as exc:
        raise DomainError(_("Đơn vị đã chọn không còn thuộc địa bàn của bạn.")) from exc


def _progress(job_id: int, written: int) -> None:
    ExportJob.objects.filter(pk=job_id).update(rows_written=written)


def _finish(job_id: int, status: str, **values: object) -> None:
    ExportJob.objects.filter(pk=job_id).update(status=status, finished_at=clock.now(), **values)


@task
def export_run(job_id: int) -> str:
    """Write one export's file; runs once per job (it claims the row, pending → running, first)."""
    if not jobs.claim(
        ExportJob.objects.all(),
        pk=job_id,
        field="status",
        expected=ExportStatus.PENDING,
        new=ExportStatus.RUNNING,
    ):
        return "skipped"
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            request = _request(job)
            directory = exports_dir()
            directory.mkdir(parents=True, exist_ok=True)
            relative = services.export_job_file_path(job)
            tally = Tally(lambda count: _progress(job_id, count))
            rows = selectors.export_rows(request).iterator(chunk_size=selectors.CHUNK_SIZE)
            write_file(request, tally.over(rows), directory / relative)
        except DomainError as error:
            _finish(job_id, ExportStatus.FAILED, error=error.message[:255])
            return ExportStatus.FAILED.value
        except Exception:
            # Not the request's fault: say so, and let the worker record the traceback.
            _finish(job_id, ExportStatus.FAILED, error=_("Lỗi hệ thống khi ghi tệp. Hãy thử xuất lại."))
            raise
    _finish(job_id, ExportStatus.DONE, rows_written=tally.count, file_path=relative)
    return ExportStatus.DONE.value
