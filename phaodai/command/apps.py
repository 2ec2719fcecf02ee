from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommandConfig(AppConfig):
    name = "phaodai.command"
    label = "command"
    verbose_name = _("Trung tâm chỉ huy")

    def ready(self) -> None:
        from phaodai.command import receivers, rulesets  # noqa: F401 - hooks and shipped rule sets
        from phaodai.core.home import NavItem, register_nav
        from phaodai.core.permissions import Perm

        register_nav(NavItem(_("Trung tâm chỉ huy"), "command:dashboard", Perm.COMMAND_VIEW))
