"""Counters this app contributes to the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.cases import selectors, worklists
from phaodai.cases.reference import CaseStatus, ClusterStatus
from phaodai.core import clock
from phaodai.core.access import Access
from phaodai.core.home import Counter, register
from phaodai.core.permissions import Perm


@register
def case_counters(access: Access) -> list[Counter]:
    if not access.can(Perm.CASES_VIEW):
        return []
    jurisdiction = access.jurisdiction
    cases_url = reverse("cases:list")

    def cases(status: str) -> int:
        return selectors.case_list(jurisdiction=jurisdiction, status=status).count()

    return [
        Counter(
            _("F0 đang điều trị"), cases(CaseStatus.ACTIVE), f"{cases_url}?trang-thai={CaseStatus.ACTIVE}"
        ),
        Counter(
            _("Ca nghi nhiễm"), cases(CaseStatus.SUSPECTED), f"{cases_url}?trang-thai={CaseStatus.SUSPECTED}"
        ),
        Counter(
            _("Ổ dịch đang hoạt động"),
            selectors.cluster_list(jurisdiction=jurisdiction, status=ClusterStatus.ACTIVE).count(),
            f"{reverse('cases:clusters')}?trang-thai={ClusterStatus.ACTIVE}",
        ),
        Counter(
            _("Ca có dấu hiệu cảnh báo chờ xử lý"),
            worklists.escalation_count(jurisdiction=jurisdiction),
            reverse("cases:escalations"),
        ),
        Counter(
            _("F0 chưa được theo dõi hôm nay"),
            worklists.not_monitored_count(jurisdiction=jurisdiction, today=clock.today()),
            reverse("cases:not_monitored"),
        ),
    ]
