from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "phaodai.directives"
    label = "directives"
    verbose_name = _("Chỉ đạo, điều hành")

    def ready(self) -> None:
        from phaodai.core.home import NavItem, register_nav
        from phaodai.core.permissions import Perm
        from phaodai.directives import home  # noqa: F401 - registers the home counters

        register_nav(NavItem(_("Chỉ đạo, điều hành"), "directives:inbox", Perm.DIRECTIVES_VIEW))
