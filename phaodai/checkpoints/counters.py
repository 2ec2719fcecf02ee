"""The per-(checkpoint, day) counters, moved in the transaction of the passage that changes them.

One ``INSERT ... ON CONFLICT DO UPDATE`` per counter row (SQLite and PostgreSQL alike): the first passage
of a day creates the row, the others add to it, and concurrent passages at one checkpoint serialise on
that row only for the instant of the update.
"""

from typing import Any

from django.db import connection

from phaodai.checkpoints.models import OriginCount, Passage, PassageCount
from phaodai.checkpoints.reference import Decision, Direction

_PASSAGE_COLUMNS = ("passages", "inbound", "monitored", "turned_back", "quarantined", "from_zones", "flagged")


def _upsert(model: type[PassageCount | OriginCount], keys: dict[str, object], values: dict[str, int]) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [*keys, *values]
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    conflict = ", ".join(quote(c) for c in keys if c not in ("unit_id", "unit_path"))
    updates = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in values)
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({conflict}) DO UPDATE SET {updates}"  # noqa: S608 - identifiers quoted
    with connection.cursor() as cursor:
        params: list[Any] = [*keys.values(), *values.values()]
        cursor.execute(sql, params)


def count_passage(passage: Passage, *, origin_province_id: int | None) -> None:
    checkpoint = passage.checkpoint
    inbound = passage.direction == Direction.IN
    values = dict(
        zip(
            _PASSAGE_COLUMNS,
            (
                1,
                int(inbound),
                int(passage.decision == Decision.MONITOR),
                int(passage.decision == Decision.TURNED_BACK),
                int(passage.decision == Decision.QUARANTINE),
                int(passage.zone_level is not None),
                int(bool(passage.flags)),
            ),
            strict=True,
        )
    )
    place = {"unit_id": checkpoint.unit_id, "unit_path": checkpoint.unit_path}
    _upsert(PassageCount, {"checkpoint_id": checkpoint.pk, "day": passage.day, **place}, values)
    if inbound and origin_province_id is not None:
        keys = {"checkpoint_id": checkpoint.pk, "day": passage.day, "origin_province_id": origin_province_id}
        _upsert(
            OriginCount, {**keys, **place}, {"arrivals": 1, "from_zones": int(passage.zone_level is not None)}
        )
