"""People phase: the valid rows no existing person matched become new persons, one per person in the file.

Two rows of one file are one person when they share a CCCD, or (without one) the name, the birth date (or
year) and the commune: a dose file lists each person once per dose.
"""

from typing import Any

from django.db import connection

from phaodai.imports.models import ImportBatch, RowStatus, StagedRow
from phaodai.people.bulk import PersonRow, persons_insert

_FIELDS = (
    "id", "national_id", "name_folded", "birth_date", "birth_year", "place_path", "full_name", "sex",
    "unit_id", "phone", "address",
)  # fmt: skip


def _key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    _pk, national_id, folded, birth_date, birth_year, unit_path = row[:6]
    return (national_id,) if national_id else (folded, birth_date or birth_year, unit_path)


def _person(row: tuple[Any, ...]) -> PersonRow:
    _pk, national_id, _folded, birth_date, birth_year, unit_path, full_name, sex, unit_id, phone, address = (
        row
    )
    return PersonRow(
        full_name=full_name, birth_year=birth_year, sex=sex, unit_id=unit_id, unit_path=unit_path,
        birth_date=birth_date, national_id=national_id, phone=phone, address=address,
    )  # fmt: skip


def create_new_persons(batch: ImportBatch) -> int:
    """Insert the batch's new persons set-based and attach their rows to them; how many were created."""
    rows = StagedRow.objects.filter(batch=batch, status=RowStatus.VALID, person_id__isnull=True).order_by(
        "number"
    )
    groups: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for row in rows.values_list(*_FIELDS):
        groups.setdefault(_key(row), []).append(row)
    if not groups:
        return 0
    ids = persons_insert(_person(members[0]) for members in groups.values())
    pairs = [(pk, row[0]) for pk, members in zip(ids, groups.values(), strict=True) for row in members]
    with connection.cursor() as cursor:
        cursor.executemany("UPDATE imports_stagedrow SET person_id = %s WHERE id = %s", pairs)
    return len(ids)
