from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "phaodai.core"
    label = "core"
    verbose_name = "Pháo Đài"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from phaodai.core.home import NavItem, register_nav
        from phaodai.core.permissions import Perm
        from phaodai.core.rules import install_shipped

        register_nav(NavItem(_("Nhật ký truy cập"), "core:audit", Perm.AUDIT_VIEW))
        register_nav(NavItem(_("Quy tắc chuyên môn"), "core:rules", Perm.RULES_VIEW))
        # Sent after every app's migrations have run, when every app has declared its rule sets.
        post_migrate.connect(install_shipped, sender=self, dispatch_uid="phaodai.core.rules.install_shipped")
