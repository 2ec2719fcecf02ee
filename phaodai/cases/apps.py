from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "phaodai.cases"
    label = "cases"
    verbose_name = _("Ca bệnh F0")

    def ready(self) -> None:
        from phaodai.cases import home, rulesets  # noqa: F401 - home counters; the rule sets this app ships
        from phaodai.core.home import NavItem, RecordLink, register_nav, register_record_link
        from phaodai.core.permissions import Perm

        register_nav(NavItem(_("Ca bệnh F0"), "cases:list", Perm.CASES_VIEW))
        register_nav(NavItem(_("Cảnh báo"), "cases:escalations", Perm.CASES_VIEW))
        register_nav(NavItem(_("Chưa theo dõi hôm nay"), "cases:not_monitored", Perm.CASES_VIEW))
        register_nav(NavItem(_("Ổ dịch"), "cases:clusters", Perm.CASES_VIEW))
        register_record_link(
            RecordLink("person", _("Ghi nhận ca bệnh"), "cases:register", Perm.CASES_EDIT, "person")
        )
