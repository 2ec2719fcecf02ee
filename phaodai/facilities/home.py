"""Counters this app contributes to the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.core.access import Access
from phaodai.core.home import Counter, register
from phaodai.core.permissions import Perm
from phaodai.facilities.selectors import facility_list


@register
def facility_counters(access: Access) -> list[Counter]:
    if not access.can(Perm.FACILITIES_VIEW):
        return []
    open_now = facility_list(jurisdiction=access.jurisdiction, open_on=clock.today())
    return [Counter(_("Cơ sở cách ly/điều trị đang mở"), open_now.count(), reverse("facilities:list"))]
