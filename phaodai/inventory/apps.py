from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "phaodai.inventory"
    label = "inventory"
    verbose_name = _("Kho: sinh phẩm, vắc xin, vật tư")

    def ready(self) -> None:
        from phaodai.core.home import NavItem, register_nav
        from phaodai.core.permissions import Perm
        from phaodai.inventory import home  # noqa: F401 - registers the home counters

        register_nav(NavItem(_("Kho sinh phẩm, vắc xin"), "inventory:stock", Perm.STOCK_VIEW))
