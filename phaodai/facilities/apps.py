from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "phaodai.facilities"
    label = "facilities"
    verbose_name = _("Cơ sở cách ly và điều trị")

    def ready(self) -> None:
        from phaodai.core.home import NavItem, register_nav
        from phaodai.core.permissions import Perm
        from phaodai.facilities import home  # noqa: F401 - registers the home counters

        register_nav(NavItem(_("Cơ sở cách ly, điều trị"), "facilities:list", Perm.FACILITIES_VIEW))
