"""Reads of the kernel's own rows: the audit trail and rule sets, cut by jurisdiction."""

from django.db.models import QuerySet
from django.http import Http404

from phaodai.core.models import AuditAction, AuditEvent, RuleSet
from phaodai.core.rules import path_prefixes as rule_path_prefixes
from phaodai.core.scoping import Jurisdiction


def audit_events(*, jurisdiction: Jurisdiction, action: str = "") -> QuerySet[AuditEvent]:
    """Changes and views of records placed in the jurisdiction, newest first."""
    events = AuditEvent.objects.visible_to(jurisdiction).select_related("actor")
    return events.filter(action=action) if action in AuditAction.values else events


def rule_sets(*, jurisdiction: Jurisdiction, kind: str = "") -> QuerySet[RuleSet]:
    """National versions and the variants adopted for a place the user works in (or above it)."""
    paths = {"", *(p for prefix in jurisdiction.prefixes for p in rule_path_prefixes(prefix))}
    found = RuleSet.objects.filter(unit_path__in=paths)
    return found.filter(kind=kind) if kind else found


def rule_set_get(*, jurisdiction: Jurisdiction, pk: int) -> RuleSet:
    try:
        return rule_sets(jurisdiction=jurisdiction).get(pk=pk)
    except (RuleSet.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
