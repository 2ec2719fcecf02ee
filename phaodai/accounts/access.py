"""Turning a user into an Access: role -> permissions, organisation's units -> jurisdiction."""

from typing import Any

from phaodai.accounts.models import Organisation
from phaodai.accounts.roles import ROLE_PERMISSIONS
from phaodai.core.access import NO_ACCESS, Access
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import UnplacedRow


def organisation_paths(organisation: Any) -> list[str]:
    served = list(organisation.served_units.values_list("path", flat=True))
    return served or [organisation.unit_path]


def awaiting_placement(organisation: Organisation) -> bool:
    """After the map switch, an organisation whose commune was split sits at the new province until
    someone assigns it: until then it must not see the whole province."""
    label = Organisation._meta.label_lower
    return UnplacedRow.objects.filter(model_label=label, row_id=organisation.pk, resolved=False).exists()


def resolve_access(user: Any) -> Access:
    """No organisation (or an unknown role) means no access at all: fail closed."""
    organisation = user.organisation
    permissions = ROLE_PERMISSIONS.get(user.role)
    if organisation is None or permissions is None or awaiting_placement(organisation):
        return NO_ACCESS
    return Access(
        jurisdiction=Jurisdiction.of(organisation_paths(organisation)),
        permissions=permissions,
        organisation_id=organisation.pk,
    )
