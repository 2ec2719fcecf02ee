"""Counters this app contributes to the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.core.access import Access
from phaodai.core.home import Counter, register
from phaodai.core.permissions import Perm
from phaodai.vaccination.selectors import dose_list


@register
def vaccination_counters(access: Access) -> list[Counter]:
    if not access.can(Perm.VACCINATION_VIEW):
        return []
    today = clock.today()
    given = dose_list(jurisdiction=access.jurisdiction, since=today, until=today).count()
    # Lots nearing expiry (vaccines included) are the stock ledger's own counter.
    return [Counter(_("Mũi vắc xin tiêm hôm nay"), given, reverse("vaccination:coverage"))]
