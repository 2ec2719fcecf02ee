"""Writing the audit trail. Services call these inside their own transaction."""

from collections.abc import Mapping
from typing import Any

from django.db import models

from phaodai.core import clock
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.core.rows import insert_row


def snapshot_value(value: Any) -> Any:
    """A JSON-ready form of one value (rows by id, dates as ISO text)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [snapshot_value(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The audited fields of a row as JSON-ready values (foreign keys by id)."""
    return {name: snapshot_value(getattr(instance, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


def record(
    *,
    actor: Any,
    action: AuditAction,
    instance: models.Model | None = None,
    entity: str = "",
    unit_path: str = "",
    summary: str = "",
    changes: Mapping[str, Any] | None = None,
    row_count: int = 1,
) -> AuditEvent:
    """Append one audit row. ``instance`` fills entity, id and unit path when given."""
    if instance is not None:
        entity = entity or instance._meta.label_lower
        unit_path = unit_path or getattr(instance, "unit_path", "")
    return insert_row(
        AuditEvent(
            at=clock.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            action=action,
            entity=entity,
            entity_id=str(instance.pk) if instance is not None and instance.pk is not None else "",
            unit_path=unit_path,
            summary=summary[:255],
            changes=dict(changes or {}),
            row_count=row_count,
        )
    )
