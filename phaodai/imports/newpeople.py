"""People phase: the valid rows no existing person matched become new persons, one per person in the file.

A person created here whose rows the kind's later checks all refuse is removed again in the same
transaction (``drop_unused_new_persons``): a refused row saves nothing, not even its person.

Two rows of one file are one person when they share a CCCD, or (without one) the name, the birth date (or
year) and the commune: a dose file lists each person once per dose.
"""

from typing import Any

from django.db import connection
from django.db.models import Max

from phaodai.imports.models import ImportBatch, RowStatus, StagedRow
from phaodai.people.bulk import PersonRow, persons_insert
from phaodai.people.models import Person

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


def last_person_id() -> int:
    return Person.objects.aggregate(last=Max("id"))["last"] or 0


def drop_unused_new_persons(batch: ImportBatch, *, above: int) -> int:
    """Remove the persons this batch created (ids above ``above``) whose rows the kind's checks then all
    refused: such a person would be half of a refused row. Their rows forget them; how many went."""
    created = StagedRow.objects.filter(batch=batch, person_id__gt=above)
    kept = created.filter(status__in=(RowStatus.VALID, RowStatus.EXISTING)).values("person_id")
    unused = [
        pk for pk in created.exclude(person_id__in=kept).values_list("person_id", flat=True).distinct() if pk
    ]
    if unused:
        created.filter(person_id__in=unused).update(person_id=None)
        Person.objects.filter(pk__in=unused).delete()
    return len(unused)
