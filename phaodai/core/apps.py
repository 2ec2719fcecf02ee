from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "phaodai.core"
    label = "core"
    verbose_name = "Pháo Đài"

    def ready(self) -> None:
        from phaodai.core.home import NavItem, register_nav  # noqa: PLC0415
        from phaodai.core.permissions import Perm  # noqa: PLC0415

        register_nav(NavItem(_("Nhật ký truy cập"), "core:audit", Perm.AUDIT_VIEW))
