"""Hooks that keep the daily counts exact as their source rows are written (same transaction)."""

from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from phaodai.command import counters
from phaodai.command.metrics import SOURCE_OF
from phaodai.core.changes import rows_written
from phaodai.geo.signals import units_restamped

_BEFORE = "_command_rows_before"


def _remember(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if sender in SOURCE_OF and instance.pk is not None:
        setattr(instance, _BEFORE, counters.snapshot(sender, [instance.pk]))


def _saved(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if sender in SOURCE_OF:
        before = getattr(instance, _BEFORE, [])
        counters.apply_change(sender, before=before, after=counters.snapshot(sender, [instance.pk]))
        setattr(instance, _BEFORE, [])


def _deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if sender in SOURCE_OF:
        counters.apply_change(sender, before=getattr(instance, _BEFORE, []), after=[])


pre_save.connect(_remember, dispatch_uid="command_pre_save")
pre_delete.connect(_remember, dispatch_uid="command_pre_delete")
post_save.connect(_saved, dispatch_uid="command_post_save")
post_delete.connect(_deleted, dispatch_uid="command_post_delete")


@receiver(rows_written, dispatch_uid="command_rows_written")
def bulk_written(
    sender: type[Model], pks: list[Any], before: dict[str, Any] | None = None, **kwargs: Any
) -> None:
    """Rows bulk-created (``before`` None) or updated in bulk from uniform old values."""
    if sender not in SOURCE_OF:
        return
    after = counters.snapshot(sender, pks)
    old = [row._replace(**before) for row in after] if before is not None else []
    counters.apply_change(sender, before=old, after=after)


@receiver(units_restamped, dispatch_uid="command_units_restamped")
def restamped(sender: Any, **kwargs: Any) -> None:
    """Counts are keyed by unit: after the map switch moved rows, they are recomputed from the rows."""
    counters.rebuild()
