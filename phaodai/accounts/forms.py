from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from phaodai.accounts.backends import is_locked
from phaodai.accounts.models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản đã bị vô hiệu hoá."),
        "locked": _("Tài khoản tạm khoá do đăng nhập sai nhiều lần. Vui lòng thử lại sau ít phút."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")

    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip()
        user = User.objects.filter(username__iexact=username).first()
        if user is not None and is_locked(user):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        return super().clean()
