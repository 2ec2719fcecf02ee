"""Starting an import: the file kept with its batch, its columns mapped, the job queued after commit.

Only what can be decided at once is checked here (size, format, encoding, headers, the place); the rows
are read by the job (``imports.jobs``), so the person can leave the page and come back to the outcome.
Once it is over, the rows sent to review are imported as a person resolves them (``review_resolve``).
"""

import os
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from phaodai.core import audit, clock, jobs
from phaodai.core.cellvalues import header_key
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import nfc
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.geo.services import deployment_map
from phaodai.imports import mapping as columns_mapping
from phaodai.imports import selectors
from phaodai.imports.kinds import KINDS, kind_get
from phaodai.imports.models import (
    BatchStatus,
    ImportBatch,
    ImportFile,
    ImportTemplate,
    Phase,
    RowStatus,
    StagedRow,
)
from phaodai.imports.reading import file_format, read_rows
from phaodai.people.models import Person


def _read_upload(file: UploadedFile[bytes] | None) -> tuple[str, bytes]:
    limit = settings.PHAODAI_IMPORT_MAX_BYTES
    if file is None:
        raise DomainError(_("Hãy chọn tệp Excel (.xlsx) hoặc CSV để tải lên."), field="file")
    content = file.read(limit + 1)  # whatever size the client claims
    if len(content) > limit:
        raise DomainError(
            _("Tệp lớn hơn %(max)s MB: hãy chia thành nhiều tệp.") % {"max": limit // (1024 * 1024)},
            field="file",
        )
    if not content:
        raise DomainError(_("Tệp đã chọn không có dữ liệu."), field="file")
    return nfc(os.path.basename(file.name or ""))[:255], content


def _place(jurisdiction: Jurisdiction, unit: AdminUnit | None) -> AdminUnit:
    """The unit the file is for: the one chosen (in the jurisdiction), else the jurisdiction's only top."""
    if unit is not None:
        if (
            unit.level == UnitLevel.VILLAGE
            or unit.unit_map != deployment_map()
            or not jurisdiction.contains(unit.path)
        ):
            raise DomainError(_("Đơn vị này không thuộc địa bàn bạn quản lý."), field="unit")
        return unit
    tops = list(AdminUnit.objects.filter(unit_map=deployment_map(), path__in=jurisdiction.prefixes)[:2])
    if len(tops) != 1:
        raise DomainError(_("Hãy chọn địa bàn của tệp."), field="unit")
    return tops[0]


def _template_for(kind: str, headers: list[str], jurisdiction: Jurisdiction) -> ImportTemplate | None:
    """The newest saved template of this kind that knows every header of the file."""
    keys = {key for key in (header_key(h) for h in headers) if key}
    templates = ImportTemplate.objects.visible_to(jurisdiction).filter(kind=kind).order_by("-created_at")
    return next((t for t in templates[:50] if keys <= set(t.mapping)), None)


def _estimate_rows(content: bytes, fmt: str) -> int:
    return max(content.count(b"\n") - 1, 0) if fmt == "csv" else 0


@transaction.atomic
def import_start(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    kind: str,
    file: UploadedFile[bytes] | None,
    unit: AdminUnit | None,
) -> ImportBatch:
    """Keep the file and its batch; queue the job at once when every column is known, else wait for the
    mapping screen."""
    if kind not in KINDS:
        raise DomainError(_("Hãy chọn loại dữ liệu cần nhập."), field="kind")
    place = _place(jurisdiction, unit)
    name, content = _read_upload(file)
    fmt = file_format(name, content)
    rows = read_rows(content, fmt)
    template = _template_for(kind, rows.headers, jurisdiction)
    proposal = columns_mapping.propose(kind, rows.headers, template.mapping if template else None)
    batch = ImportBatch.objects.create(
        unit=place, unit_path=place.path, kind=kind, file_name=name, file_format=fmt, size=len(content),
        encoding=rows.encoding, headers=rows.headers, mapping=proposal.mapping, template=template,
        rows_total=_estimate_rows(content, fmt), language=translation.get_language() or "", created_by=actor,
        created_at=clock.now(),
    )  # fmt: skip
    ImportFile.objects.create(batch=batch, content=content)
    if proposal.complete:
        try:
            columns_mapping.check(
                kind, rows.headers, proposal.mapping, placed=place.level >= UnitLevel.COMMUNE
            )
        except DomainError:
            return batch  # the mapping screen shows what is missing
        _queue(batch)
    return batch


def _queue(batch: ImportBatch) -> None:
    from phaodai.imports.jobs import import_run  # the job module imports the services' modules

    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.QUEUED)
    batch.status = BatchStatus.QUEUED
    jobs.enqueue_on_commit(import_run, batch.pk)


@transaction.atomic
def mapping_save(
    *, actor: Any, batch: ImportBatch, mapping: dict[str, str], template_name: str = ""
) -> ImportBatch:
    """Accept the person's column mapping (refused with what is missing), optionally saved as a template."""
    if batch.status != BatchStatus.MAPPING:
        raise DomainError(_("Lượt nhập này đã được xử lý, không ghép cột lại được."))
    known = {str(index) for index in range(len(batch.headers))}
    mapping = {index: key for index, key in mapping.items() if index in known}
    columns_mapping.check(batch.kind, batch.headers, mapping, placed=batch.unit.level >= UnitLevel.COMMUNE)
    batch.mapping = mapping
    if template_name.strip():
        batch.template = ImportTemplate.objects.create(
            unit=batch.unit, unit_path=batch.unit_path, kind=batch.kind, name=nfc(template_name)[:120],
            mapping=columns_mapping.template_mapping(batch.headers, mapping), created_by=actor,
            created_at=clock.now(),
        )  # fmt: skip
    batch.save(update_fields=["mapping", "template"])
    _queue(batch)
    return batch


