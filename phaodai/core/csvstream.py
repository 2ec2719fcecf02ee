"""CSV files streamed row by row with constant memory (Excel opens UTF-8 with a BOM)."""

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import Any

Column = tuple[str, Callable[[Any], Any]]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object that hands back what csv.writer writes, so rows can be streamed."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value: Any) -> Any:
    """Text that Excel would run as a formula (``=HYPERLINK(...)`` typed into an address) is defused."""
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def stream_csv(columns: list[Column], rows: Iterable[Any]) -> Iterator[str]:
    """The header, then one line per row; text is quoted, so IDs and phones keep their leading zeros."""
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_NONNUMERIC)
    yield "\ufeff" + writer.writerow([title for title, _value in columns])
    for row in rows:
        yield writer.writerow([safe_cell(value(row)) for _title, value in columns])
