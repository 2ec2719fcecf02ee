"""Login with lockout: after ``LOCKOUT_MAX_FAILURES`` wrong passwords the account waits
``LOCKOUT_MINUTES``. A locked account is refused even with the right password."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from phaodai.accounts.models import User


def is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > timezone.now()


def _register_failure(user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
    user.refresh_from_db(fields=["failed_logins"])
    if user.failed_logins >= settings.LOCKOUT_MAX_FAILURES:
        until = timezone.now() + dt.timedelta(minutes=settings.LOCKOUT_MINUTES)
        User.objects.filter(pk=user.pk).update(locked_until=until, failed_logins=0)


class LockoutModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        user = User.objects.filter(username__iexact=(username or "").strip()).first()
        if user is None:
            User().set_password(
                password
            )  # same work as a real check: no timing hint that the name is unknown
            return None
        if is_locked(user):
            return None
        if not (user.check_password(password) and self.user_can_authenticate(user)):
            _register_failure(user)
            return None
        if user.failed_logins or user.locked_until:
            User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        return user
