"""What each role may do. Which rows it sees comes from the organisation's units, not from here."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.core.permissions import Perm


class Role(models.TextChoices):
    PROVINCIAL_STEERING = "provincial_steering", _("Ban Chỉ đạo tỉnh")
    HEALTH_DEPARTMENT = "health_department", _("Sở Y tế")
    CDC = "cdc", _("Trung tâm Kiểm soát bệnh tật (CDC)")
    HOSPITAL = "hospital", _("Bệnh viện")
    DISTRICT_HEALTH = "district_health", _("Trung tâm Y tế huyện")
    COMMUNE_HEALTH = "commune_health", _("Trạm Y tế xã")
    CHECKPOINT = "checkpoint", _("Cán bộ chốt kiểm soát")
    QUARANTINE_FACILITY = "quarantine_facility", _("Quản lý khu cách ly")
    COMMUNITY_TEAM = "community_team", _("Tổ COVID cộng đồng")
    LABOUR_SOCIAL = "labour_social", _("Lao động - Thương binh và Xã hội")
    OBSERVER = "observer", _("Quan sát (chỉ xem)")
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")


# Every organisation has an inbox of the tasks directives assign to it and reports its progress there.
_READ = frozenset(
    {Perm.PEOPLE_VIEW, Perm.UNITS_VIEW, Perm.ORGANISATIONS_VIEW, Perm.DIRECTIVES_VIEW, Perm.TASKS_REPORT}
)
# The command center: leads see it and draft the daily report; steering bodies approve it and may
# override a computed epidemic level (with a reason, audited).
_COMMAND_READ = frozenset({Perm.COMMAND_VIEW})
_COMMAND = frozenset({Perm.DIRECTIVES_MANAGE, Perm.COMMAND_VIEW, Perm.RISK_ASSESS, Perm.REPORTS_APPROVE})
_REGISTRY = _READ | {Perm.PEOPLE_EDIT, Perm.PEOPLE_EXPORT, Perm.DUPLICATES_REVIEW}
_HEALTH_LEAD = _REGISTRY | {Perm.PEOPLE_DELETE, Perm.UNITS_MANAGE}
# An organisation's units are what its users see, so managing organisations is access administration, like
# managing users: the administrator's alone (the Sở Y tế asks them), not every health lead's.
_ADMIN = _READ | {
    Perm.UNITS_MANAGE,
    Perm.AUDIT_VIEW,
    Perm.USERS_MANAGE,
    Perm.ORGANISATIONS_MANAGE,
    Perm.RULES_VIEW,
}
# The epidemic work: who sees cases, who records them, who follows them up at home, who runs facilities.
# Testing and vaccination: community teams record rapid and self-tests; health staff give doses; the
# leads plan rounds and campaigns and manage stock (a commune station its own shelf, within its commune).
_EPI_READ = frozenset(
    {
        Perm.CASES_VIEW,
        Perm.FACILITIES_VIEW,
        Perm.RULES_VIEW,
        Perm.TESTS_VIEW,
        Perm.VACCINATION_VIEW,
        Perm.STOCK_VIEW,
        Perm.READINESS_VIEW,
    }
)
_FIELD = _EPI_READ | {Perm.MONITORING_RECORD, Perm.CONTACTS_EDIT, Perm.TESTS_RECORD}
_CARE = _FIELD | {Perm.CASES_EDIT, Perm.ORDERS_ISSUE, Perm.FACILITIES_ADMIT, Perm.VACCINATION_RECORD}
_PROGRAMME = frozenset(
    {Perm.TESTING_MANAGE, Perm.VACCINATION_MANAGE, Perm.STOCK_MANAGE, Perm.READINESS_MANAGE}
)
_EPI_LEAD = (
    _CARE | _PROGRAMME | {Perm.FACILITIES_MANAGE, Perm.RULES_MANAGE, Perm.COMMAND_VIEW, Perm.REPORTS_DRAFT}
)
_FACILITY = _EPI_READ | {Perm.MONITORING_RECORD, Perm.FACILITIES_ADMIT, Perm.TESTS_RECORD}
# Social support (Res. 68): the commune compiles its lists (the health station knows its F0/F1); the
# labour-social office compiles, approves at its own level, pays, and keeps the epidemic fund's books;
# the steering committee follows.
_SUPPORT_COMPILE = frozenset({Perm.SUPPORT_VIEW, Perm.SUPPORT_COMPILE})
_SUPPORT_OFFICE = _SUPPORT_COMPILE | {Perm.SUPPORT_APPROVE, Perm.SUPPORT_PAY, Perm.FUND_MANAGE}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.PROVINCIAL_STEERING: _READ | _EPI_READ | _COMMAND | {Perm.PEOPLE_EXPORT, Perm.SUPPORT_VIEW},
    Role.HEALTH_DEPARTMENT: _HEALTH_LEAD | _EPI_LEAD | _COMMAND,
    Role.CDC: _HEALTH_LEAD | _EPI_LEAD,
    Role.HOSPITAL: _REGISTRY | _FACILITY | {Perm.CASES_EDIT, Perm.VACCINATION_RECORD},
    Role.DISTRICT_HEALTH: _HEALTH_LEAD | _CARE | _PROGRAMME | _COMMAND | {Perm.FACILITIES_MANAGE},
    Role.COMMUNE_HEALTH: _HEALTH_LEAD
    | _CARE
    | _COMMAND_READ
    | _SUPPORT_COMPILE
    | {Perm.STOCK_MANAGE, Perm.READINESS_MANAGE, Perm.REPORTS_DRAFT},
    Role.CHECKPOINT: _READ | {Perm.PEOPLE_EDIT},
    Role.QUARANTINE_FACILITY: _REGISTRY | _FACILITY,
    Role.COMMUNITY_TEAM: _READ | {Perm.PEOPLE_EDIT} | _FIELD,
    Role.LABOUR_SOCIAL: _READ | {Perm.CASES_VIEW} | _SUPPORT_OFFICE,
    Role.OBSERVER: _COMMAND_READ | {Perm.UNITS_VIEW, Perm.ORGANISATIONS_VIEW, Perm.DIRECTIVES_VIEW},
    Role.SYSTEM_ADMIN: _ADMIN | {Perm.BOUNDARIES_MANAGE},
}

# Checkpoints and population movement: checkpoint staff record passages; commune stations and community
# teams see and close their arrivals' follow-ups; health leads run the checkpoints, the outbreak-zone list
# and the registered freight routes; the steering committee watches the dashboards.
_CHECKPOINT_GRANTS: dict[str, frozenset[str]] = {
    Role.CHECKPOINT: frozenset({Perm.CHECKPOINTS_VIEW, Perm.PASSAGES_RECORD}),
    Role.COMMUNE_HEALTH: frozenset({Perm.CHECKPOINTS_VIEW, Perm.ARRIVALS_FOLLOW_UP}),
    Role.COMMUNITY_TEAM: frozenset({Perm.CHECKPOINTS_VIEW, Perm.ARRIVALS_FOLLOW_UP}),
    Role.PROVINCIAL_STEERING: frozenset({Perm.CHECKPOINTS_VIEW}),
    **{
        lead: frozenset(
            {Perm.CHECKPOINTS_VIEW, Perm.ARRIVALS_FOLLOW_UP, Perm.CHECKPOINTS_MANAGE, Perm.TRANSPORT_MANAGE}
        )
        for lead in (Role.HEALTH_DEPARTMENT, Role.CDC, Role.DISTRICT_HEALTH)
    },
}
for _role, _granted in _CHECKPOINT_GRANTS.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _granted

# Exported line lists: the full CCCD and phone go to those who act on them (care, tracing, quarantine,
# treatment, payments); the steering committee, observers, checkpoints and community teams get them masked
# (docs/decisions/0012).
_IDENTIFIER_ROLES = (
    Role.HEALTH_DEPARTMENT,
    Role.CDC,
    Role.HOSPITAL,
    Role.DISTRICT_HEALTH,
    Role.COMMUNE_HEALTH,
    Role.QUARANTINE_FACILITY,
    Role.LABOUR_SOCIAL,
)
for _role in _IDENTIFIER_ROLES:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {Perm.IDENTIFIERS_EXPORT}
