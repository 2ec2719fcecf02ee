"""Background jobs: Django's tasks framework (``django.tasks``), used one way everywhere.

A job is a ``@task`` function in an app's ``jobs.py`` ("tasks" is a domain word here). It takes ids,
never rows: the row may change between enqueue and run, and the worker re-reads it. The service that
asks for the job enqueues it after its transaction commits (:func:`enqueue_on_commit`), so the worker
never looks for a row that is not there yet, and a rolled-back request enqueues nothing. A job may be
delivered twice (a retry, a second enqueue), so it claims its row first (:func:`claim`) and does nothing
when someone else already has.
"""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.tasks import Task


def _check_ids(values: tuple[Any, ...]) -> None:
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise TypeError(f"job arguments are ids (int or str), not {type(value).__name__}")


def enqueue_on_commit[**P](job: Task[P, Any], *args: P.args, **kwargs: P.kwargs) -> None:
    """Enqueue ``job`` once the current transaction commits (at once outside a transaction)."""
    _check_ids((*args, *kwargs.values()))
    transaction.on_commit(lambda: job.enqueue(*args, **kwargs))


def claim(
    queryset: QuerySet[Any], *, pk: object, field: str, expected: object, new: object, **values: object
) -> bool:
    """Move one row from ``expected`` to ``new`` (setting ``values`` too) with a conditional UPDATE.

    False if the row was not in ``expected`` (already claimed, finished, or gone): two workers racing
    for it, exactly one gets True.
    """
    return queryset.filter(pk=pk, **{field: expected}).update(**{field: new}, **values) == 1
