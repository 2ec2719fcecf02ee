"""Centralised quarantine facilities and COVID-19 treatment facilities: capacity and who is in them."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from phaodai.core import clock
from phaodai.geo.models import Placed, UnitLevel

# Facilities sit in a district, a commune or a village (a provincial field hospital is placed where it is).
FACILITY_LEVELS = (UnitLevel.DISTRICT, UnitLevel.COMMUNE, UnitLevel.VILLAGE)


class FacilityPurpose(models.TextChoices):
    QUARANTINE = "quarantine", _("Cách ly")
    TREATMENT = "treatment", _("Điều trị")


class FacilityKind(models.TextChoices):
    QUARANTINE_CENTRE = "quarantine_centre", _("Khu cách ly tập trung")
    TREATMENT_FACILITY = "treatment_facility", _("Cơ sở thu dung, điều trị COVID-19")
    FIELD_HOSPITAL = "field_hospital", _("Bệnh viện dã chiến")
    HOSPITAL = "hospital", _("Bệnh viện")
    COMMUNE_STATION = "commune_station", _("Trạm Y tế xã")
    MOBILE_STATION = "mobile_station", _("Trạm Y tế lưu động")


# The kinds that hold people under quarantine (F1); every other kind isolates and treats F0.
QUARANTINE_KINDS = (FacilityKind.QUARANTINE_CENTRE,)


def purpose_of(kind: str) -> FacilityPurpose:
    return FacilityPurpose.QUARANTINE if kind in QUARANTINE_KINDS else FacilityPurpose.TREATMENT


class TreatmentTier(models.IntegerChoices):
    """The three-tier model of COVID-19 treatment (tầng 1: mild, 2: moderate, 3: severe and critical)."""

    NONE = 0, _("Không phân tầng")
    TIER_1 = 1, _("Tầng 1")
    TIER_2 = 2, _("Tầng 2")
    TIER_3 = 3, _("Tầng 3")


class Facility(Placed):
    """A place people stay in: a requisitioned school or dormitory, a field hospital, a ward.

    A school handed back before term starts is a closed facility (``closed_on``): it keeps its history.
    """

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=24, choices=FacilityKind.choices)
    treatment_tier = models.PositiveSmallIntegerField(
        choices=TreatmentTier.choices, default=TreatmentTier.NONE
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="facilities"
    )
    address = models.CharField(max_length=255, blank=True)
    beds = models.PositiveIntegerField()
    icu_beds = models.PositiveIntegerField(default=0)
    oxygen_points = models.PositiveIntegerField(default=0)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("Cơ sở cách ly, điều trị")
        verbose_name_plural = _("Cơ sở cách ly, điều trị")
        constraints = (
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="facility_closed_after_opened",
            ),
            models.CheckConstraint(condition=Q(icu_beds__lte=F("beds")), name="facility_icu_within_beds"),
            models.CheckConstraint(condition=Q(treatment_tier__lte=3), name="facility_tier_known"),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def purpose(self) -> FacilityPurpose:
        return purpose_of(self.kind)

    def is_open_on(self, day: dt.date) -> bool:
        """Open from ``opened_on``; closed from ``closed_on`` on (that day included)."""
        return self.opened_on <= day and (self.closed_on is None or day < self.closed_on)

    @property
    def is_open(self) -> bool:
        return self.is_open_on(clock.today())

    @property
    def not_yet_open(self) -> bool:
        return clock.today() < self.opened_on


class StayPurpose(models.TextChoices):
    ISOLATION = "isolation", _("Cách ly/điều trị F0")
    QUARANTINE = "quarantine", _("Cách ly F1")
    TREATMENT = "treatment", _("Điều trị")


class Stay(Placed):
    """One person's stay in a facility, placed at the facility's unit (its staff see it, wherever the
    person lives). ``source`` says which record asked for it (``case:12``, ``order:7``)."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="stays")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="facility_stays")
    purpose = models.CharField(max_length=16, choices=StayPurpose.choices)
    admitted_at = models.DateTimeField()
    discharged_at = models.DateTimeField(null=True, blank=True)
    discharge_reason = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=40, blank=True)
    positive_flagged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("Lượt lưu trú")
        verbose_name_plural = _("Lượt lưu trú")
        indexes = (
            models.Index(fields=("facility", "discharged_at"), name="stay_facility_discharged"),
            models.Index(fields=("facility", "admitted_at"), name="stay_facility_admitted"),
        )
        constraints = (
            models.UniqueConstraint(
                fields=("person",), condition=Q(discharged_at__isnull=True), name="stay_one_open_per_person"
            ),
            models.CheckConstraint(
                condition=Q(discharged_at__isnull=True) | Q(discharged_at__gte=F("admitted_at")),
                name="stay_discharged_after_admitted",
            ),
        )

    def __str__(self) -> str:
        return f"{self.person_id}@{self.facility_id}"

    @property
    def is_open(self) -> bool:
        return self.discharged_at is None
