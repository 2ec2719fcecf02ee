"""What one kind of import is: its columns, the row-level completion after the cells are parsed, the
permission it needs, and the writer that commits its checked rows.

Each kind lives in its own module (``imports.persons``, ``imports.doses``, …) and is registered once in
``imports.kinds``; the read → check → people → records → finish job is the same for all of them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from phaodai.imports.fields import Field
from phaodai.imports.lookups import Lookups
from phaodai.imports.models import ImportBatch, RowStatus, StagedRow

# (staging column, field key): a row without a value in that column is refused naming the field.
Required = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class RowContext:
    """What a kind's row completion may use: the batch's lookups and the file's title of each field."""

    lookups: Lookups
    titles: dict[str, str]

    def problem(self, key: str, message: str) -> str:
        """``message`` about the column that fills field ``key``, named as the file titles it."""
        return f"«{self.titles.get(key, key)}»: {message}"


# Fills the staging values that need several cells or a lookup (a lot, a facility); appends problems.
Complete = Callable[[dict[str, Any], list[str], RowContext], None]


class Writer(Protocol):
    """``people`` creates the new persons and runs the kind's set-based checks that need them; ``write``
    commits the valid rows numbered in (low, high] (the job checkpoints after each range) and returns how
    many it wrote; ``finish`` brings the maintained aggregates up to date once for the whole batch."""

    entity: str

    def people(self, batch: ImportBatch) -> int: ...

    def write(self, batch: ImportBatch, low: int, high: int, actor: Any) -> int: ...

    def finish(self, batch: ImportBatch) -> None: ...


@dataclass(frozen=True)
class Kind:
    fields: tuple[Field, ...]
    permission: str
    writer: Writer
    required: Required = ()
    complete: Complete | None = None


def valid_rows(batch: ImportBatch, low: int, high: int) -> int:
    """How many valid rows the range (low, high] holds: once written they are the imported rows (no second
    write of every staged row to say so: the batch's checkpoint says which ranges are written)."""
    return StagedRow.objects.filter(
        batch=batch, status=RowStatus.VALID, number__gt=low, number__lte=high
    ).count()
