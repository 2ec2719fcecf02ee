"""Orders follow the case registry: an F1 who becomes a case is no longer quarantined as an F1."""

from typing import Any

from django.dispatch import receiver

from phaodai.cases.models import Case
from phaodai.cases.signals import case_opened
from phaodai.quarantine.services import order_follow_case


@receiver(case_opened, dispatch_uid="quarantine.order_follow_case")
def end_quarantine_of_new_case(sender: Any, case: Case, actor: Any = None, **kwargs: Any) -> None:
    """Sent inside the registering transaction: the order's change commits or rolls back with the case."""
    order_follow_case(actor=actor, case=case)
