"""Counters this app contributes to the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.core.access import Access
from phaodai.core.home import Counter, register
from phaodai.core.permissions import Perm
from phaodai.diagnostics.reference import PoolStatus
from phaodai.diagnostics.selectors.samples import pool_list, sample_list


@register
def testing_counters(access: Access) -> list[Counter]:
    if not access.can(Perm.TESTS_VIEW):
        return []
    waiting = sample_list(jurisdiction=access.jurisdiction, waiting=True).count()
    retests = pool_list(jurisdiction=access.jurisdiction, status=PoolStatus.RETEST).count()
    return [
        Counter(_("Mẫu chờ kết quả"), waiting, reverse("diagnostics:samples") + "?cho=1"),
        Counter(_("Mẫu gộp dương tính chờ xét nghiệm lại"), retests, reverse("diagnostics:pools")),
    ]
