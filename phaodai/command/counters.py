"""Keeping ``DailyCount`` exact: deltas applied in the writer's transaction, and the rebuild from scratch."""

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from phaodai.command.metrics import SOURCE_OF, SOURCES, Cell, Source
from phaodai.command.models import DailyCount

CHUNK = 5000


def rows_of(source: Source, pks: Sequence[Any] | None = None) -> Iterator[Any]:
    """A source's rows as named tuples of the fields its contributions read (``pks``: only those)."""
    rows = source.model._default_manager.all()
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    rows = rows.annotate(**source.annotations).values_list("pk", *source.fields, named=True)
    return iter(rows.order_by().iterator(chunk_size=CHUNK))


def tally(
    source: Source, rows: Iterable[Any], sign: int = 1, into: Counter[Cell] | None = None
) -> Counter[Cell]:
    cells: Counter[Cell] = into if into is not None else Counter()
    for row in rows:
        for cell, value in source.contributions(row):
            cells[cell] += sign * value
    return cells


def _upsert(cells: Counter[Cell]) -> None:
    """Add each value to its cell, creating it when missing (one statement per batch)."""
    changed = [
        (unit_id, path, day, metric, value) for (unit_id, path, day, metric), value in cells.items() if value
    ]
    if not changed:
        return
    table = connection.ops.quote_name(DailyCount._meta.db_table)
    # The table name is quoted above; the values are parameters.
    insert = f"INSERT INTO {table} (unit_id, unit_path, day, metric, value) VALUES (%s, %s, %s, %s, %s) "  # noqa: S608
    sql = insert + f"ON CONFLICT (unit_id, day, metric) DO UPDATE SET value = {table}.value + excluded.value"
    with connection.cursor() as cursor:
        for start in range(0, len(changed), CHUNK):
            cursor.executemany(sql, changed[start : start + CHUNK])


def snapshot(model: type[Model], pks: Sequence[Any]) -> list[Any]:
    """The rows as they are now, for :func:`apply_change` after the write."""
    source = SOURCE_OF.get(model)
    return list(rows_of(source, pks)) if source is not None and pks else []


def apply_change(model: type[Model], *, before: Sequence[Any], after: Sequence[Any]) -> None:
    """Apply the difference between rows' contributions before and after a write."""
    source = SOURCE_OF[model]
    cells = tally(source, after)
    tally(source, before, sign=-1, into=cells)
    _upsert(cells)


@transaction.atomic
def rebuild() -> int:
    """Recompute every count from the source rows; returns the number of cells written."""
    DailyCount.objects.all().delete()
    cells: Counter[Cell] = Counter()
    for source in SOURCES:
        tally(source, rows_of(source), into=cells)
    _upsert(cells)
    return sum(1 for value in cells.values() if value)
