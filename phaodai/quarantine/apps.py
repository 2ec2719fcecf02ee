from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuarantineConfig(AppConfig):
    name = "phaodai.quarantine"
    label = "quarantine"
    verbose_name = _("Quyết định cách ly")

    def ready(self) -> None:
        from phaodai.core.home import NavItem, RecordLink, register_nav, register_record_link
        from phaodai.core.permissions import Perm
        from phaodai.quarantine import home, receivers, rulesets  # noqa: F401 - counters, receivers, rule sets

        register_nav(NavItem(_("Cách ly"), "quarantine:list", Perm.CASES_VIEW))
        register_record_link(
            RecordLink(
                "person", _("Ra quyết định cách ly F1"), "quarantine:create", Perm.ORDERS_ISSUE, "person"
            )
        )
        register_record_link(
            RecordLink(
                "contact", _("Ra quyết định cách ly"), "quarantine:create", Perm.ORDERS_ISSUE, "contact"
            )
        )
        register_record_link(
            RecordLink(
                "case", _("Ra quyết định cách ly F0"), "quarantine:create_f0", Perm.ORDERS_ISSUE, "case"
            )
        )
