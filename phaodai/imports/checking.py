"""Set-based checks of a staged batch: one statement per rule over all its rows.

Persons are matched as the registry matches them (``people.services.person_create``): the same CCCD is
the same person, unless the name or birth year differ (then a person decides); without a CCCD match,
one person of the same name and full birth date in the commune is the same person; the same name and
birth year where one side lacks the full date is uncertain and goes to the review list, never guessed.
Statements run the same on PostgreSQL and SQLite (3.33+: ``UPDATE … FROM``).
"""

from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from phaodai.imports.models import ImportBatch, RowStatus
from phaodai.people.models import Person
from phaodai.vaccination.models import Dose

STAGED = "imports_stagedrow"
_SAME_COMMUNE = "substr(p.unit_path, 1, length(s.place_path)) = s.place_path"
_IDS_AGREE = "(s.national_id = '' OR p.national_id = '' OR p.national_id = s.national_id)"


def run(statement: str, params: list[Any]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            statement.format(
                staged=STAGED,
                person=Person._meta.db_table,
                dose=Dose._meta.db_table,
                same=_SAME_COMMUNE,
                ids=_IDS_AGREE,
            ),
            params,
        )
        return cursor.rowcount


def repeats_a_row_above(*same: str, where: str = "") -> str:
    """The condition "an earlier row of the file has the same ``same`` columns" (and meets ``where``, on
    alias ``o``), for :func:`mark`: the row is not the first of its group. Written as the group's first
    row number (an equality search on the batch's person index); ``EXISTS … o.number < s.number`` made
    SQLite walk the row-number index instead, quadratic in the file's rows."""
    conditions = "".join(f" AND o.{column} = s.{column}" for column in same) + (
        f" AND {where}" if where else ""
    )
    first = "SELECT MIN(o.number) FROM {staged} o WHERE o.batch_id = s.batch_id"
    return f"s.number > ({first}{conditions})"


def mark(
    batch: ImportBatch, status: RowStatus, message: str, where: str, params: list[Any] | None = None
) -> int:
    """Give ``status`` and ``message`` to the batch's still-valid rows (alias ``s``) matching ``where``."""
    statement = (
        "UPDATE {staged} AS s SET status = %s, errors = %s WHERE s.batch_id = %s AND s.status = %s AND "
    )
    return run(
        statement + where,
        [status, message, batch.pk, RowStatus.VALID, *(params or [])],
    )


def _conflicting_ids_in_file(batch: ImportBatch) -> None:
    mark(
        batch,
        RowStatus.INVALID,
        _("Cùng số CCCD với một dòng khác trong tệp nhưng khác họ tên hoặc năm sinh."),
        "s.national_id <> '' AND EXISTS (SELECT 1 FROM {staged} o WHERE o.batch_id = s.batch_id "
        "AND o.national_id = s.national_id "
        "AND (o.name_folded <> s.name_folded OR o.birth_year <> s.birth_year))",
    )


def _match_by_national_id(batch: ImportBatch) -> None:
    run(
        "UPDATE {staged} AS s SET person_id = p.id FROM {person} AS p "
        "WHERE s.batch_id = %s AND s.status = %s AND s.national_id <> '' AND p.national_id = s.national_id",
        [batch.pk, RowStatus.VALID],
    )
    mark(
        batch,
        RowStatus.REVIEW,
        _("Số CCCD đã có trong sổ của một người khác họ tên hoặc năm sinh: cần người kiểm tra."),
        "s.person_id IS NOT NULL AND EXISTS (SELECT 1 FROM {person} p WHERE p.id = s.person_id "
        "AND (p.name_folded <> s.name_folded OR p.birth_year <> s.birth_year))",
    )


_NAMESAKES = (
    "FROM {person} p WHERE p.name_folded = s.name_folded AND p.birth_year = s.birth_year AND {same} AND {ids}"
)


def _match_by_name_and_birth_date(batch: ImportBatch) -> None:
    exact = f"{_NAMESAKES} AND p.birth_date = s.birth_date"
    mark(
        batch,
        RowStatus.REVIEW,
        _("Có nhiều người cùng họ tên và ngày sinh ở xã này: cần người chọn đúng người."),
        f"s.person_id IS NULL AND s.birth_date IS NOT NULL AND (SELECT COUNT(*) {exact}) > 1",
    )
    run(
        f"UPDATE {{staged}} AS s SET person_id = (SELECT p.id {exact}) "  # noqa: S608 - our own fragments
        "WHERE s.batch_id = %s AND s.status = %s AND s.person_id IS NULL AND s.birth_date IS NOT NULL",
        [batch.pk, RowStatus.VALID],
    )


def _uncertain_namesakes(batch: ImportBatch) -> None:
    mark(
        batch,
        RowStatus.REVIEW,
        _("Có người cùng họ tên, năm sinh ở xã này nhưng thiếu ngày sinh để đối chiếu: cần người kiểm tra."),
        f"s.person_id IS NULL AND EXISTS (SELECT 1 {_NAMESAKES} "
        "AND (p.birth_date IS NULL OR s.birth_date IS NULL))",
    )


def match_persons(batch: ImportBatch) -> None:
    """Attach each valid row to its person, or send it to review; rows left without one are new people."""
    _conflicting_ids_in_file(batch)
    _match_by_national_id(batch)
    _match_by_name_and_birth_date(batch)
    _uncertain_namesakes(batch)
