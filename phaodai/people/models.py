"""The person and household registry."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phaodai.core.fields import BinaryCharField
from phaodai.core.scoping import ScopedQuerySet
from phaodai.geo.models import AdminUnit, Placed, UnitLevel
from phaodai.people.reference import Sex


def commune_path(unit: AdminUnit) -> str:
    """The path of the commune a unit is in: its own for a commune, its parent's for a village."""
    return unit.path.rsplit("/", 2)[0] + "/" if unit.level == UnitLevel.VILLAGE else unit.path


class Household(Placed):
    code = models.CharField(max_length=32, blank=True)
    address = models.CharField(max_length=255, blank=True)
    head = models.ForeignKey("Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("Hộ gia đình")
        verbose_name_plural = _("Hộ gia đình")

    def __str__(self) -> str:
        return self.code or gettext("Hộ #%(id)s") % {"id": self.pk}


class Person(Placed):
    """Someone the platform knows of: resident, case, contact, vaccinee. Only the birth year is required."""

    full_name = models.CharField(max_length=120)
    name_sort = BinaryCharField(max_length=255, help_text="Vietnamese sort key: given, family, middle")
    name_folded = models.CharField(max_length=120, help_text="lower case, no diacritics, đ->d")
    birth_year = models.PositiveSmallIntegerField()
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices)
    national_id = models.CharField(max_length=12, blank=True, help_text="CCCD (12 digits) or CMND (9)")
    phone = models.CharField(max_length=11, blank=True)
    address = models.CharField(max_length=255, blank=True)
    ethnicity = models.CharField(max_length=2, default="01")
    occupation = models.CharField(max_length=120, blank=True)
    workplace = models.CharField(max_length=200, blank=True)
    comorbidities = models.JSONField(default=list, blank=True)
    pregnant = models.BooleanField(default=False)
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("Người dân")
        verbose_name_plural = _("Người dân")
        indexes = (
            models.Index(fields=("unit_path", "name_sort"), name="person_path_sort"),
            models.Index(fields=("national_id",), name="person_national_id", condition=~Q(national_id="")),
            models.Index(fields=("phone",), name="person_phone", condition=~Q(phone="")),
            models.Index(fields=("name_folded", "birth_year"), name="person_name_year"),
        )
        constraints = (
            models.UniqueConstraint(
                fields=("national_id",), condition=~Q(national_id=""), name="person_national_id_unique"
            ),
            models.CheckConstraint(condition=~Q(pregnant=True, sex=Sex.MALE), name="person_pregnancy_female"),
        )

    def __str__(self) -> str:
        return self.full_name


class PersonNameToken(models.Model):
    """One folded word of a person's name, for indexed prefix search in any word order.

    It carries its person's ``unit_path`` so that a search is cut to the jurisdiction inside the index
    scan (token range, then path range, index-only), before any intersection or row fetch.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    token = BinaryCharField(max_length=40)
    unit_path = BinaryCharField(max_length=80)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        indexes = (models.Index(fields=("token", "unit_path", "person"), name="name_token_lookup"),)
        constraints = (models.UniqueConstraint(fields=("person", "token"), name="name_token_unique"),)

    def __str__(self) -> str:
        return self.token


class DuplicateTier(models.TextChoices):
    SAME_ID_DIFFERENT_DETAILS = "same_id", _("Trùng CCCD/CMND nhưng khác họ tên hoặc năm sinh")
    SAME_NAME_YEAR = "same_name_year", _("Trùng họ tên và năm sinh trong cùng xã")
    SAME_ID_ELSEWHERE = "same_id_elsewhere", _("Trùng CCCD/CMND, được khai ở địa bàn khác")


class ReviewDecision(models.TextChoices):
    DISTINCT = "distinct", _("Hai người khác nhau")
    SAME = "same", _("Cùng một người")


class DuplicateReview(Placed):
    """A possible duplicate a person must decide on; never merged automatically."""

    tier = models.CharField(max_length=24, choices=DuplicateTier.choices)
    existing = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted = models.JSONField(
        default=dict, help_text="what was entered when no new person was created, or the merged record"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=16, choices=ReviewDecision.choices, blank=True)

    class Meta:
        ordering = ("-created_at",)
