"""THE one place that filters rows by place.

A :class:`Jurisdiction` is a set of unit-path prefixes. Every row that belongs to a place carries an
indexed ``unit_path`` (e.g. ``L/12/105/03325/``), so "rows in my jurisdiction" is one indexed range
predicate per prefix: ``unit_path >= p AND unit_path < next(p)``. A range, not ``startswith``: that
compiles to ``LIKE ... ESCAPE``, which SQLite does not serve from an index.

This module knows paths, not users: the accounts app turns a user into a Jurisdiction. An empty
jurisdiction sees nothing, and a row outside the jurisdiction does not exist (404).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Self

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

PATH_SEPARATOR = "/"


def next_path(prefix: str) -> str:
    """The smallest string greater than every string that starts with ``prefix``.

    Paths end with '/', and '0' follows '/' in ASCII, so ``L/12/`` -> ``L/120``.
    """
    if not prefix.endswith(PATH_SEPARATOR):
        raise ValueError(f"unit path {prefix!r} must end with {PATH_SEPARATOR!r}")
    return prefix[:-1] + chr(ord(PATH_SEPARATOR) + 1)


def _covers(outer: str, inner: str) -> bool:
    return inner.startswith(outer)


@dataclass(frozen=True)
class Jurisdiction:
    """The units whose rows someone may see, as path prefixes. Empty means nothing."""

    prefixes: tuple[str, ...] = ()

    @classmethod
    def of(cls, paths: Iterable[str]) -> Self:
        """Normalise: drop prefixes covered by another one, keep a stable order."""
        unique = sorted(set(paths))
        kept: list[str] = []
        for path in unique:
            next_path(path)  # validates the trailing separator
            if not any(_covers(outer, path) for outer in kept):
                kept.append(path)
        return cls(tuple(kept))

    @classmethod
    def nothing(cls) -> Self:
        return cls(())

    @property
    def is_empty(self) -> bool:
        return not self.prefixes

    def contains(self, unit_path: str) -> bool:
        return any(_covers(prefix, unit_path) for prefix in self.prefixes)

    def q(self, field: str = "unit_path") -> Q:
        """The range predicate; an impossible one when the jurisdiction is empty (fails closed)."""
        if self.is_empty:
            return Q(pk__in=[])
        condition = Q()
        for prefix in self.prefixes:
            condition |= Q(**{f"{field}__gte": prefix, f"{field}__lt": next_path(prefix)})
        return condition


class ScopedQuerySet(models.QuerySet[Any]):
    """QuerySet of rows that belong to a place: they carry ``unit_path`` (units themselves: ``path``,
    named by the model's ``SCOPE_FIELD``)."""

    def visible_to(self, jurisdiction: Jurisdiction) -> Self:
        if not isinstance(jurisdiction, Jurisdiction):
            raise TypeError("visible_to() needs a Jurisdiction")
        return self.filter(jurisdiction.q(getattr(self.model, "SCOPE_FIELD", "unit_path")))


def get_in_scope_or_404(queryset: ScopedQuerySet, *, jurisdiction: Jurisdiction, **lookup: Any) -> Any:
    """Fetch one row inside the jurisdiction; out of scope looks exactly like "does not exist"."""
    try:
        return get_object_or_404(queryset.visible_to(jurisdiction), **lookup)
    except (ValueError, TypeError) as exc:  # a malformed id is a missing row, not a server error
        raise Http404 from exc
