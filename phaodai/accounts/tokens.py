"""API token authentication that loads the user's organisation with the token, memoised per token.

Every API request resolves the caller's jurisdiction from the user's organisation, and a barrier sends
hundreds of passages a second with one token: the token with its user and organisation is kept in the
``memo`` cache for ``PHAODAI_MEMO_SECONDS`` (decision 0009), like the organisation's served units
(:mod:`phaodai.accounts.access`). A token deleted, or its user or organisation saved or deleted (locked,
deactivated, given another role), drops the entry at once in the process that made the change; another
process may accept the old token, role or organisation for at most that long.
"""

from collections.abc import Iterable
from typing import Any

from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from phaodai.accounts.models import Organisation, User

MEMO = "memo"


def _memo_key(key: str) -> str:
    return f"token:{key}"


def _token(key: str) -> Token | None:
    memo = caches[MEMO]
    token: Token | None = memo.get(_memo_key(key))
    if token is None:
        token = Token.objects.select_related("user__organisation").filter(key=key).first()
        if token is not None:
            memo.set(_memo_key(key), token)
    return token


class OrganisationTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        token = _token(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Mã truy cập (token) không hợp lệ."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Tài khoản đã bị khoá hoặc ngừng sử dụng."))
        return (token.user, token)


def _forget(keys: Iterable[str]) -> None:
    caches[MEMO].delete_many([_memo_key(key) for key in keys])


@receiver(post_save, sender=Token, dispatch_uid="tokens_token_saved")
@receiver(post_delete, sender=Token, dispatch_uid="tokens_token_deleted")
def _token_changed(sender: Any, instance: Token, **kwargs: Any) -> None:
    _forget([instance.key])


@receiver(post_save, sender=User, dispatch_uid="tokens_user_saved")
@receiver(post_delete, sender=User, dispatch_uid="tokens_user_deleted")
def _user_changed(sender: Any, instance: User, **kwargs: Any) -> None:
    _forget(Token.objects.filter(user_id=instance.pk).values_list("key", flat=True))


@receiver(post_save, sender=Organisation, dispatch_uid="tokens_organisation_saved")
@receiver(post_delete, sender=Organisation, dispatch_uid="tokens_organisation_deleted")
def _organisation_changed(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    _forget(Token.objects.filter(user__organisation_id=instance.pk).values_list("key", flat=True))
