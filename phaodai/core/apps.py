from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "phaodai.core"
    label = "core"
    verbose_name = "Pháo Đài"

    def ready(self) -> None:
        from phaodai.core.home import NavItem, register_nav
        from phaodai.core.permissions import Perm

        register_nav(NavItem(_("Nhật ký truy cập"), "core:audit", Perm.AUDIT_VIEW))
