"""Administrative units on two maps, villages below communes, population by age band.

A unit's identity is (map, code): codes are reused between the pre-2025 and the 2025 maps for
different places, so nothing joins across maps on the code alone.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phaodai.core.fields import BinaryCharField
from phaodai.core.scoping import ScopedQuerySet


class UnitMap(models.TextChoices):
    THREE_TIER = "L", _("Ba cấp (trước 01/7/2025, QĐ 124/2004/QĐ-TTg)")
    TWO_TIER = "N", _("Hai cấp (từ 01/7/2025, QĐ 19/2025/QĐ-TTg)")


class UnitLevel(models.IntegerChoices):
    PROVINCE = 1, _("Tỉnh/thành phố")
    DISTRICT = 2, _("Huyện/quận/thị xã/thành phố")
    COMMUNE = 3, _("Xã/phường/thị trấn")
    VILLAGE = 4, _("Thôn/bản/tổ dân phố")


class AdminUnit(models.Model):
    unit_map = models.CharField(max_length=1, choices=UnitMap.choices)
    level = models.PositiveSmallIntegerField(choices=UnitLevel.choices)
    code = models.CharField(max_length=16)
    name = models.CharField(max_length=120)
    division_type = models.CharField(max_length=40, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = BinaryCharField(max_length=80, unique=True)

    objects = ScopedQuerySet.as_manager()
    SCOPE_FIELD = "path"

    class Meta:
        ordering = ("path",)
        constraints = (
            models.UniqueConstraint(
                fields=("unit_map", "code"), condition=~Q(level=4), name="unit_official_code_unique"
            ),
            models.UniqueConstraint(
                fields=("parent", "code"), condition=Q(level=4), name="village_code_unique"
            ),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def unit_path(self) -> str:
        """A unit is placed at its own path (so audit rows about it are scoped like any other)."""
        return self.path


class Placed(models.Model):
    """A row that belongs to a place: its unit and the unit's materialized path, kept together.

    Services set both together (``unit_path = unit.path``); bulk re-stamps (the map switch,
    ``phaodai.geo.placement``) update them together and send ``geo.signals.units_restamped``.
    """

    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    unit_path = BinaryCharField(max_length=80, db_index=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class Deployment(models.Model):
    """The one row saying which map this deployment runs on (switched by ``switch_unit_map``)."""

    unit_map = models.CharField(max_length=1, choices=UnitMap.choices)
    switched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.get_unit_map_display())


class AgeBand(models.TextChoices):
    AGE_0_4 = "0-4", "0-4"
    AGE_5_11 = "5-11", "5-11"
    AGE_12_17 = "12-17", "12-17"
    AGE_18_49 = "18-49", "18-49"
    AGE_50_64 = "50-64", "50-64"
    AGE_65_UP = "65+", "65+"


class Population(Placed):
    year = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=8, choices=AgeBand.choices)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = (models.UniqueConstraint(fields=("unit", "year", "band"), name="population_unique"),)

    def __str__(self) -> str:
        return f"{self.unit_path} {self.year} {self.band}: {self.count}"


class ImportStatus(models.TextChoices):
    # With a context: "Lỗi" and "Xong" are short words other screens will use in other senses.
    PENDING = "pending", pgettext_lazy("import status", "Chờ xử lý")
    RUNNING = "running", pgettext_lazy("import status", "Đang xử lý")
    DONE = "done", pgettext_lazy("import status", "Xong")
    FAILED = "failed", pgettext_lazy("import status", "Lỗi")


class PopulationImport(Placed):
    """A population CSV uploaded on the site, imported by a background job (``geo.jobs``).

    Placed on the unit it was uploaded for (a top unit of the uploader's jurisdiction): that unit is
    both who may see the import and where its rows may go. The file is kept in the row (at most
    ``services.POPULATION_IMPORT_MAX_BYTES``): it commits with the row, the worker needs only the
    database, and nothing is left behind on disk when a request rolls back.
    """

    file_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    status = models.CharField(max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    row_count = models.PositiveIntegerField(null=True, blank=True)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=8, blank=True)  # the uploader's, for the error messages
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.file_name

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)


class UnplacedRow(Placed):
    """A row the map switch could not place (its commune was split): kept at the new province level
    and listed here with the candidate units until someone assigns it by hand."""

    model_label = models.CharField(max_length=64)
    row_id = models.BigIntegerField()
    old_unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    candidates = models.ManyToManyField(AdminUnit, related_name="+")
    resolved = models.BooleanField(default=False)

    class Meta:
        constraints = (models.UniqueConstraint(fields=("model_label", "row_id"), name="unplaced_unique"),)

    def __str__(self) -> str:
        return f"{self.model_label}#{self.row_id}"
