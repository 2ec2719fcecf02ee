"""What the current user may see (jurisdiction) and do (permissions), resolved once per request.

The shared kernel does not know how users map to units: ``settings.PHAODAI_ACCESS_RESOLVER`` names
the function (in the accounts app) that turns a user into an :class:`Access`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from phaodai.core.scoping import Jurisdiction

_CACHE_ATTRIBUTE = "_phaodai_access"


@dataclass(frozen=True)
class Access:
    jurisdiction: Jurisdiction = field(default_factory=Jurisdiction.nothing)
    permissions: frozenset[str] = frozenset()
    organisation_id: int | None = None

    def can(self, permission: str) -> bool:
        return permission in self.permissions


NO_ACCESS = Access()


@cache
def _resolver() -> Callable[[Any], Access]:
    return import_string(settings.PHAODAI_ACCESS_RESOLVER)


def access_for_user(user: Any) -> Access:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ACCESS
    return _resolver()(user)


def access_for(request: Any) -> Access:
    """The request's Access, computed on first use (after DRF has authenticated a token, too)."""
    cached = getattr(request, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = access_for_user(getattr(request, "user", None))
        setattr(request, _CACHE_ATTRIBUTE, cached)
    return cached
