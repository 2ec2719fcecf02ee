"""Counters this app contributes to the home page: the unit's own open tasks and unread notifications."""

from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.core.access import Access
from phaodai.core.home import Counter, register
from phaodai.core.permissions import Perm
from phaodai.directives import selectors
from phaodai.directives.reference import AssignmentStatus


@register
def directive_counters(access: Access) -> list[Counter]:
    if not access.can(Perm.DIRECTIVES_VIEW) or access.organisation_id is None:
        return []
    inbox = reverse("directives:inbox")
    mine = selectors.inbox(
        jurisdiction=access.jurisdiction, organisation_id=access.organisation_id, status=AssignmentStatus.OPEN
    )
    unread = selectors.notifications(organisation_id=access.organisation_id, unread_only=True)
    return [
        Counter(_("Nhiệm vụ đơn vị đang thực hiện"), mine.count(), inbox),
        Counter(_("Nhiệm vụ của đơn vị đã quá hạn"), mine.filter(due_on__lt=clock.today()).count(), inbox),
        Counter(_("Thông báo chỉ đạo chưa đọc"), unread.count(), inbox),
    ]
