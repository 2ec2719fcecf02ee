"""Reads of organisations and users, cut by the caller's jurisdiction.

Users carry no unit path of their own: they are placed through their organisation. An administrator
manages an organisation (and its users) only when everything it sees lies inside the administrator's
jurisdiction, its home unit and each served unit: otherwise editing it, or resetting the password of one of
its users, would reach rows the administrator may not see.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from phaodai.accounts.models import Organisation, User
from phaodai.core.scoping import PATH_SEPARATOR, Jurisdiction, get_in_scope_or_404
from phaodai.core.text import fold, is_digits

# A province's path is the map and its code, ``L/12/``: two separators.
_PROVINCE_DEPTH = 2
# More users than any province has (thousands): a search over them is folded in Python, below.
USER_SEARCH_LIMIT = 20_000


def _serves_outside(jurisdiction: Jurisdiction) -> Exists:
    served = Organisation.served_units.through.objects.filter(organisation_id=OuterRef("pk"))
    return Exists(served.exclude(jurisdiction.q("adminunit__path")))


def organisation_list(*, jurisdiction: Jurisdiction, kind: str = "") -> QuerySet[Organisation]:
    """Organisations whose home unit lies in the jurisdiction, from the province down.

    Each carries ``manageable``: it serves no unit outside the jurisdiction (see the module docstring).
    """
    organisations = (
        Organisation.objects.visible_to(jurisdiction)
        .select_related("unit")
        .annotate(manageable=~_serves_outside(jurisdiction))
    )
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations.order_by("unit_path", "name")


def organisations_managed(*, jurisdiction: Jurisdiction) -> QuerySet[Organisation]:
    """Organisations an administrator of the jurisdiction may edit and place users in."""
    return (
        Organisation.objects.visible_to(jurisdiction)
        .filter(~_serves_outside(jurisdiction))
        .select_related("unit")
        .order_by("unit_path", "name")
    )


def organisation_get(*, jurisdiction: Jurisdiction, pk: object) -> Organisation:
    """A manageable organisation; any other (outside, or serving units outside) does not exist: 404."""
    managed = Organisation.objects.filter(~_serves_outside(jurisdiction)).select_related("unit")
    return get_in_scope_or_404(managed, jurisdiction=jurisdiction, pk=pk)


def served_unit_ids(*, organisation: Organisation) -> list[int]:
    return list(organisation.served_units.order_by("path").values_list("pk", flat=True))


def province_prefix(jurisdiction: Jurisdiction) -> str | None:
    """The first whole province in the jurisdiction, if it covers one."""
    return next((p for p in jurisdiction.prefixes if p.count(PATH_SEPARATOR) == _PROVINCE_DEPTH), None)


def _managed_users(jurisdiction: Jurisdiction) -> QuerySet[User]:
    """Users of the manageable organisations. A user without an organisation sees nothing and belongs
    nowhere: only an administrator of a whole province may take them in hand (give them an organisation
    or disable them). Superusers are run from the command line, never from these pages."""
    placed = Q(organisation__in=organisations_managed(jurisdiction=jurisdiction).values("pk"))
    if province_prefix(jurisdiction) is not None:
        placed |= Q(organisation__isnull=True)
    return User.objects.filter(placed, is_superuser=False)


def user_list(*, jurisdiction: Jurisdiction, query: str = "") -> QuerySet[User]:
    """Users an administrator of the jurisdiction manages, by login name.

    The search matches every word of ``query`` inside the login name or the full name, with or without
    diacritics. It folds in Python over (id, name, full name): a province has thousands of users, not
    millions, and a folded column would have to be kept in step by every writer (the demo's bulk load too).
    """
    users = _managed_users(jurisdiction)
    words = fold(query).split()
    if words:
        rows = users.values_list("pk", "username", "full_name")[:USER_SEARCH_LIMIT]
        matching = [pk for pk, username, full_name in rows if _matches(words, f"{username} {full_name}")]
        users = users.filter(pk__in=matching)
    return users.select_related("organisation", "organisation__unit").order_by("username", "pk")


def _matches(words: list[str], text: str) -> bool:
    folded = fold(text)
    return all(word in folded for word in words)


def user_get(*, jurisdiction: Jurisdiction, pk: object) -> User:
    """A managed user; any other looks like one that does not exist (404), a malformed id too."""
    if not is_digits(str(pk)):
        raise Http404
    users = _managed_users(jurisdiction).select_related("organisation", "organisation__unit")
    try:
        return users.get(pk=int(str(pk)))
    except User.DoesNotExist as exc:
        raise Http404 from exc
