from django.db.models import QuerySet

from phaodai.accounts.models import Organisation
from phaodai.core.scoping import Jurisdiction


def organisation_list(*, jurisdiction: Jurisdiction) -> QuerySet[Organisation]:
    return Organisation.objects.visible_to(jurisdiction).select_related("unit").order_by("unit_path", "name")
