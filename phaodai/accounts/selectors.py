from django.db.models import QuerySet

from phaodai.accounts.models import Organisation
from phaodai.core.scoping import Jurisdiction


def organisation_list(*, jurisdiction: Jurisdiction, kind: str = "") -> QuerySet[Organisation]:
    """Organisations whose home unit lies in the jurisdiction, from the province down."""
    organisations = Organisation.objects.visible_to(jurisdiction).select_related("unit")
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations.order_by("unit_path", "name")
