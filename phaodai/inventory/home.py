"""Counters this app contributes to the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.core.access import Access
from phaodai.core.home import Counter, register
from phaodai.core.permissions import Perm
from phaodai.inventory.selectors import expiring


@register
def stock_counters(access: Access) -> list[Counter]:
    if not access.can(Perm.STOCK_VIEW):
        return []
    alert = expiring(jurisdiction=access.jurisdiction, on=clock.today())
    return [Counter(_("Lô trong kho sắp hết hạn (30 ngày)"), alert.count(), reverse("inventory:stock"))]
