from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "phaodai.imports"
    label = "imports"
    verbose_name = _("Nhập dữ liệu từ tệp")

    def ready(self) -> None:
        from phaodai.core.home import NavItem, register_nav
        from phaodai.core.permissions import Perm

        register_nav(NavItem(_("Nhập từ tệp"), "imports:list", Perm.PEOPLE_EDIT))
