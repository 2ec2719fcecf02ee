"""Checkpoints, their shifts, the passage log and its daily counters, outbreak zones, arrival follow-ups,
and the registered freight transport ("1 cung đường 2 điểm đến").

A checkpoint and its passages are placed where the checkpoint stands (its staff see them); an arrival
follow-up is placed at the destination commune (its health station and community team see it).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phaodai.checkpoints.reference import (
    CheckpointLevel,
    CrewRole,
    Decision,
    Direction,
    FollowUpAction,
    FollowUpStatus,
    Purpose,
    TestKind,
    TestOutcome,
    ZoneLevel,
)
from phaodai.core.fields import BinaryCharField
from phaodai.geo.models import AdminUnit, Placed

_USER = settings.AUTH_USER_MODEL


class Checkpoint(Placed):
    name = models.CharField(max_length=200)
    road = models.CharField(max_length=200, blank=True, help_text="quốc lộ, tỉnh lộ, km")
    level = models.CharField(max_length=10, choices=CheckpointLevel.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="checkpoints"
    )
    transshipment = models.BooleanField(default=False, help_text="điểm trung chuyển hàng hoá")
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Chốt kiểm soát")
        verbose_name_plural = _("Chốt kiểm soát")
        ordering = ("unit_path", "name")

    def __str__(self) -> str:
        return self.name


class DutyShift(Placed):
    """Who is on duty at a checkpoint from when to when (forces are mostly not users: names as text)."""

    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.CASCADE, related_name="shifts")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    leader = models.CharField(max_length=120)
    staff = models.TextField(blank=True, help_text="một người một dòng: họ tên – lực lượng")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("-starts_at",)
        indexes = (models.Index(fields=("checkpoint", "starts_at"), name="dutyshift_checkpoint_start"),)
        constraints = (
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="dutyshift_ends_after"
            ),
        )

    def __str__(self) -> str:
        return f"{self.checkpoint} {self.starts_at:%d/%m %H:%M}"

    @property
    def staff_list(self) -> list[str]:
        return [line.strip() for line in self.staff.splitlines() if line.strip()]


class Zone(Placed):
    """An outbreak area an administrator lists (until the command center publishes risk levels): the unit,
    its level and the days it holds. Read only through :func:`phaodai.checkpoints.zones.zone_of`."""

    level = models.PositiveSmallIntegerField(choices=ZoneLevel.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=255)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")
    # Not stored: how many follow-ups declaring the zone handed over for arrivals already recorded.
    earlier_arrivals: int = 0

    class Meta:
        ordering = ("-valid_from", "unit_path")
        indexes = (models.Index(fields=("unit_path", "valid_from"), name="zone_path_from"),)

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_level_display()})"


# --- Registered freight transport -------------------------------------------------------------------


class TransportCompany(Placed):
    name = models.CharField(max_length=200)
    tax_code = models.CharField(max_length=14, blank=True)
    phone = models.CharField(max_length=11, blank=True)
    created_at = models.DateTimeField()
    retired_on = models.DateField(null=True, blank=True, help_text="ngừng hoạt động vận tải từ ngày")

    class Meta:
        verbose_name = _("Doanh nghiệp vận tải")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Vehicle(Placed):
    company = models.ForeignKey(TransportCompany, on_delete=models.CASCADE, related_name="vehicles")
    plate = models.CharField(max_length=16)
    description = models.CharField(max_length=120, blank=True)
    retired_on = models.DateField(null=True, blank=True, help_text="không còn đăng ký từ ngày")

    class Meta:
        ordering = ("plate",)
        constraints = (
            # a plate is registered once at a time; a retired vehicle's plate may be registered again
            models.UniqueConstraint(
                fields=("plate",), condition=Q(retired_on__isnull=True), name="vehicle_active_plate"
            ),
        )
        indexes = (models.Index(fields=("plate",), name="vehicle_plate"),)

    def __str__(self) -> str:
        return self.plate


class CrewMember(Placed):
    company = models.ForeignKey(TransportCompany, on_delete=models.CASCADE, related_name="crew")
    role = models.CharField(max_length=10, choices=CrewRole.choices)
    full_name = models.CharField(max_length=120)
    national_id = models.CharField(max_length=12)
    phone = models.CharField(max_length=11, blank=True)
    retired_on = models.DateField(null=True, blank=True, help_text="không còn đăng ký từ ngày")

    class Meta:
        ordering = ("full_name",)
        constraints = (
            models.UniqueConstraint(
                fields=("company", "national_id"), condition=Q(retired_on__isnull=True), name="crew_active_id"
            ),
        )

    def __str__(self) -> str:
        return self.full_name


class Route(Placed):
    """One vehicle's registered route: one origin, one destination, the stops and the checkpoints it may
    pass, an optional transshipment point, and how long it may stop."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="routes")
    crew = models.ManyToManyField(CrewMember, blank=True, related_name="routes")
    origin = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    stops = models.ManyToManyField(AdminUnit, blank=True, related_name="+")
    checkpoints = models.ManyToManyField(Checkpoint, blank=True, related_name="routes")
    transshipment = models.ForeignKey(
        Checkpoint, null=True, blank=True, on_delete=models.PROTECT, related_name="transshipment_routes"
    )
    allowed_stop_minutes = models.PositiveSmallIntegerField(default=30)
    valid_from = models.DateField()
    valid_to = models.DateField()
    retired_on = models.DateField(null=True, blank=True, help_text="huỷ từ ngày (trước ngày hết hạn)")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("-valid_from",)
        indexes = (models.Index(fields=("vehicle", "valid_from"), name="route_vehicle_from"),)

    def __str__(self) -> str:
        return f"{self.vehicle}: {self.origin} → {self.destination}"


