"""Counters this app contributes to the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.contacts import selectors
from phaodai.core.access import Access
from phaodai.core.home import Counter, register
from phaodai.core.permissions import Perm


@register
def contact_counters(access: Access) -> list[Counter]:
    if not access.can(Perm.CASES_VIEW):
        return []
    waiting = selectors.worklist(jurisdiction=access.jurisdiction).count()
    return [Counter(_("Tiếp xúc chưa liên hệ"), waiting, reverse("contacts:worklist"))]
