"""F0 cases: the case itself, its timeline, daily monitoring, escalations and clusters."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phaodai.cases.reference import (
    OPEN_STATUSES,
    CaseBasis,
    CaseStatus,
    ClusterSetting,
    ClusterStatus,
    Detection,
    PlaceOfCare,
    Severity,
    TestKind,
)
from phaodai.core.models import RuleSet
from phaodai.geo.models import Placed

_USER = settings.AUTH_USER_MODEL


class Cluster(Placed):
    """An outbreak cluster (ổ dịch): cases grouped by setting and place. Counts are maintained on write."""

    name = models.CharField(max_length=200)
    setting = models.CharField(max_length=24, choices=ClusterSetting.choices)
    place_name = models.CharField(max_length=200, blank=True, help_text="factory, school, village...")
    status = models.CharField(max_length=16, choices=ClusterStatus.choices, default=ClusterStatus.ACTIVE)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    case_count = models.PositiveIntegerField(default=0)
    last_case_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Ổ dịch")
        verbose_name_plural = _("Ổ dịch")
        constraints = (
            models.CheckConstraint(condition=Q(closed_on__gte=F("opened_on")), name="cluster_dates_in_order"),
        )

    def __str__(self) -> str:
        return self.name


class Case(Placed):
    """An F0 (or a suspected case) of one person; placed where the person lives.

    Every decision keeps the rule set version it was made under (definition, severity, home care,
    release). ``risk_score`` orders the lists (65+, comorbidity, unvaccinated, under 5 first).
    """

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=16, choices=CaseStatus.choices)
    basis = models.CharField(max_length=16, choices=CaseBasis.choices)
    definition_rules = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+")
    test_kind = models.CharField(max_length=16, choices=TestKind.choices)
    sample_date = models.DateField(null=True, blank=True)
    report_date = models.DateField()
    onset_date = models.DateField(null=True, blank=True)
    detected_in = models.CharField(max_length=16, choices=Detection.choices)
    symptoms = models.JSONField(default=list, blank=True)
    vaccine_doses = models.PositiveSmallIntegerField(default=0)
    last_dose_date = models.DateField(null=True, blank=True)
    risk_flags = models.JSONField(default=list, blank=True)
    risk_score = models.PositiveSmallIntegerField(default=0)
    severity = models.CharField(max_length=16, choices=Severity.choices)
    severity_rules = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+")
    place_of_care = models.CharField(max_length=24, choices=PlaceOfCare.choices)
    facility = models.ForeignKey(
        "facilities.Facility", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    can_self_care = models.BooleanField(default=True, help_text="or has a caregiver who can")
    home_care_eligible = models.BooleanField(null=True)
    home_care_rules = models.ForeignKey(RuleSet, null=True, on_delete=models.PROTECT, related_name="+")
    home_care_reasons = models.JSONField(default=list, blank=True)
    source_case = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="infected"
    )
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    last_monitored_at = models.DateTimeField(null=True, blank=True)
    outcome_date = models.DateField(null=True, blank=True)
    release_rules = models.ForeignKey(
        RuleSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("Ca bệnh")
        verbose_name_plural = _("Ca bệnh")
        indexes = (
            models.Index(fields=("unit_path", "status", "risk_score"), name="case_path_status_risk"),
            models.Index(fields=("unit_path", "report_date"), name="case_path_report"),
            models.Index(fields=("cluster", "report_date"), name="case_cluster_report"),
        )
        constraints = (
            models.UniqueConstraint(
                fields=("person",), condition=Q(status__in=OPEN_STATUSES), name="case_one_open_per_person"
            ),
            models.CheckConstraint(
                condition=Q(onset_date__lte=F("report_date")), name="case_onset_before_report"
            ),
            models.CheckConstraint(
                condition=Q(outcome_date__gte=F("report_date")), name="case_outcome_after_report"
            ),
            models.CheckConstraint(condition=~Q(source_case=F("id")), name="case_not_its_own_source"),
        )

    def __str__(self) -> str:
        return gettext("Ca bệnh #%(id)s") % {"id": self.pk}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Ghi nhận")
    CONFIRMED = "confirmed", _("Khẳng định F0")
    SEVERITY = "severity", _("Thay đổi mức độ")
    TRANSFER = "transfer", _("Chuyển nơi điều trị")
    WARNING = "warning", _("Dấu hiệu cảnh báo")
    ESCALATION_HANDLED = "escalation_handled", _("Xử lý cảnh báo")
    HOME_CARE = "home_care", _("Đánh giá điều trị tại nhà")
    CLUSTER = "cluster", _("Gắn ổ dịch")
    OUTCOME = "outcome", _("Kết thúc")


class CaseEvent(models.Model):
    """One line of a case's timeline; transfers carry from/to place and facility in ``details``."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    summary = models.CharField(max_length=255)
    details = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("at", "id")
        indexes = (models.Index(fields=("case", "at"), name="case_event_case_at"),)

    def __str__(self) -> str:
        return self.summary


class MonitoringEntry(Placed):
    """One health check of a case (the "Phiếu theo dõi sức khỏe"), with the signs it raised."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="monitoring")
    at = models.DateTimeField()
    spo2 = models.PositiveSmallIntegerField(null=True, blank=True)
    temperature = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    resp_rate = models.PositiveSmallIntegerField(null=True, blank=True)
    pulse = models.PositiveSmallIntegerField(null=True, blank=True)
    systolic = models.PositiveSmallIntegerField(null=True, blank=True)
    diastolic = models.PositiveSmallIntegerField(null=True, blank=True)
    symptoms = models.JSONField(default=list, blank=True)
    warning_signs = models.JSONField(default=list, blank=True)
    warning_rules = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+")
    severity = models.CharField(max_length=16, choices=Severity.choices)
    recorded_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Phiếu theo dõi sức khỏe")
        verbose_name_plural = _("Phiếu theo dõi sức khỏe")
        indexes = (models.Index(fields=("case", "at"), name="monitoring_case_at"),)
        constraints = (models.CheckConstraint(condition=Q(spo2__lte=100), name="monitoring_spo2_percent"),)

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%d/%m %H:%M}"


class Escalation(Placed):
    """A case on the escalation list because of warning signs, until someone handles it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    opened_at = models.DateTimeField()
    signs = models.JSONField(default=list)
    entry = models.ForeignKey(MonitoringEntry, null=True, on_delete=models.SET_NULL, related_name="+")
    risk_score = models.PositiveSmallIntegerField(default=0)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=255, blank=True)

    class Meta:
        indexes = (
            models.Index(
                fields=("unit_path", "risk_score", "opened_at"),
                condition=Q(handled_at__isnull=True),
                name="escalation_open",
            ),
        )
        constraints = (
            models.UniqueConstraint(
                fields=("case",), condition=Q(handled_at__isnull=True), name="escalation_one_open_per_case"
            ),
        )

    def __str__(self) -> str:
        return f"{self.case_id} {self.opened_at:%d/%m %H:%M}"
