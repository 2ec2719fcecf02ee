"""The import job: one batch through its phases, resumable at any point (see ``imports.models``).

A run claims the batch (queued, or running with a heartbeat older than ``PHAODAI_IMPORT_STALE_SECONDS``:
its worker died) and writes every checkpoint only while it still holds the claim, so two runs never
write the same batch. Each phase commits whole or by chunks of row numbers with its checkpoint.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from phaodai.core import audit, clock
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction
from phaodai.imports import selectors
from phaodai.imports.checking import match_persons
from phaodai.imports.kinds import kind_get
from phaodai.imports.lookups import Lookups
from phaodai.imports.mapping import columns
from phaodai.imports.models import BatchStatus, ImportBatch, ImportFile, Phase, RowStatus, StagedRow
from phaodai.imports.newpeople import drop_unused_new_persons, last_person_id
from phaodai.imports.reading import read_rows
from phaodai.imports.staging import RowParser, refresh_statistics, stage


class ClaimLostError(Exception):
    """Another run took the batch over (this one was presumed dead): stop without writing."""


def _stale_before() -> dt.datetime:
    return clock.now() - dt.timedelta(seconds=settings.PHAODAI_IMPORT_STALE_SECONDS)


def claimable() -> Q:
    return Q(status=BatchStatus.QUEUED) | Q(status=BatchStatus.RUNNING, heartbeat_at__lt=_stale_before())


def _claim(batch_id: int, token: str) -> bool:
    return (
        ImportBatch.objects.filter(claimable(), pk=batch_id).update(
            status=BatchStatus.RUNNING, claim=token, heartbeat_at=clock.now()
        )
        == 1
    )


def _save(batch: ImportBatch, **values: object) -> None:
    """Record progress, in the caller's transaction, only while this run holds the batch."""
    for name, value in values.items():
        setattr(batch, name, value)
    if not ImportBatch.objects.filter(pk=batch.pk, claim=batch.claim).update(
        heartbeat_at=clock.now(), **values
    ):
        raise ClaimLostError(batch.pk)


def _read(batch: ImportBatch) -> None:
    content = bytes(ImportFile.objects.get(batch=batch).content)
    rows = read_rows(content, batch.file_format)
    parser = RowParser(
        batch=batch,
        columns=columns(batch.kind, batch.mapping),
        lookups=Lookups(root=batch.unit, today=clock.today()),
    )
    stage(batch=batch, body=rows.body, parser=parser, save=_save)
    refresh_statistics()
    with transaction.atomic():
        _save(batch, phase=Phase.CHECK, rows_total=batch.rows_read)


@transaction.atomic
def _check(batch: ImportBatch) -> None:
    match_persons(batch)
    refresh_statistics()  # rows now point at their persons: the person index is worth using
    _save(batch, phase=Phase.PEOPLE)


@transaction.atomic
def _people(batch: ImportBatch) -> None:
    last_before = last_person_id()
    created = kind_get(batch.kind).writer.people(batch)
    created -= drop_unused_new_persons(batch, above=last_before)
    _save(batch, phase=Phase.RECORDS, persons_created=created, rows_valid=_count(batch, RowStatus.VALID))


def _count(batch: ImportBatch, status: RowStatus) -> int:
    return StagedRow.objects.filter(batch=batch, status=status).count()


def _records(batch: ImportBatch) -> None:
    writer, size = kind_get(batch.kind).writer, settings.PHAODAI_IMPORT_CHUNK
    last = StagedRow.objects.filter(batch=batch).aggregate(m=Max("number"))["m"] or 0
    for low in range(batch.last_committed, last, size):
        high = min(low + size, last)
        with transaction.atomic():
            written = writer.write(batch, low, high, batch.created_by)
            _save(batch, last_committed=high, rows_done=batch.rows_done + written)
    with transaction.atomic():
        _save(batch, phase=Phase.FINISH)


@transaction.atomic
def _finish(batch: ImportBatch) -> None:
    writer = kind_get(batch.kind).writer
    writer.finish(batch)
    counters = selectors.row_counters(batch=batch)
    audit.record(
        actor=batch.created_by,
        action=AuditAction.BULK_LOAD,
        entity=writer.entity,
        unit_path=batch.unit_path,
        row_count=counters["rows_done"],
        summary=_("Nhập tệp «%(file)s» (lượt nhập số %(id)s): %(done)s dòng đã nhập, %(people)s người mới")
        % {
            "file": batch.file_name,
            "id": batch.pk,
            "done": counters["rows_done"],
            "people": batch.persons_created,
        },
    )
    _save(batch, status=BatchStatus.DONE, finished_at=clock.now(), **counters)


PHASES = {
    Phase.READ: _read,
    Phase.CHECK: _check,
    Phase.PEOPLE: _people,
    Phase.RECORDS: _records,
    Phase.FINISH: _finish,
}


def _staged_rows_lost(batch: ImportBatch) -> bool:
    """PostgreSQL empties the unlogged staging table after a crash: the file is read again."""
    return batch.phase != Phase.READ and not StagedRow.objects.filter(batch=batch).exists()


def run_batch(batch: ImportBatch) -> None:
    """Run the batch's phases from the one it stopped in."""
    if _staged_rows_lost(batch):
        with transaction.atomic():
            _save(batch, phase=Phase.READ, rows_read=0, last_committed=0, rows_done=0)
    while batch.status == BatchStatus.RUNNING:
        PHASES[Phase(batch.phase)](batch)


def _fail(batch: ImportBatch, message: str) -> None:
    ImportBatch.objects.filter(pk=batch.pk, claim=batch.claim).update(
        status=BatchStatus.FAILED, failure=message, finished_at=clock.now()
    )


def claim(batch_id: int) -> ImportBatch | None:
    """The batch, held by this run; None when it is not claimable (done, or alive elsewhere)."""
    token = uuid.uuid4().hex
    if not _claim(batch_id, token):
        return None
    return ImportBatch.objects.select_related("unit", "created_by").get(pk=batch_id)


@task
def import_run(batch_id: int) -> str:
    """Import one batch (claimed first: a second delivery, or a live run elsewhere, is left alone)."""
    batch = claim(batch_id)
    if batch is None:
        return "skipped"
    with translation.override(batch.language or settings.LANGUAGE_CODE):
        try:
            run_batch(batch)
        except ClaimLostError:
            return "taken over"
        except DomainError as error:  # the file itself cannot be read
            _fail(batch, error.message)
            return BatchStatus.FAILED.value
        except Exception:
            _fail(batch, _("Lỗi hệ thống khi xử lý tệp. Hãy thử lại hoặc báo quản trị hệ thống."))
            raise
    return BatchStatus.DONE.value
