"""Workplace shift testing ("an toàn để sản xuất"): an enterprise, its workers and its shifts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.geo.models import Placed

_USER = settings.AUTH_USER_MODEL


class Enterprise(Placed):
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Doanh nghiệp")
        verbose_name_plural = _("Doanh nghiệp")

    def __str__(self) -> str:
        return self.name


class Worker(models.Model):
    """A person working at an enterprise (they may live anywhere: the enterprise's place scopes it)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="workers")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("enterprise", "person"), name="worker_once_per_enterprise"),
        )

    def __str__(self) -> str:
        return f"{self.enterprise_id}:{self.person_id}"


class Shift(Placed):
    """A shift on a day; placed at its enterprise's unit."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="shifts")
    name = models.CharField(max_length=80)
    day = models.DateField()
    starts_at = models.TimeField()
    workers = models.ManyToManyField(Worker, blank=True, related_name="shifts")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("Ca làm việc")
        verbose_name_plural = _("Ca làm việc")
        indexes = (models.Index(fields=("enterprise", "day"), name="shift_enterprise_day"),)

    def __str__(self) -> str:
        return f"{self.name} {self.day:%d/%m/%Y}"
