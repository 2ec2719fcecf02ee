from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "phaodai.geo"
    label = "geo"
    verbose_name = _("Đơn vị hành chính")

    def ready(self) -> None:
        from phaodai.core.home import NavItem, register_nav
        from phaodai.core.permissions import Perm

        register_nav(NavItem(_("Đơn vị hành chính"), "geo:browse", Perm.UNITS_VIEW))
        register_nav(NavItem(_("Cần gán đơn vị"), "geo:unplaced", Perm.UNITS_MANAGE))
        register_nav(NavItem(_("Nhập dân số"), "geo:population_imports", Perm.UNITS_MANAGE))
