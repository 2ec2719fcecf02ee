"""The set-based path into the person registry: the demo generator, imports and benchmarks use it.

Rows are inserted with COPY (PostgreSQL) or executemany (SQLite) together with their search tokens;
no per-row service runs, so callers validate first and one audit event records the whole batch.
"""

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.db import transaction

from phaodai.core import audit, clock
from phaodai.core.bulk import bulk_insert, next_ids, reset_sequence
from phaodai.core.models import AuditAction
from phaodai.core.text import fold, nfc, sort_key, tokens
from phaodai.people.models import Person, PersonNameToken

BATCH = 50_000
_PERSON_COLUMNS = (
    "id", "full_name", "name_sort", "name_folded", "birth_year", "birth_date", "sex", "national_id", "phone",
    "address", "ethnicity", "occupation", "workplace", "comorbidities", "pregnant", "household_id", "unit_id",
    "unit_path", "created_at", "updated_at",
)  # fmt: skip

_PATH = _PERSON_COLUMNS.index("unit_path")


@dataclass(frozen=True)
class PersonRow:
    """One person as a loader supplies it: already valid, phone and ID already normalised."""

    full_name: str
    birth_year: int
    sex: str
    unit_id: int
    unit_path: str
    birth_date: dt.date | None = None
    national_id: str = ""
    phone: str = ""
    address: str = ""
    ethnicity: str = "01"
    occupation: str = ""
    workplace: str = ""
    comorbidities: tuple[str, ...] = ()
    pregnant: bool = False
    household_id: int | None = None


def _batches(rows: Iterable[PersonRow]) -> Iterator[list[PersonRow]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _person_tuple(pk: int, row: PersonRow, now: dt.datetime) -> tuple[Any, ...]:
    name = nfc(row.full_name)
    return (
        pk, name, sort_key(name), fold(name), row.birth_year, row.birth_date, row.sex, row.national_id,
        row.phone, nfc(row.address), row.ethnicity, row.occupation, row.workplace,
        json.dumps(list(row.comorbidities)), row.pregnant, row.household_id, row.unit_id, row.unit_path,
        now, now,
    )  # fmt: skip


def _insert_batch(batch: list[PersonRow], now: dt.datetime) -> range:
    ids = next_ids(Person, len(batch))
    persons = [_person_tuple(pk, row, now) for pk, row in zip(ids, batch, strict=True)]
    bulk_insert(Person, _PERSON_COLUMNS, persons)
    bulk_insert(
        PersonNameToken,
        ("person_id", "token", "unit_path"),
        ((person[0], token[:40], person[_PATH]) for person in persons for token in tokens(person[1])),
    )
    return ids


def persons_insert(rows: Iterable[PersonRow]) -> list[int]:
    """Insert already-validated persons and their name tokens; their ids in the order of ``rows``.

    No audit event: the caller writes one for its whole load, in the same transaction."""
    now = clock.now()
    ids = [pk for batch in _batches(rows) for pk in _insert_batch(batch, now)]
    reset_sequence(Person)
    return ids


@transaction.atomic
def persons_bulk_load(*, actor: Any, rows: Iterable[PersonRow], summary: str, unit_path: str = "") -> int:
    """Insert already-validated persons and their name tokens; one audit event for the whole load."""
    count = len(persons_insert(rows))
    audit.record(
        actor=actor,
        action=AuditAction.BULK_LOAD,
        entity="people.person",
        unit_path=unit_path,
        row_count=count,
        summary=summary,
    )
    return count
