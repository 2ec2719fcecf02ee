"""Counters this app contributes to the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.checkpoints.selectors import counts_on, follow_up_list
from phaodai.core import clock
from phaodai.core.access import Access
from phaodai.core.home import Counter, register
from phaodai.core.permissions import Perm


@register
def checkpoint_counters(access: Access) -> list[Counter]:
    if not access.can(Perm.CHECKPOINTS_VIEW):
        return []
    today = clock.today()
    counters = []
    if access.can(Perm.PASSAGES_RECORD) or access.can(Perm.CHECKPOINTS_MANAGE):
        passages = sum(c.passages for c in counts_on(jurisdiction=access.jurisdiction, day=today).values())
        counters.append(Counter(_("Lượt qua chốt hôm nay"), passages, reverse("checkpoints:list")))
    if access.can(Perm.ARRIVALS_FOLLOW_UP):
        overdue = follow_up_list(jurisdiction=access.jurisdiction, overdue_on=today).count()
        counters.append(
            Counter(
                _("Người đến từ vùng dịch quá hạn theo dõi"),
                overdue,
                reverse("checkpoints:arrivals") + "?qua-han=1",
            )
        )
    return counters
