"""The command center's data: figures maintained per unit and reporting day, weekly risk levels, daily
reports, and the boundaries the risk map draws.

``DailyCount`` is the one table dashboards and reports read (decision 0008): each source row (a case, a
quarantine order, a test result, an escalation, a facility stay) contributes a few signed values to
(its unit, a reporting day, a metric). Flows ("new cases") are counted on their day; stocks ("F1 in
quarantine") are written as +1 on the day they start and -1 on the day they end, so the stock on a day
is the running sum up to it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.core.models import RuleSet
from phaodai.geo.models import Placed

_USER = settings.AUTH_USER_MODEL


class DailyCount(Placed):
    rebuilt_after_switch = True  # the map switch does not move these rows: they are rebuilt from theirs

    day = models.DateField()
    metric = models.CharField(max_length=40)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("Số liệu theo ngày báo cáo")
        constraints = (models.UniqueConstraint(fields=("unit", "day", "metric"), name="dailycount_cell"),)
        indexes = (models.Index(fields=("metric", "unit_path", "day"), name="dailycount_metric_path_day"),)

    def __str__(self) -> str:
        return f"{self.unit_path} {self.day} {self.metric}={self.value}"


class RiskLevel(models.IntegerChoices):
    LOW = 1, _("Cấp 1 - Nguy cơ thấp")
    MEDIUM = 2, _("Cấp 2 - Nguy cơ trung bình")
    HIGH = 3, _("Cấp 3 - Nguy cơ cao")
    VERY_HIGH = 4, _("Cấp 4 - Nguy cơ rất cao")


ROLLUP_METHODS = {
    "worst": _("cấp cao nhất của các đơn vị"),
    "share": _("tỷ lệ số đơn vị theo cấp"),
    "population": _("bình quân theo dân số"),
}


class RiskAssessment(Placed):
    """One unit's level for the week ending ``week_end``, with the figures and the rule version behind it.

    ``level`` is what the platform computed; an authorised user may set ``override_level`` with a reason
    (audited); :attr:`effective_level` is what everyone is shown.
    """

    week_end = models.DateField()
    level = models.PositiveSmallIntegerField(
        choices=RiskLevel.choices, null=True, help_text="None: no population"
    )
    figures = models.JSONField(default=dict)
    reasons = models.JSONField(default=list)
    method = models.CharField(max_length=24, blank=True, help_text="roll-up method for districts and above")
    rules = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+")
    override_level = models.PositiveSmallIntegerField(choices=RiskLevel.choices, null=True, blank=True)
    override_reason = models.CharField(max_length=500, blank=True)
    overridden_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("Đánh giá cấp độ dịch")
        constraints = (models.UniqueConstraint(fields=("unit", "week_end"), name="risk_unit_week"),)
        indexes = (models.Index(fields=("week_end", "unit_path"), name="risk_week_path"),)

    def __str__(self) -> str:
        return f"{self.unit_path} {self.week_end}: {self.effective_level}"

    @property
    def effective_level(self) -> int | None:
        return self.override_level or self.level

    @property
    def method_label(self) -> str:
        """The roll-up method as officials read it ("worst" is the rule's code)."""
        return str(ROLLUP_METHODS.get(self.method, self.method))


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã duyệt")
    ISSUED = "issued", _("Đã ban hành")


class DailyReport(Placed):
    """A "báo cáo nhanh" for one reporting day and unit: drafted, approved by a leader, then issued.

    Figures are read from ``DailyCount`` when drafted and frozen when issued: an issued report never
    changes, even when late data arrives (the next report carries it).
    """

    day = models.DateField()
    status = models.CharField(max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    number = models.CharField(max_length=40, blank=True)
    issuer_name = models.CharField(max_length=200)
    place_name = models.CharField(max_length=80)
    figures = models.JSONField(default=dict)
    remarks = models.TextField(blank=True)
    recipients = models.JSONField(default=list)
    signer_title = models.CharField(max_length=120, blank=True)
    signer_name = models.CharField(max_length=120, blank=True)
    drafted_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField()
    approved_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Báo cáo nhanh")
        constraints = (models.UniqueConstraint(fields=("unit", "day"), name="dailyreport_unit_day"),)

    def __str__(self) -> str:
        return f"{self.unit_path} {self.day} {self.status}"


class BoundarySet(Placed):
    """Unit boundaries (GeoJSON) an administrator loaded for the risk map, keyed by unit code.

    ``schematic`` marks drawn (not surveyed) shapes, as the demo's are: the map says so.
    """

    name = models.CharField(max_length=200)
    geojson = models.JSONField()
    schematic = models.BooleanField(default=False)
    loaded_at = models.DateTimeField()
    loaded_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Bản đồ ranh giới")

    def __str__(self) -> str:
        return self.name
