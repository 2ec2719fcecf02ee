"""Markers every view carries: who may call it. An architecture test fails any URL without one.

- ``@public``: no login (the login page, health check).
- ``@signed_in``: any signed-in user; what they see is still cut by their jurisdiction.
- ``@scoped(perm=...)``: signed in and holding the role permission; rows are cut by jurisdiction.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from phaodai.core.access import access_for

View = Callable[..., HttpResponseBase]
POLICY_ATTRIBUTE = "phaodai_policy"


def _mark(view: View, policy: str) -> View:
    setattr(view, POLICY_ATTRIBUTE, policy)
    return view


def public(view: View) -> View:
    return _mark(view, "public")


def _guard(view: View, permission: str | None) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if permission and not access_for(request).can(permission):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def signed_in(view: View) -> View:
    return _mark(_guard(view, None), "signed_in")


def scoped(*, perm: str) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        return _mark(_guard(view, perm), f"scoped:{perm}")

    return decorate
