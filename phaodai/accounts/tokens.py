"""API token authentication that loads the user's organisation with the token: every API request resolves
the caller's jurisdiction from it, so one query instead of two on the hot path (the barrier's passages)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


class OrganisationTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        token = Token.objects.select_related("user__organisation").filter(key=key).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Mã truy cập (token) không hợp lệ."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Tài khoản đã bị khoá hoặc ngừng sử dụng."))
        return (token.user, token)
