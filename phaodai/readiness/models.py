"""Readiness ("3 trước, 4 tại chỗ"): commune health stations' staffing, mobile medical stations and
community COVID teams with their members, and which stock items count as which supply.

Stock itself (oxygen, PPE, drugs, kits) lives in the one ledger (``inventory``, decision 0006); beds,
ICU beds and oxygen points are facility capacity (``facilities``). This app only adds what neither holds.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phaodai.geo.models import Placed


class StaffingReport(Placed):
    """What a commune health station reported on a day: its staff and whether a doctor works there.

    A new report supersedes the earlier ones from its day on; the history stays (who had a doctor when).
    """

    reported_on = models.DateField()
    doctors = models.PositiveSmallIntegerField(help_text="doctors on the station's own staff")
    rotating_doctors = models.PositiveSmallIntegerField(
        default=0, help_text="doctors sent by the district or a hospital (bác sĩ tăng cường, luân phiên)"
    )
    nurses = models.PositiveSmallIntegerField(help_text="nurses, midwives, assistant doctors (y sĩ)")
    other_staff = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("Nhân lực trạm y tế")
        constraints = (models.UniqueConstraint(fields=("unit", "reported_on"), name="staffing_one_per_day"),)
        indexes = (models.Index(fields=("unit_path", "reported_on"), name="staffing_by_place"),)

    @property
    def doctor_present(self) -> bool:
        return self.doctors + self.rotating_doctors > 0


class TeamKind(models.TextChoices):
    MOBILE_STATION = "mobile_station", _("Trạm y tế lưu động")
    COMMUNITY_TEAM = "community_team", _("Tổ COVID cộng đồng")


class Team(Placed):
    """A mobile medical station or a community COVID team, placed in its commune or village. Its kit is
    stock issued to it from a store through the ledger (movements whose record names the team)."""

    kind = models.CharField(max_length=20, choices=TeamKind.choices)
    name = models.CharField(max_length=200)
    established_on = models.DateField()
    dissolved_on = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("Trạm lưu động, tổ COVID cộng đồng")
        constraints = (
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=models.F("established_on")),
                name="team_dissolved_after_established",
            ),
        )
        indexes = (models.Index(fields=("unit_path", "kind"), name="team_by_place"),)

    def __str__(self) -> str:
        return self.name

    @property
    def record(self) -> str:
        """How the ledger names this team on the movements that issue it a kit."""
        return f"{KIT_RECORD_PREFIX}{self.pk}"


KIT_RECORD_PREFIX = "readiness.team:"


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(max_length=120)
    position = models.CharField(max_length=120, blank=True, help_text="e.g. bác sĩ, y tá, công an khu vực")
    phone = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.full_name


class SupplyCategory(models.TextChoices):
    """What the norms count, whatever the brand or size of the item."""

    OXYGEN_CYLINDER = "oxygen_cylinder", _("Bình oxy")
    OXYGEN_CONCENTRATOR = "oxygen_concentrator", _("Máy tạo oxy")
    LIQUID_OXYGEN = "liquid_oxygen", _("Oxy lỏng")
    VENTILATOR = "ventilator", _("Máy thở")
    SPO2_METER = "spo2_meter", _("Máy đo SpO2")
    PPE = "ppe", _("Bộ phòng hộ cá nhân")
    TEST_KIT = "test_kit", _("Test xét nghiệm")
    ANTIVIRAL = "antiviral", _("Thuốc kháng vi rút")


class Supply(models.Model):
    """Which norm category a catalogue item counts towards (one item, one category)."""

    item = models.OneToOneField("inventory.Item", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=24, choices=SupplyCategory.choices)

    class Meta:
        verbose_name = _("Vật tư sẵn sàng")

    def __str__(self) -> str:
        return f"{self.item_id}:{self.category}"