# --- The passage log ------------------------------------------------------------------------------------


class Passage(Placed):
    """One crossing at a barrier. Written hundreds of times a second at peak, so it carries only the
    indexes its reads use: (checkpoint, day, at) for a checkpoint's day, (vehicle, at) for the stop time,
    the unit path for scoping, unit and person for the map switch and for merging persons. The other
    foreign keys point at rows that are retired, never deleted (PROTECT), and are not indexed."""

    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.PROTECT, related_name="passages", db_index=False
    )
    at = models.DateTimeField()
    day = models.DateField()
    direction = models.CharField(max_length=3, choices=Direction.choices)
    plate = models.CharField(max_length=16, blank=True)
    vehicle = models.ForeignKey(
        Vehicle, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    route = models.ForeignKey(
        Route, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    full_name = models.CharField(max_length=120, blank=True)
    national_id = models.CharField(max_length=12, blank=True)
    phone = models.CharField(max_length=11, blank=True)
    origin = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    origin_path = BinaryCharField(max_length=80, blank=True)
    destination = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    declaration = models.JSONField(default=dict, blank=True)
    test_kind = models.CharField(max_length=5, choices=TestKind.choices, blank=True)
    test_taken_at = models.DateTimeField(null=True, blank=True)
    test_outcome = models.CharField(max_length=8, choices=TestOutcome.choices, blank=True)
    test_valid = models.BooleanField(null=True)
    test_rules = models.ForeignKey(
        "core.RuleSet", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    zone_level = models.PositiveSmallIntegerField(null=True, blank=True, choices=ZoneLevel.choices)
    decision = models.CharField(max_length=12, choices=Decision.choices)
    reason = models.CharField(max_length=255, blank=True)
    flags = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        _USER, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("Lượt qua chốt")
        verbose_name_plural = _("Lượt qua chốt")
        indexes = (
            models.Index(fields=("checkpoint", "day", "at"), name="passage_checkpoint_day"),
            models.Index(
                fields=("vehicle", "at"), name="passage_vehicle_at", condition=Q(vehicle__isnull=False)
            ),
        )

    def __str__(self) -> str:
        who = self.plate or self.full_name or self.national_id
        return f"{self.checkpoint_id} {self.at:%d/%m %H:%M} {who}"


class PassageCount(Placed):
    """Maintained per (checkpoint, day) in the transaction of each passage: what the dashboards read."""

    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.CASCADE, related_name="counts")
    day = models.DateField()
    passages = models.PositiveIntegerField(default=0)
    inbound = models.PositiveIntegerField(default=0)
    monitored = models.PositiveIntegerField(default=0)
    turned_back = models.PositiveIntegerField(default=0)
    quarantined = models.PositiveIntegerField(default=0)
    from_zones = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (models.UniqueConstraint(fields=("checkpoint", "day"), name="passagecount_unique"),)
        indexes = (models.Index(fields=("unit_path", "day"), name="passagecount_path_day"),)


class OriginCount(Placed):
    """Arrivals (inbound passages) per (checkpoint, day, origin province), maintained like PassageCount."""

    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    origin_province = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    arrivals = models.PositiveIntegerField(default=0)
    from_zones = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("checkpoint", "day", "origin_province"), name="origincount_unique"
            ),
        )
        indexes = (models.Index(fields=("unit_path", "day"), name="origincount_path_day"),)


class Handover(Placed):
    """Goods handed from one vehicle to another at a transshipment point."""

    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, related_name="handovers")
    at = models.DateTimeField()
    from_plate = models.CharField(max_length=16)
    to_plate = models.CharField(max_length=16)
    goods = models.CharField(max_length=200)
    note = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("-at",)

    def __str__(self) -> str:
        return f"{self.from_plate} → {self.to_plate}"


# --- Arrivals from outbreak areas -------------------------------------------------------------------------


class ArrivalImport(Placed):
    """A list of arrivals another province sent, imported whole or not at all."""

    file_name = models.CharField(max_length=255)
    source = models.CharField(max_length=200)
    row_count = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.file_name


class FollowUp(Placed):
    """What the destination commune must do about one arrival from an outbreak area, and by when."""

    passage = models.OneToOneField(
        Passage, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_up"
    )
    source = models.ForeignKey(
        ArrivalImport, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    full_name = models.CharField(max_length=120)
    national_id = models.CharField(max_length=12, blank=True)
    phone = models.CharField(max_length=11, blank=True)
    origin = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    zone_level = models.PositiveSmallIntegerField(choices=ZoneLevel.choices)
    arrived_on = models.DateField()
    action = models.CharField(max_length=10, choices=FollowUpAction.choices)
    test_day = models.PositiveSmallIntegerField(null=True, blank=True)
    until = models.DateField()
    due_on = models.DateField()
    rules = models.ForeignKey("core.RuleSet", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=6, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    outcome = models.CharField(max_length=255, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("Người đến từ vùng dịch")
        verbose_name_plural = _("Người đến từ vùng dịch")
        indexes = (models.Index(fields=("unit_path", "status", "due_on"), name="followup_path_due"),)

    def __str__(self) -> str:
        return self.full_name
