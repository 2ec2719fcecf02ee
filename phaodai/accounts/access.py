"""Turning a user into an Access: role -> permissions, organisation's units -> jurisdiction.

The organisation's served units and whether it awaits placement after the map switch cost two queries,
and every request asks (a barrier sends hundreds of passages a second): they are memoised per
organisation in the ``memo`` cache for ``PHAODAI_MEMO_SECONDS``. A change to the organisation, its
served units or its pending placement drops the entry at once in the process that made it (and in every
process when the cache is shared); the time limit bounds how long another process may lag. The user's
role, active flag, organisation and home unit come with the user: from the session on every page, from
the API token's memo (:mod:`phaodai.accounts.tokens`, the same time limit) over the API.
"""

from typing import Any

from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from phaodai.accounts.models import Organisation
from phaodai.accounts.roles import ROLE_PERMISSIONS
from phaodai.core.access import NO_ACCESS, Access
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import UnplacedRow
from phaodai.geo.signals import units_restamped

MEMO = "memo"
_ORGANISATION_LABEL = Organisation._meta.label_lower


def _memo_key(organisation_id: int) -> str:
    return f"access:organisation:{organisation_id}"


def awaiting_placement(organisation: Organisation) -> bool:
    """After the map switch, an organisation whose commune was split sits at the new province until
    someone assigns it: until then it must not see the whole province."""
    return UnplacedRow.objects.filter(
        model_label=_ORGANISATION_LABEL, row_id=organisation.pk, resolved=False
    ).exists()


def _served_paths(organisation: Organisation) -> tuple[str, ...] | None:
    """The organisation's served unit paths (empty: its home unit), or None while it awaits placement."""
    memo = caches[MEMO]
    key = _memo_key(organisation.pk)
    cached = memo.get(key)
    if cached is None:
        pending = awaiting_placement(organisation)
        served = () if pending else tuple(organisation.served_units.values_list("path", flat=True))
        cached = ("pending",) if pending else ("served", *served)
        memo.set(key, cached)
    return None if cached[0] == "pending" else tuple(cached[1:])


def resolve_access(user: Any) -> Access:
    """No organisation (or an unknown role) means no access at all: fail closed."""
    organisation = user.organisation
    permissions = ROLE_PERMISSIONS.get(user.role)
    if organisation is None or permissions is None:
        return NO_ACCESS
    served = _served_paths(organisation)
    if served is None:
        return NO_ACCESS
    return Access(
        jurisdiction=Jurisdiction.of(served or [organisation.unit_path]),
        permissions=permissions,
        organisation_id=organisation.pk,
    )


def forget_organisation(organisation_id: int) -> None:
    caches[MEMO].delete(_memo_key(organisation_id))


@receiver(post_save, sender=Organisation, dispatch_uid="access_organisation_saved")
@receiver(post_delete, sender=Organisation, dispatch_uid="access_organisation_deleted")
def _organisation_changed(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    forget_organisation(instance.pk)


@receiver(m2m_changed, sender=Organisation.served_units.through, dispatch_uid="access_served_changed")
def _served_units_changed(sender: Any, instance: Any, action: str, pk_set: Any, **kwargs: Any) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Organisation):
        forget_organisation(instance.pk)
    elif pk_set is None:  # a unit's organisations cleared from the unit's side
        caches[MEMO].clear()
    else:
        for organisation_id in pk_set:
            forget_organisation(organisation_id)


@receiver(post_save, sender=UnplacedRow, dispatch_uid="access_unplaced_saved")
@receiver(post_delete, sender=UnplacedRow, dispatch_uid="access_unplaced_deleted")
def _placement_changed(sender: Any, instance: UnplacedRow, **kwargs: Any) -> None:
    if instance.model_label == _ORGANISATION_LABEL:
        forget_organisation(instance.row_id)


@receiver(units_restamped, dispatch_uid="access_units_restamped")
def _units_restamped(sender: Any, **kwargs: Any) -> None:
    """Rows moved in bulk (the map switch, an assignment): served units may have moved with them."""
    caches[MEMO].clear()
