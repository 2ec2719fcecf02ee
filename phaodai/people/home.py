"""Counters this app contributes to the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.core.access import Access
from phaodai.core.home import Counter, register
from phaodai.core.permissions import Perm
from phaodai.people.models import Household, Person
from phaodai.people.selectors import duplicate_reviews


@register
def people_counters(access: Access) -> list[Counter]:
    if not access.can(Perm.PEOPLE_VIEW):
        return []
    jurisdiction = access.jurisdiction
    return [
        Counter(_("Người dân"), Person.objects.visible_to(jurisdiction).count(), reverse("people:list")),
        Counter(
            _("Hộ gia đình"), Household.objects.visible_to(jurisdiction).count(), reverse("people:households")
        ),
        Counter(_("Hồ sơ nghi trùng chờ xử lý"), duplicate_reviews(jurisdiction=jurisdiction).count()),
    ]
