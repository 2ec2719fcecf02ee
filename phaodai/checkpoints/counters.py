"""The per-(checkpoint, day) counters, moved in the transaction of the passage that changes them.

One ``INSERT ... ON CONFLICT DO UPDATE`` per counter row (SQLite and PostgreSQL alike; PostgreSQL sends a
passage's two as one statement): the first passage
of a day creates the row, the others add to it, and concurrent passages at one checkpoint serialise on
that row only for the instant of the update.
"""

from typing import Any

from django.db import connection

from phaodai.checkpoints.models import OriginCount, Passage, PassageCount
from phaodai.checkpoints.reference import Decision, Direction

_PASSAGE_COLUMNS = ("passages", "inbound", "monitored", "turned_back", "quarantined", "from_zones", "flagged")


def _upsert_sql(model: type[PassageCount | OriginCount], keys: list[str], values: list[str]) -> str:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [*keys, *values]
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    conflict = ", ".join(quote(c) for c in keys if c not in ("unit_id", "unit_path"))
    updates = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in values)
    return f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({conflict}) DO UPDATE SET {updates}"  # noqa: S608 - identifiers quoted


_Row = tuple[type[PassageCount | OriginCount], dict[str, object], dict[str, int]]


def _upsert(*rows: _Row) -> None:
    """One statement per counter row; on PostgreSQL the rows of one passage go as one statement (the
    later upserts as data-modifying CTEs), one round trip on the barrier's hot path."""
    statements = [_upsert_sql(model, list(keys), list(values)) for model, keys, values in rows]
    params: list[Any] = [p for _model, keys, values in rows for p in (*keys.values(), *values.values())]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(statements) > 1:
            head = ", ".join(f"c{i} AS ({sql} RETURNING 1)" for i, sql in enumerate(statements[:-1]))
            cursor.execute(f"WITH {head} {statements[-1]}", params)
            return
        offset = 0
        for sql, (_model, keys, values) in zip(statements, rows, strict=True):
            width = len(keys) + len(values)
            cursor.execute(sql, params[offset : offset + width])
            offset += width


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
    rows: list[_Row] = [(PassageCount, {"checkpoint_id": checkpoint.pk, "day": passage.day, **place}, values)]
    if inbound and origin_province_id is not None:
        keys = {"checkpoint_id": checkpoint.pk, "day": passage.day, "origin_province_id": origin_province_id}
        zoned = int(passage.zone_level is not None)
        rows.append((OriginCount, {**keys, **place}, {"arrivals": 1, "from_zones": zoned}))
    _upsert(*rows)
