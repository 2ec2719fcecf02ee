"""The bulk write path for set-based loads: PostgreSQL COPY, SQLite executemany.

Used by the demo generator, imports and benchmarks. It bypasses model save(), signals and per-row
services on purpose; callers write one audit event per batch.
"""

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.core.management.color import no_style
from django.db import connections, models

CHUNK = 10_000


def _chunks(rows: Iterable[Sequence[Any]], size: int) -> Iterator[list[Sequence[Any]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def bulk_insert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    using: str = "default",
) -> int:
    """Insert rows (tuples in ``columns`` order, database values) and return how many went in."""
    connection = connections[using]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - identifiers quoted above
        for chunk in _chunks(rows, CHUNK):
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def next_ids(model: type[models.Model], count: int, *, using: str = "default") -> range:
    """Reserve ``count`` primary keys for a bulk load (callers hold the write lock / transaction)."""
    start = (model._default_manager.using(using).aggregate(m=models.Max("pk"))["m"] or 0) + 1
    return range(start, start + count)


def reset_sequence(model: type[models.Model], *, using: str = "default") -> None:
    """After inserting explicit ids on PostgreSQL, move the id sequence past them."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(statement)
