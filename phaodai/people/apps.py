from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "phaodai.people"
    label = "people"
    verbose_name = _("Người dân và hộ gia đình")

    def ready(self) -> None:
        from phaodai.core.home import NavItem, register_nav
        from phaodai.core.permissions import Perm
        from phaodai.people import home, receivers  # noqa: F401 - registers counters and signal receivers

        register_nav(NavItem(_("Người dân"), "people:list", Perm.PEOPLE_VIEW))
        register_nav(NavItem(_("Hộ gia đình"), "people:households", Perm.PEOPLE_VIEW))
        register_nav(NavItem(_("Nghi trùng"), "people:duplicates", Perm.DUPLICATES_REVIEW))
