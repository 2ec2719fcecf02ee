"""Quarantine (F1) and isolation (F0) orders. The follow-up schedule is derived from the dates and the
rule set the order keeps, never stored as a row per day."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from phaodai.core.models import RuleSet
from phaodai.geo.models import Placed
from phaodai.quarantine.reference import OrderKind, OrderPlace, OrderStatus

_USER = settings.AUTH_USER_MODEL


class Order(Placed):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="quarantine_orders")
    kind = models.CharField(max_length=4, choices=OrderKind.choices)
    place = models.CharField(max_length=16, choices=OrderPlace.choices)
    facility = models.ForeignKey(
        "facilities.Facility", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(max_length=255, blank=True)
    contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    start_date = models.DateField()
    end_date = models.DateField()
    test_days = models.JSONField(default=list, blank=True)
    self_monitor_days = models.PositiveSmallIntegerField(default=0)
    rules = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=OrderStatus.choices, default=OrderStatus.ACTIVE)
    number = models.CharField(max_length=32, blank=True)
    issuer = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_on = models.DateField(null=True, blank=True)
    release_number = models.CharField(max_length=32, blank=True)
    signer_name = models.CharField(max_length=120, blank=True)
    signer_title = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Quyết định cách ly")
        verbose_name_plural = _("Quyết định cách ly")
        indexes = (models.Index(fields=("unit_path", "status", "end_date"), name="order_path_status_end"),)
        constraints = (
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="order_end_after_start"),
            models.CheckConstraint(
                condition=Q(released_on__gte=F("start_date")), name="order_release_after_start"
            ),
            models.UniqueConstraint(
                fields=("person",), condition=Q(status=OrderStatus.ACTIVE), name="order_one_active_per_person"
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
