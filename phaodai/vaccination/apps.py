from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VaccinationConfig(AppConfig):
    name = "phaodai.vaccination"
    label = "vaccination"
    verbose_name = _("Tiêm chủng")

    def ready(self) -> None:
        from phaodai.core.home import NavItem, RecordLink, register_nav, register_record_link
        from phaodai.core.permissions import Perm
        from phaodai.vaccination import home, rulesets  # noqa: F401 - home counters; the rule sets it ships

        register_nav(NavItem(_("Tiêm chủng"), "vaccination:coverage", Perm.VACCINATION_VIEW))
        register_record_link(
            RecordLink("person", _("Tiêm chủng"), "vaccination:person", Perm.VACCINATION_VIEW)
        )
