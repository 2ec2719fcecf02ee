from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "phaodai.contacts"
    label = "contacts"
    verbose_name = _("Tiếp xúc F1, F2 và chuỗi lây nhiễm")

    def ready(self) -> None:
        from phaodai.cases.links import provide_contact_level
        from phaodai.contacts import home, merging, receivers, rulesets  # noqa: F401 - counters, receivers, rules
        from phaodai.contacts.selectors import contact_level_of
        from phaodai.core.home import NavItem, RecordLink, register_nav, register_record_link
        from phaodai.core.permissions import Perm

        register_nav(NavItem(_("Truy vết tiếp xúc"), "contacts:worklist", Perm.CASES_VIEW))
        # The case definition asks whether someone is an F1 (a positive rapid test on an F1 is an F0).
        provide_contact_level(contact_level_of)
        for link in (
            RecordLink(
                "person", _("Thêm người tiếp xúc"), "contacts:exposure_create", Perm.CONTACTS_EDIT, "source"
            ),
            RecordLink("person", _("Chuỗi lây nhiễm"), "contacts:chain", Perm.CASES_VIEW),
            RecordLink("case", _("Người tiếp xúc F1, F2"), "contacts:case", Perm.CASES_VIEW),
            RecordLink("cluster", _("Chuỗi lây nhiễm của ổ dịch"), "contacts:cluster", Perm.CASES_VIEW),
        ):
            register_record_link(link)
