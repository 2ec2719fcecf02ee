"""One row read or inserted with a prepared statement (the barrier's hot path) is the row the ORM would
read or write (that no receiver misses the rows written without signals is pinned where they are
written: ``checkpoints/tests/test_passage_hot_path.py``)."""

import datetime as dt

import pytest
from django.utils import timezone

from phaodai.core.models import AuditAction, AuditEvent
from phaodai.core.rows import insert_row, row_by_pk

pytestmark = pytest.mark.django_db

AT = timezone.make_aware(dt.datetime(2021, 11, 20, 8, 30))


def _event(**fields):
    return AuditEvent(
        at=AT,
        action=AuditAction.CREATE,
        entity="checkpoints.passage",
        entity_id="7",
        unit_path="L/12/105/",
        summary="Lượt qua chốt Dào San",
        changes={"quyết định": ["", "cho qua"], "cờ": [1, None]},
        **fields,
    )


def _stored(pk):
    return AuditEvent.objects.filter(pk=pk).values().get()


def test_an_inserted_row_is_the_row_save_writes(commune_user):
    by_orm = _event(actor=commune_user)
    by_orm.save()
    fast = insert_row(_event(actor=commune_user))
    assert fast.pk not in (None, by_orm.pk)
    assert not fast._state.adding
    assert {**_stored(fast.pk), "id": None} == {**_stored(by_orm.pk), "id": None}


def test_defaults_and_empty_foreign_keys_are_written_as_the_orm_writes_them():
    fast = insert_row(AuditEvent(at=AT, action=AuditAction.EXPORT, entity="people.person"))
    stored = _stored(fast.pk)
    assert (stored["actor_id"], stored["changes"], stored["row_count"], stored["summary"]) == (
        None,
        {},
        1,
        "",
    )


def test_a_row_read_by_key_has_the_orms_types():
    fast = insert_row(_event())
    read = row_by_pk(AuditEvent, fast.pk)
    assert read is not None
    assert (read.at, read.changes, read.unit_path) == (AT, fast.changes, "L/12/105/")
    assert timezone.is_aware(read.at)


def test_an_unknown_key_reads_as_none():
    assert row_by_pk(AuditEvent, 10**12) is None
