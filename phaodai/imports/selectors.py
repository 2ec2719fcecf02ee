"""Reads of imports: batches in the user's area, their progress, their problem rows and candidates."""

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q, QuerySet

from phaodai.core.scoping import Jurisdiction, get_in_scope_or_404
from phaodai.imports.models import BatchStatus, ImportBatch, Phase, RowStatus, StagedRow
from phaodai.people.models import Person

PROBLEMS_SHOWN = 200
# Share of the bar each phase fills: reading the file is most of the work.
_WEIGHTS = {Phase.READ: 55, Phase.CHECK: 10, Phase.PEOPLE: 10, Phase.RECORDS: 20, Phase.FINISH: 5}


def batch_list(*, jurisdiction: Jurisdiction) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.visible_to(jurisdiction).select_related("unit", "created_by")


def batch_get(*, jurisdiction: Jurisdiction, pk: object) -> ImportBatch:
    return get_in_scope_or_404(batch_list(jurisdiction=jurisdiction), jurisdiction=jurisdiction, pk=pk)  # type: ignore[arg-type]


def progress(batch: ImportBatch) -> int:
    """Percent done, from the phase reached and the share of it done."""
    if batch.status == BatchStatus.DONE:
        return 100
    phases = list(_WEIGHTS)
    index = phases.index(Phase(batch.phase))
    done: float = sum(_WEIGHTS[phase] for phase in phases[:index])
    if batch.phase == Phase.READ and batch.rows_total:
        done += _WEIGHTS[Phase.READ] * min(batch.rows_read / batch.rows_total, 1)
    if batch.phase == Phase.RECORDS and batch.rows_valid:
        done += _WEIGHTS[Phase.RECORDS] * min(batch.rows_done / batch.rows_valid, 1)
    return int(done)


def problem_rows(*, batch: ImportBatch) -> QuerySet[StagedRow]:
    """The first rows refused or waiting for review, in file order."""
    rows = StagedRow.objects.filter(batch=batch, status__in=(RowStatus.INVALID, RowStatus.REVIEW))
    return rows.order_by("number")[:PROBLEMS_SHOWN]


def row_tally(*, batch: ImportBatch) -> dict[int, int]:
    """How many of the batch's rows have each status."""
    rows = StagedRow.objects.filter(batch=batch).values_list("status").annotate(n=Count("pk")).order_by()
    return dict(rows)


def row_counters(*, batch: ImportBatch) -> dict[str, int]:
    """The batch's row counters as its fields name them, recounted from its rows."""
    tally = row_tally(batch=batch)
    return {
        "rows_done": tally.get(RowStatus.VALID, 0),
        "rows_invalid": tally.get(RowStatus.INVALID, 0),
        "rows_review": tally.get(RowStatus.REVIEW, 0),
        "rows_existing": tally.get(RowStatus.EXISTING, 0),
    }


CANDIDATES_SHOWN = 5


def _may_mean(row: StagedRow, person: Person) -> bool:
    if row.national_id and person.national_id == row.national_id:
        return True
    same_name = (person.name_folded, person.birth_year) == (row.name_folded, row.birth_year)
    return same_name and person.unit_path.startswith(row.place_path)


def review_candidates(*, rows: list[StagedRow], jurisdiction: Jurisdiction) -> dict[int, list[Person]]:
    """Who the registry might mean by each row sent to review (same CCCD, or same name and birth year in
    the commune), for all the rows in one query."""
    if not rows:
        return {}
    wanted = Q(national_id__in={r.national_id for r in rows if r.national_id}) | Q(
        name_folded__in={r.name_folded for r in rows}, birth_year__in={r.birth_year for r in rows}
    )
    persons = list(Person.objects.visible_to(jurisdiction).filter(wanted).select_related("unit"))
    return {row.pk: [p for p in persons if _may_mean(row, p)][:CANDIDATES_SHOWN] for row in rows}


def outcomes(*, batch: ImportBatch) -> Iterator[tuple[int, int, str]]:
    """(row number, status, errors) of every staged row in file order."""
    rows = StagedRow.objects.filter(batch=batch).order_by("number").values_list("number", "status", "errors")
    return rows.iterator(chunk_size=5000)


def file_content(*, batch: ImportBatch) -> bytes:
    return bytes(batch.file.content)


def with_outcomes(
    body: Iterator[tuple[int, list[Any]]], results: Iterator[tuple[int, int, str]]
) -> Iterator[tuple[list[Any], str, str]]:
    """Merge the file's rows with their outcomes (both in row order): (cells, outcome, errors)."""
    pending = next(results, None)
    for number, cells in body:
        while pending is not None and pending[0] < number:
            pending = next(results, None)
        if pending is not None and pending[0] == number:
            yield cells, str(RowStatus(pending[1]).label), pending[2]
        else:
            yield cells, "", ""
