"""Background jobs of the geo app (see ``phaodai.core.jobs`` for the rules every job follows)."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from phaodai.core import clock, jobs
from phaodai.core.errors import DomainError
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import ImportStatus, PopulationImport
from phaodai.geo.services import population_import_csv

# Enough to fix a file by; a 5 MB file of bad rows would otherwise store a million messages.
STORED_ERRORS_MAX = 1000


def _finish(import_id: int, status: str, **values: Any) -> None:
    PopulationImport.objects.filter(pk=import_id).update(status=status, finished_at=clock.now(), **values)


def _messages(error: DomainError) -> list[str]:
    return [message for messages in error.errors.values() for message in messages] or [error.message]


@task
def population_import_run(import_id: int) -> str:
    """Import one uploaded population file; the file's unit is the jurisdiction its rows must lie in.

    Runs once per import: it claims the row (pending → running) before anything else, so a second
    delivery of the same id, or an import already finished, is left alone.
    """
    if not jobs.claim(
        PopulationImport.objects.all(),
        pk=import_id,
        field="status",
        expected=ImportStatus.PENDING,
        new=ImportStatus.RUNNING,
    ):
        return "skipped"
    upload = PopulationImport.objects.select_related("created_by").get(pk=import_id)
    with translation.override(upload.language or settings.LANGUAGE_CODE):
        try:
            with transaction.atomic():  # the rows and "done" commit together
                count = population_import_csv(
                    actor=upload.created_by,
                    content=bytes(upload.content),
                    jurisdiction=Jurisdiction.of([upload.unit_path]),
                )
                _finish(import_id, ImportStatus.DONE, row_count=count)
        except DomainError as error:
            messages = _messages(error)
            _finish(
                import_id,
                ImportStatus.FAILED,
                errors=messages[:STORED_ERRORS_MAX],
                error_count=len(messages),
            )
            return ImportStatus.FAILED.value
        except Exception:
            # Not the file's fault: say so, and let the worker record the traceback.
            _finish(
                import_id,
                ImportStatus.FAILED,
                errors=[_("Lỗi hệ thống khi xử lý tệp. Hãy thử tải lên lại hoặc báo quản trị hệ thống.")],
                error_count=1,
            )
            raise
    return ImportStatus.DONE.value
