"""Labs, samples, results and pools.

A sample is placed where its person lives (the commune team sees its residents' tests wherever they were
taken); a pool and a lab are placed where they are. A sample has at most one result: a second one is a
new sample (``Result.sample`` is one-to-one).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phaodai.diagnostics.reference import (
    Handover,
    LabKind,
    Outcome,
    PoolStatus,
    Reason,
    Reporter,
    SampleKind,
)
from phaodai.geo.models import Placed

_USER = settings.AUTH_USER_MODEL


class Lab(Placed):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=LabKind.choices)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Phòng xét nghiệm")
        verbose_name_plural = _("Phòng xét nghiệm")

    def __str__(self) -> str:
        return self.name


class Pool(Placed):
    """Up to ``capacity`` swabs tested as one (RT-PCR "gộp mẫu"); ``member_count`` is maintained."""

    code = models.CharField(max_length=40)
    lab = models.ForeignKey(Lab, on_delete=models.PROTECT, related_name="pools")
    capacity = models.PositiveSmallIntegerField()
    member_count = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=12, choices=PoolStatus.choices, default=PoolStatus.COLLECTING)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    resulted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Mẫu gộp")
        verbose_name_plural = _("Mẫu gộp")
        constraints = (
            models.CheckConstraint(condition=Q(member_count__lte=models.F("capacity")), name="pool_not_over"),
        )
        indexes = (models.Index(fields=("unit_path", "status"), name="pool_path_status"),)

    def __str__(self) -> str:
        return self.code


class Sample(Placed):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="samples")
    kind = models.CharField(max_length=12, choices=SampleKind.choices)
    reason = models.CharField(max_length=12, choices=Reason.choices)
    taken_at = models.DateTimeField()
    taken_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")
    reporter = models.CharField(max_length=10, choices=Reporter.choices, blank=True)
    reporter_name = models.CharField(max_length=120, blank=True)
    reporter_phone = models.CharField(max_length=11, blank=True)
    lab = models.ForeignKey(Lab, null=True, blank=True, on_delete=models.PROTECT, related_name="samples")
    pool = models.ForeignKey(Pool, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    round = models.ForeignKey(
        "diagnostics.Round", null=True, blank=True, on_delete=models.PROTECT, related_name="samples"
    )
    stock_movement = models.ForeignKey(
        "inventory.Movement", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="the kit a staff rapid test used",
    )  # fmt: skip
    resulted = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("Mẫu xét nghiệm")
        verbose_name_plural = _("Mẫu xét nghiệm")
        indexes = (
            models.Index(fields=("unit_path", "taken_at"), name="sample_path_taken"),
            models.Index(fields=("person", "taken_at"), name="sample_person_taken"),
        )

    def __str__(self) -> str:
        return gettext("Mẫu #%(id)s") % {"id": self.pk}


class Result(Placed):
    """The outcome of one sample; ``turnaround_minutes`` (taken → resulted) is kept for the lab table."""

    sample = models.OneToOneField(Sample, on_delete=models.CASCADE, related_name="result")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    resulted_at = models.DateTimeField()
    lab = models.ForeignKey(Lab, null=True, blank=True, on_delete=models.PROTECT, related_name="results")
    ct_value = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    from_pool = models.BooleanField(default=False, help_text="closed negative by its pool's result")
    turnaround_minutes = models.PositiveIntegerField(null=True, blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    handover = models.CharField(max_length=12, choices=Handover.choices, blank=True)
    handover_note = models.CharField(max_length=255, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Kết quả xét nghiệm")
        verbose_name_plural = _("Kết quả xét nghiệm")
        indexes = (
            models.Index(fields=("unit_path", "resulted_at"), name="result_path_resulted"),
            models.Index(fields=("lab", "resulted_at"), name="result_lab_resulted"),
        )

    def __str__(self) -> str:
        return f"{self.sample_id}: {self.get_outcome_display()}"
