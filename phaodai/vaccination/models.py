"""Doses given, each person's maintained vaccination status, coverage counters, contraindications and
mobile team sessions.

A dose is placed where it was given (the site's unit: its staff see it). The person's status row and the
coverage counters are placed where the person lives (their commune), which is what coverage and sweep
lists are about. Status and counters are maintained in the same transaction as each dose and can be
rebuilt from the dose rows (``manage.py vaccination_rebuild``) after a bulk load.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phaodai.geo.models import Placed


class DoseKind(models.TextChoices):
    PRIMARY = "primary", _("Liều cơ bản")
    ADDITIONAL = "additional", _("Liều bổ sung")
    BOOSTER = "booster", _("Liều nhắc lại")


class Session(Placed):
    """A vaccination session of a team at a place on a day: how many doses were planned and given."""

    team = models.CharField(max_length=120)
    place = models.CharField(max_length=200, blank=True)
    held_on = models.DateField()
    planned = models.PositiveIntegerField()
    given = models.PositiveIntegerField(default=0, help_text="maintained: doses recorded in the session")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("Buổi tiêm chủng")
        verbose_name_plural = _("Buổi tiêm chủng")
        indexes = (models.Index(fields=("unit_path", "held_on"), name="vacc_session_place_day"),)

    def __str__(self) -> str:
        return f"{self.team} {self.held_on:%d/%m/%Y}"


class Dose(Placed):
    """One dose given to one person, decided under the products rule set in force that day (``rules``)."""

    # No index of their own on these foreign keys: (person, number) is unique and leads with the person;
    # lots, sessions, rule versions and users are not deleted in bulk; COPY of millions of doses pays for
    # every index.
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="doses", db_index=False
    )
    number = models.PositiveSmallIntegerField(help_text="1 for the first dose the person ever had")
    kind = models.CharField(max_length=12, choices=DoseKind.choices)
    product = models.CharField(max_length=16, help_text="product code in the catalogue rule set")
    lot = models.ForeignKey("inventory.Lot", on_delete=models.PROTECT, related_name="+", db_index=False)
    given_on = models.DateField()
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.PROTECT, related_name="doses", db_index=False
    )
    team = models.CharField(max_length=120, blank=True)
    home_path = models.CharField(max_length=80, help_text="the person's commune when the dose was given")
    birth_year = models.PositiveSmallIntegerField(help_text="copied from the person, for coverage rebuilds")
    rules = models.ForeignKey("core.RuleSet", on_delete=models.PROTECT, related_name="+", db_index=False)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("Mũi tiêm")
        verbose_name_plural = _("Mũi tiêm")
        constraints = (
            models.UniqueConstraint(fields=("person", "number"), name="vacc_dose_number_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="vacc_dose_number_positive"),
        )
        indexes = (models.Index(fields=("unit_path", "given_on"), name="vacc_dose_place_day"),)

    def __str__(self) -> str:
        return f"{self.person_id} #{self.number} {self.product}"


class VaccinationStatus(Placed):
    """Where one person stands: doses so far and the next one due (maintained; placed where they live)."""

    person = models.OneToOneField(
        "people.Person", primary_key=True, on_delete=models.CASCADE, related_name="vaccination_status"
    )
    doses = models.PositiveSmallIntegerField(default=0)
    series_product = models.CharField(max_length=16, help_text="product of the first dose")
    last_product = models.CharField(max_length=16)
    last_given_on = models.DateField()
    primary_complete = models.BooleanField(default=False)
    next_number = models.PositiveSmallIntegerField(null=True, blank=True)
    next_kind = models.CharField(max_length=12, choices=DoseKind.choices, blank=True)
    next_due_on = models.DateField(
        null=True, blank=True, help_text="the earliest day the next dose may be given"
    )
    overdue_on = models.DateField(null=True, blank=True, help_text="after this day the next dose is overdue")
    rules = models.ForeignKey("core.RuleSet", on_delete=models.PROTECT, related_name="+", db_index=False)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("Tình trạng tiêm chủng")
        verbose_name_plural = _("Tình trạng tiêm chủng")
        # The due list walks this in its own order (due day, person) and cuts the place inside the index,
        # stopping at the first page; (place, due day) would sort every due row of a district first.
        indexes = (models.Index(fields=("next_due_on", "person", "unit_path"), name="vacc_status_due"),)

    def __str__(self) -> str:
        return f"{self.person_id}: {self.doses}"


class CoverageCount(Placed):
    """How many residents of a commune born in a year have had dose ``number`` (maintained).

    Kept per birth year rather than per age band: a band is an age in a given year, so the same counters
    answer "12-17 in 2021" and "12-17 in 2022" exactly (see docs/decisions/0007).
    """

    birth_year = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("unit", "birth_year", "number"), name="vacc_coverage_unique"),
        )

    def __str__(self) -> str:
        return f"{self.unit_path} {self.birth_year} #{self.number}: {self.count}"


class Contraindication(Placed):
    """Someone who must not be vaccinated now (or ever: no ``until``), kept out of the sweep lists."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="contraindications")
    reason = models.CharField(max_length=255)
    until = models.DateField(null=True, blank=True, help_text="empty: permanent")
    recorded_on = models.DateField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("Chống chỉ định tiêm")
        verbose_name_plural = _("Chống chỉ định tiêm")

    def __str__(self) -> str:
        return f"{self.person_id}: {self.reason}"
