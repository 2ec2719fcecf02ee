from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "phaodai.exports"
    label = "exports"
    verbose_name = _("Xuất danh sách")

    def ready(self) -> None:
        from phaodai.core.home import NavItem, register_nav
        from phaodai.core.permissions import Perm

        # Every line list holds personal data: the entry is offered to those who may see persons; the
        # page then lists only the lists the user's role may export.
        register_nav(NavItem(_("Xuất danh sách"), "exports:index", Perm.PEOPLE_VIEW))
