"""Checks the testing services share: times in order and not ahead of the clock, places in scope."""

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.core import audit, clock
from phaodai.core.errors import FieldErrors
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit, Placed

# How far a phone's clock may run ahead of the server's before a time counts as "in the future".
CLOCK_SKEW = dt.timedelta(minutes=5)


def aware(value: dt.datetime) -> dt.datetime:
    """A naive time from a caller is local (Asia/Ho_Chi_Minh) wall-clock time."""
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def moment_text(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


def not_future(errors: FieldErrors, field: str, value: dt.datetime, label: str) -> None:
    if value > clock.now() + CLOCK_SKEW:
        errors.add(field, _("%(label)s không được ở tương lai.") % {"label": label})


def in_scope(errors: FieldErrors, field: str, unit_path: str, jurisdiction: Jurisdiction, what: str) -> None:
    if not jurisdiction.contains(unit_path):
        errors.add(field, _("%(what)s không thuộc địa bàn bạn quản lý.") % {"what": what})


def positive_count(errors: FieldErrors, field: str, value: int, label: str, *, most: int) -> None:
    if not 1 <= value <= most:
        errors.add(field, _("%(label)s phải từ 1 đến %(most)s.") % {"label": label, "most": most})


def create_placed[M: Placed](
    model: type[M], *, actor: Any, unit: AdminUnit, summary: str, **fields: Any
) -> M:
    """Create a row placed at ``unit`` with its creation stamp, and its audit row (call inside the
    service's transaction, after its checks)."""
    stamp = {"created_at": clock.now(), "created_by": actor if getattr(actor, "pk", None) else None}
    row = model(unit=unit, unit_path=unit.path, **stamp, **fields)
    row.save()
    audit.record(actor=actor, action=AuditAction.CREATE, instance=row, summary=summary)
    return row
