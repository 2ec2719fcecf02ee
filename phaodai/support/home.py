"""Counters this app contributes to the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.core.access import Access
from phaodai.core.home import Counter, register
from phaodai.core.permissions import Perm
from phaodai.support.selectors import open_conflicts


@register
def support_counters(access: Access) -> list[Counter]:
    if not access.can(Perm.SUPPORT_VIEW):
        return []
    count = open_conflicts(jurisdiction=access.jurisdiction).count()
    return [Counter(_("Trùng lặp hỗ trợ chờ xử lý"), count, reverse("support:conflicts"))]
