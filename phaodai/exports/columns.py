"""Columns of an exported line list, read from ``values()`` rows so a million rows never become model
instances: each column names the fields it reads and how it turns them into a cell."""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from phaodai.core.csvstream import Column as OutputColumn
from phaodai.core.masking import mask_national_id, mask_phone, shown
from phaodai.geo.models import UnitLevel

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Column:
    title: str | Promise
    fields: tuple[str, ...]
    value: Callable[[Row], Any]
    mask: Callable[[str], str] | None = None  # applied when the reader may not see the full number


def _field(name: str) -> Callable[[Row], Any]:
    return lambda row: row[name]


def plain(title: str | Promise, field: str) -> Column:
    return Column(title, (field,), _field(field))


def day(title: str | Promise, field: str) -> Column:
    def value(row: Row) -> str:
        found: dt.date | None = row[field]
        return found.strftime("%d/%m/%Y") if found else ""

    return Column(title, (field,), value)


def moment(title: str | Promise, field: str) -> Column:
    """A date and time in the platform's time zone (as the pages show it)."""

    def value(row: Row) -> str:
        found: dt.datetime | None = row[field]
        return timezone.localtime(found).strftime("%d/%m/%Y %H:%M") if found else ""

    return Column(title, (field,), value)


def choice(title: str | Promise, field: str, choices: type[models.Choices]) -> Column:
    """The label of a stored choice, in the language active when the columns are built."""
    labels = {value: str(label) for value, label in choices.choices}
    return Column(title, (field,), lambda row: labels.get(row[field], row[field] or ""))


def national_id(title: str | Promise, field: str) -> Column:
    return Column(title, (field,), _field(field), mask=mask_national_id)


def phone(title: str | Promise, field: str) -> Column:
    return Column(title, (field,), _field(field), mask=mask_phone)


def place() -> list[Column]:
    """Where the row is placed, as the imports read it back: the commune by name and code (a village's
    own code repeats from commune to commune, so a village row gives its commune's), then the village."""
    fields = ("unit__name", "unit__code", "unit__level", "unit__parent__name", "unit__parent__code")

    def at_village(row: Row) -> bool:
        return bool(row["unit__level"] == UnitLevel.VILLAGE)

    def commune(own: str) -> Callable[[Row], Any]:
        return lambda row: row[f"unit__parent__{own}"] if at_village(row) else row[f"unit__{own}"]

    return [
        Column(gettext_lazy("Xã/phường"), fields, commune("name")),
        Column(gettext_lazy("Mã xã/phường"), fields, commune("code")),
        Column(gettext_lazy("Thôn/bản"), fields, lambda row: row["unit__name"] if at_village(row) else ""),
    ]


def fields_of(columns: Iterable[Column]) -> list[str]:
    """Every field the columns read, once, in column order (the ``values()`` of the query)."""
    return list(dict.fromkeys(field for column in columns for field in column.fields))


def output_columns(columns: Iterable[Column], *, masked: bool) -> list[OutputColumn]:
    """(title, value) pairs for the CSV and Excel writers, identifiers masked when ``masked``."""
    return [
        (str(column.title), shown(column.value, column.mask, masked=masked) if column.mask else column.value)
        for column in columns
    ]
