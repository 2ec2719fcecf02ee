"""Testing rounds with their maintained counters."""

from django.db.models import QuerySet

from phaodai.core.scoping import Jurisdiction, get_in_scope_or_404
from phaodai.diagnostics.models import Round


def round_list(*, jurisdiction: Jurisdiction) -> QuerySet[Round]:
    return (
        Round.objects.visible_to(jurisdiction).select_related("unit", "enterprise").order_by("-due_on", "-pk")
    )


def round_get(*, jurisdiction: Jurisdiction, pk: object) -> Round:
    return get_in_scope_or_404(
        Round.objects.select_related("unit", "enterprise").prefetch_related("areas"),
        jurisdiction=jurisdiction,
        pk=pk,
    )