@transaction.atomic
def import_resume(*, actor: Any, batch: ImportBatch) -> bool:
    """Queue again a batch whose worker stopped (its heartbeat is stale); False when it is alive or over."""
    from phaodai.imports.jobs import import_run

    if not stalled(batch):
        return False
    jobs.enqueue_on_commit(import_run, batch.pk)
    return True


def stalled(batch: ImportBatch) -> bool:
    """A running batch whose worker has been silent too long (it died): someone may set it going again."""
    from phaodai.imports.jobs import claimable

    return (
        batch.status == BatchStatus.RUNNING and ImportBatch.objects.filter(claimable(), pk=batch.pk).exists()
    )


# A review row resolved to a new person rather than to one of its candidates.
NEW_PERSON = None


def _rows_to_resolve(
    batch: ImportBatch, choices: dict[int, int | None], jurisdiction: Jurisdiction
) -> list[StagedRow]:
    """The rows still waiting for review among those chosen, each checked against its choice: a candidate
    shown for it (so in the user's area), or a new person whose CCCD the registry does not hold yet."""
    rows = list(
        StagedRow.objects.filter(batch=batch, status=RowStatus.REVIEW, number__in=choices).order_by("number")
    )
    candidates = selectors.review_candidates(rows=rows, jurisdiction=jurisdiction)
    taken = set(
        Person.objects.filter(national_id__in={r.national_id for r in rows if r.national_id}).values_list(
            "national_id", flat=True
        )
    )
    for row in rows:
        chosen = choices[row.number]
        if chosen is NEW_PERSON and row.national_id in taken:
            raise DomainError(
                _("Dòng %(row)s: số CCCD %(id)s đã có trong sổ: hãy chọn người đó hoặc sửa tệp.")
                % {"row": row.number, "id": row.national_id},
                field=f"row-{row.number}",
            )
        if chosen is not NEW_PERSON and chosen not in {person.pk for person in candidates[row.pk]}:
            raise DomainError(
                _("Dòng %(row)s: hãy chọn một người trong danh sách có thể trùng.") % {"row": row.number},
                field=f"row-{row.number}",
            )
        row.person_id, row.status, row.errors = chosen, RowStatus.VALID, ""
    return rows


def _import_alone(batch: ImportBatch, rows: list[StagedRow], actor: Any) -> int:
    """Run the kind's people → write → finish over ``rows`` only, through a scratch batch that lives
    inside this transaction: a writer's checks and recounts act on every valid row of its batch, and
    the batch's other valid rows are written already. Returns how many persons were created."""
    writer = kind_get(batch.kind).writer
    scratch = ImportBatch.objects.create(
        unit=batch.unit, unit_path=batch.unit_path, kind=batch.kind, file_name=batch.file_name,
        file_format=batch.file_format, size=batch.size, encoding=batch.encoding, headers=batch.headers,
        mapping=batch.mapping, language=batch.language, status=BatchStatus.DONE, phase=Phase.PEOPLE,
        created_by=actor, created_at=clock.now(),
    )  # fmt: skip
    moved = StagedRow.objects.filter(pk__in=[row.pk for row in rows])
    moved.update(batch=scratch)
    created = writer.people(scratch)
    writer.write(scratch, 0, max(row.number for row in rows), actor)
    writer.finish(scratch)
    moved.update(batch=batch)
    scratch.delete()
    return created


@transaction.atomic
def review_resolve(
    *, actor: Any, batch: ImportBatch, jurisdiction: Jurisdiction, choices: dict[int, int | None]
) -> int:
    """Import the review rows a person resolved (row number → the candidate person's id, or ``NEW_PERSON``)
    through the batch's own writer, and bring the batch's counts up to date; rows resolved already (a
    second click) are left alone. Returns how many rows were resolved."""
    batch = ImportBatch.objects.select_for_update().select_related("unit").get(pk=batch.pk)
    if batch.status != BatchStatus.DONE:
        raise DomainError(_("Lượt nhập chưa xong: chờ xong rồi mới xem xét các dòng."))
    rows = _rows_to_resolve(batch, choices, jurisdiction)
    if not rows:
        return 0
    StagedRow.objects.bulk_update(rows, ["person_id", "status", "errors"])
    created = _import_alone(batch, rows, actor)
    counters = selectors.row_counters(batch=batch)
    ImportBatch.objects.filter(pk=batch.pk).update(
        persons_created=batch.persons_created + created, rows_valid=counters["rows_done"], **counters
    )
    imported = StagedRow.objects.filter(pk__in=[row.pk for row in rows], status=RowStatus.VALID).count()
    audit.record(
        actor=actor,
        action=AuditAction.BULK_LOAD,
        entity=kind_get(batch.kind).writer.entity,
        unit_path=batch.unit_path,
        row_count=len(rows),
        summary=_(
            "Xem xét %(rows)s dòng của lượt nhập số %(id)s: %(done)s dòng đã nhập, %(people)s người mới"
        )
        % {"rows": len(rows), "id": batch.pk, "done": imported, "people": created},
    )
    return len(rows)
