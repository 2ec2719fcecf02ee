"""Exposures between people, the F1/F2 status derived from them, and transmission chains.

Nobody types "F1": an exposure to an F0 makes an F1, an exposure to an F1 an F2 (while the rule set in
force tracks F2). ``Contact`` rows are derived and refreshed for the people an edge touches.
``ChainNode`` keeps each person's connected component, merged incrementally when an edge joins two.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from phaodai.contacts.reference import OPEN_TRACE_STATUSES, ContactLevel, ExposureSetting, TraceStatus
from phaodai.core.fields import BinaryCharField
from phaodai.core.models import RuleSet
from phaodai.core.scoping import ScopedQuerySet
from phaodai.geo.models import Placed

_USER = settings.AUTH_USER_MODEL


class Exposure(Placed):
    """``contact`` was exposed to ``source`` (placed where the contact lives: that commune traces them)."""

    source = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="exposures_given")
    contact = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="exposures")
    source_case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="exposures"
    )
    setting = models.CharField(max_length=24, choices=ExposureSetting.choices)
    last_exposure_date = models.DateField()
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Tiếp xúc")
        verbose_name_plural = _("Tiếp xúc")
        indexes = (models.Index(fields=("source", "contact"), name="exposure_source_contact"),)
        constraints = (
            models.CheckConstraint(condition=~Q(source=F("contact")), name="exposure_not_self"),
            models.UniqueConstraint(fields=("source", "contact"), name="exposure_pair_unique"),
        )

    def __str__(self) -> str:
        return f"{self.source_id} -> {self.contact_id}"


class Contact(Placed):
    """A person's current contact status (F1/F2), derived from the exposure graph, and its tracing."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="contact_traces")
    level = models.CharField(max_length=2, choices=ContactLevel.choices)
    index_case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="traced_contacts")
    via = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="for an F2, the F1 they met",
    )
    last_exposure_date = models.DateField()
    status = models.CharField(max_length=16, choices=TraceStatus.choices, default=TraceStatus.LISTED)
    rules = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+")
    listed_at = models.DateTimeField()
    reached_at = models.DateTimeField(null=True, blank=True)
    reached_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Người tiếp xúc")
        verbose_name_plural = _("Người tiếp xúc")
        indexes = (models.Index(fields=("unit_path", "status", "listed_at"), name="contact_worklist"),)
        constraints = (
            models.UniqueConstraint(
                fields=("person",),
                condition=Q(status__in=OPEN_TRACE_STATUSES),
                name="contact_one_open_per_person",
            ),
        )

    def __str__(self) -> str:
        return f"{self.level} {self.person_id}"


class Chain(models.Model):
    """A connected component of the exposure graph (a transmission chain), with its maintained size."""

    size = models.PositiveIntegerField(default=0)
    case_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"#{self.pk} ({self.size})"


class ChainNode(models.Model):
    """Which chain a person belongs to. Two chains joined by an edge: the smaller one is relabelled."""

    person = models.OneToOneField(
        "people.Person", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="nodes")
    unit_path = BinaryCharField(max_length=80, db_index=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        # a chain's members in person order from the index alone (the chain page's reads)
        indexes = (models.Index(fields=("chain", "person"), name="chainnode_chain_person"),)

    def __str__(self) -> str:
        return f"{self.person_id}@{self.chain_id}"
