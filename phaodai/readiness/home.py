"""Counters this app contributes to the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.core.access import Access
from phaodai.core.home import Counter, register
from phaodai.core.permissions import Perm
from phaodai.readiness.selectors import stations_without_doctor


@register
def readiness_counters(access: Access) -> list[Counter]:
    if not access.can(Perm.READINESS_VIEW):
        return []
    missing = stations_without_doctor(jurisdiction=access.jurisdiction, on=clock.today())
    return [
        Counter(_("Trạm y tế xã chưa có bác sĩ"), missing, reverse("readiness:summary") + "?sap-xep=bac-si")
    ]
