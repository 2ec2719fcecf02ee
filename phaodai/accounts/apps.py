from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "phaodai.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản và tổ chức")

    def ready(self) -> None:
        from phaodai.accounts import tokens  # noqa: F401 - drops memoised tokens on change
        from phaodai.core.home import NavItem, register_nav
        from phaodai.core.permissions import Perm

        register_nav(NavItem(_("Tổ chức"), "accounts:organisations", Perm.ORGANISATIONS_VIEW))
        register_nav(NavItem(_("Người dùng"), "accounts:users", Perm.USERS_MANAGE))
