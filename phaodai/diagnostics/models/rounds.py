"""Testing rounds: a plan (how many people, by when) for a zone or a population, with counters kept by
the services that take samples and record results, so the page never recounts all the samples."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from phaodai.diagnostics.reference import RoundTarget
from phaodai.geo.models import AdminUnit, Placed


class Round(Placed):
    name = models.CharField(max_length=200)
    target = models.CharField(max_length=12, choices=RoundTarget.choices)
    areas = models.ManyToManyField(AdminUnit, blank=True, related_name="+", help_text="communes, villages")
    enterprise = models.ForeignKey(
        "diagnostics.Enterprise", null=True, blank=True, on_delete=models.PROTECT, related_name="rounds"
    )
    population_name = models.CharField(max_length=200, blank=True, help_text="a school, a market...")
    planned = models.PositiveIntegerField()
    starts_on = models.DateField()
    due_on = models.DateField()
    sampled = models.PositiveIntegerField(default=0)
    resulted = models.PositiveIntegerField(default=0)
    positive = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("Đợt xét nghiệm")
        verbose_name_plural = _("Đợt xét nghiệm")
        constraints = (
            models.CheckConstraint(condition=Q(due_on__gte=F("starts_on")), name="round_dates_in_order"),
        )
        indexes = (models.Index(fields=("unit_path", "due_on"), name="round_path_due"),)

    def __str__(self) -> str:
        return self.name

    @property
    def progress(self) -> float:
        """Share of the planned people with a result."""
        return self.resulted / self.planned if self.planned else 0.0

    @property
    def positivity(self) -> float | None:
        return self.positive / self.resulted if self.resulted else None
