from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckpointsConfig(AppConfig):
    name = "phaodai.checkpoints"
    label = "checkpoints"
    verbose_name = _("Chốt kiểm soát, di biến động dân cư")

    def ready(self) -> None:
        from phaodai.checkpoints import home, memo, rulesets  # noqa: F401 - home counters; memo drops; rule sets
        from phaodai.core.home import NavItem, register_nav
        from phaodai.core.permissions import Perm

        register_nav(NavItem(_("Chốt kiểm soát"), "checkpoints:list", Perm.CHECKPOINTS_VIEW))
