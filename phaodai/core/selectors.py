"""Reads of the kernel's own rows: the audit trail, cut by jurisdiction."""

from django.db.models import QuerySet

from phaodai.core.models import AuditAction, AuditEvent
from phaodai.core.scoping import Jurisdiction


def audit_events(*, jurisdiction: Jurisdiction, action: str = "") -> QuerySet[AuditEvent]:
    """Changes and views of records placed in the jurisdiction, newest first."""
    events = AuditEvent.objects.visible_to(jurisdiction).select_related("actor")
    return events.filter(action=action) if action in AuditAction.values else events
