"""Counters this app contributes to the home page."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.core.access import Access
from phaodai.core.home import Counter, register
from phaodai.core.permissions import Perm
from phaodai.quarantine import selectors


@register
def quarantine_counters(access: Access) -> list[Counter]:
    if not access.can(Perm.CASES_VIEW):
        return []
    jurisdiction = access.jurisdiction
    url = reverse("quarantine:list")
    return [
        Counter(_("Đang cách ly"), selectors.active_count(jurisdiction=jurisdiction), url),
        Counter(
            _("Cần xét nghiệm hôm nay"),
            selectors.tests_today_count(jurisdiction=jurisdiction, today=clock.today()),
            f"{url}?{urlencode({'loc': selectors.TESTS_TODAY})}",
        ),
    ]
