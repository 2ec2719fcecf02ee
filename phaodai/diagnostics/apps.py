from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticsConfig(AppConfig):
    name = "phaodai.diagnostics"
    label = "diagnostics"
    verbose_name = _("Xét nghiệm")

    def ready(self) -> None:
        from phaodai.core.home import NavItem, RecordLink, register_nav, register_record_link
        from phaodai.core.permissions import Perm
        from phaodai.diagnostics import home, rulesets  # noqa: F401 - home counters; shipped rule sets

        register_nav(NavItem(_("Xét nghiệm"), "diagnostics:samples", Perm.TESTS_VIEW))
        links = (
            (_("Lấy mẫu xét nghiệm"), "diagnostics:sample_create"),
            (_("Báo kết quả tự test"), "diagnostics:self_test"),
        )
        for label, url_name in links:
            register_record_link(RecordLink("person", label, url_name, Perm.TESTS_RECORD, "nguoi"))
