"""Users belong to an organisation; the organisation's units are what they may see."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from phaodai.accounts.roles import Role
from phaodai.geo.models import AdminUnit, Placed


class OrganisationKind(models.TextChoices):
    STEERING_COMMITTEE = "steering_committee", _("Ban Chỉ đạo phòng, chống dịch")
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    HEALTH_DEPARTMENT = "health_department", _("Sở Y tế")
    CDC = "cdc", _("Trung tâm Kiểm soát bệnh tật")
    HOSPITAL = "hospital", _("Bệnh viện")
    DISTRICT_HEALTH_CENTRE = "district_health_centre", _("Trung tâm Y tế huyện")
    COMMUNE_HEALTH_STATION = "commune_health_station", _("Trạm Y tế xã")
    CHECKPOINT = "checkpoint", _("Chốt kiểm soát")
    QUARANTINE_FACILITY = "quarantine_facility", _("Khu cách ly tập trung")
    COMMUNITY_TEAM = "community_team", _("Tổ COVID cộng đồng")
    TRANSPORT = "transport", _("Sở Giao thông vận tải")
    PLANNING = "planning", _("Sở Kế hoạch và Đầu tư")
    LABOUR = "labour", _("Sở Lao động - Thương binh và Xã hội")
    FATHERLAND_FRONT = "fatherland_front", _("Ủy ban Mặt trận Tổ quốc")
    OTHER = "other", _("Cơ quan khác")


class Organisation(Placed):
    """An organisation at its home unit (``unit``), serving ``served_units`` (its home unit if none)."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    served_units = models.ManyToManyField(AdminUnit, blank=True, related_name="serving_organisations")

    class Meta:
        verbose_name = _("Tổ chức")
        verbose_name_plural = _("Tổ chức")
        ordering = ("unit_path", "name")
        constraints = (models.UniqueConstraint(fields=("unit", "name"), name="organisation_unique_name"),)

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.OBSERVER)
    full_name = models.CharField(max_length=120, blank=True)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta(AbstractUser.Meta):
        # Login matches the name case-insensitively (``username__iexact``): two accounts differing only
        # by case would make it ambiguous. New names are ASCII (services): lower() agrees on both databases.
        constraints = (models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),)

    def __str__(self) -> str:
        return self.full_name or self.username
