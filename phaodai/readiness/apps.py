from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    name = "phaodai.readiness"
    label = "readiness"
    verbose_name = _("Sẵn sàng ứng phó")

    def ready(self) -> None:
        from phaodai.core.home import NavItem, register_nav
        from phaodai.core.permissions import Perm
        from phaodai.readiness import home, rulesets  # noqa: F401 - home counters; the norms it ships

        register_nav(NavItem(_("Sẵn sàng (4 tại chỗ)"), "readiness:summary", Perm.READINESS_VIEW))
