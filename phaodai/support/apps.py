from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "phaodai.support"
    label = "support"
    verbose_name = _("Hỗ trợ an sinh")

    def ready(self) -> None:
        from phaodai.core.home import NavItem, register_nav
        from phaodai.core.permissions import Perm
        from phaodai.support import home  # noqa: F401 - home counters

        register_nav(NavItem(_("Hỗ trợ an sinh"), "support:lists", Perm.SUPPORT_VIEW))
