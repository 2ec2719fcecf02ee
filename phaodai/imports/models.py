"""Imports of spreadsheets: the uploaded file, the batch that walks it, and the staging rows.

A batch goes through phases (read → check → people → records → finish); each phase either commits
whole or records how far it got, so a worker killed at any moment resumes where the database says it
stopped and every valid row lands exactly once (``imports.jobs``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.geo.models import Placed


class ImportKind(models.TextChoices):
    PERSONS = "persons", _("Danh sách người dân")
    DOSES = "doses", _("Mũi tiêm vắc xin")
    CASES = "cases", _("Ca bệnh F0")
    CONTACTS = "contacts", _("Người tiếp xúc (F1, F2)")
    RESULTS = "results", _("Kết quả xét nghiệm")


class BatchStatus(models.TextChoices):
    MAPPING = "mapping", _("Chờ ghép cột")
    QUEUED = "queued", _("Đang chờ xử lý")
    RUNNING = "running", _("Đang xử lý")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Không nhập được")


class Phase(models.TextChoices):
    READ = "read", _("Đọc tệp")
    CHECK = "check", _("Kiểm tra và đối chiếu")
    PEOPLE = "people", _("Tạo người mới và đối chiếu")
    RECORDS = "records", _("Ghi dữ liệu")
    FINISH = "finish", _("Cập nhật số liệu tổng hợp")


class RowStatus(models.IntegerChoices):
    """A row's outcome. A valid row is imported once the batch's checkpoint has passed its number."""

    VALID = 0, _("Đã nhập")
    INVALID = 1, _("Lỗi")
    REVIEW = 2, _("Cần xem lại")
    EXISTING = 4, _("Đã có, bỏ qua")


class ImportTemplate(Placed):
    """A saved column mapping: the headers of one kind of file (folded) and the field each one fills."""

    kind = models.CharField(max_length=16, choices=ImportKind.choices)
    name = models.CharField(max_length=120)
    mapping = models.JSONField(default=dict, help_text="folded header -> field key ('' = ignored)")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ("name", "id")
        verbose_name = _("Mẫu ghép cột")
        verbose_name_plural = _("Mẫu ghép cột")

    def __str__(self) -> str:
        return self.name


class ImportBatch(Placed):
    """One uploaded file of one kind, placed on the unit it was imported for (the rows must lie under it)."""

    kind = models.CharField(max_length=16, choices=ImportKind.choices)
    file_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField()
    encoding = models.CharField(max_length=16, blank=True)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict, help_text="column index (as text) -> field key")
    template = models.ForeignKey(ImportTemplate, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=16, choices=BatchStatus.choices, default=BatchStatus.MAPPING)
    phase = models.CharField(max_length=16, choices=Phase.choices, default=Phase.READ)
    rows_read = models.PositiveIntegerField(default=0, help_text="file rows staged so far (checkpoint)")
    rows_total = models.PositiveIntegerField(default=0)
    rows_valid = models.PositiveIntegerField(default=0)
    rows_invalid = models.PositiveIntegerField(default=0)
    rows_review = models.PositiveIntegerField(default=0)
    rows_existing = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    persons_created = models.PositiveIntegerField(default=0)
    last_committed = models.PositiveBigIntegerField(default=0, help_text="staged row id (checkpoint)")
    failure = models.TextField(blank=True)
    language = models.CharField(max_length=8, blank=True)
    claim = models.CharField(max_length=36, blank=True, help_text="the run that holds the batch")
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("Lượt nhập tệp")
        verbose_name_plural = _("Lượt nhập tệp")

    def __str__(self) -> str:
        return self.file_name

    @property
    def finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.FAILED)


class ImportFile(models.Model):
    """The uploaded bytes, apart from the batch row so that listing batches never reads them. Kept in the
    database: they commit with the batch and the worker needs nothing but the database."""

    batch = models.OneToOneField(ImportBatch, primary_key=True, on_delete=models.CASCADE, related_name="file")
    content = models.BinaryField()

    def __str__(self) -> str:
        return f"file of import {self.batch_id}"


class StagedRow(models.Model):
    """One data row of a file, parsed into typed columns shared by every kind of import.

    ``number`` is the row's number in the spreadsheet (the header is row 1), which is what messages and
    the error file name. Columns a kind does not use stay empty; each kind's module says what it keeps in
    the generic ones (``day``…``day4``, ``at``/``at2``, ``code``/``code2``, ``ref_id``/``ref2_id``, …).
    """

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="+", db_index=False)
    number = models.PositiveIntegerField()
    status = models.PositiveSmallIntegerField(choices=RowStatus.choices, default=RowStatus.VALID)
    errors = models.TextField(blank=True)
    full_name = models.CharField(max_length=120, blank=True)
    name_folded = models.CharField(max_length=120, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True)
    birth_date = models.DateField(null=True)
    sex = models.CharField(max_length=1, blank=True)
    national_id = models.CharField(max_length=12, blank=True)
    phone = models.CharField(max_length=15, blank=True)
    address = models.CharField(max_length=255, blank=True)
    unit_id = models.BigIntegerField(null=True)
    place_path = models.CharField(max_length=80, blank=True, help_text="the row's commune (not a scope)")
    day = models.DateField(null=True)
    day2 = models.DateField(null=True)
    day3 = models.DateField(null=True)
    day4 = models.DateField(null=True)
    at = models.DateTimeField(null=True)
    at2 = models.DateTimeField(null=True)
    amount = models.FloatField(null=True)
    code = models.CharField(max_length=16, blank=True)
    code2 = models.CharField(max_length=24, blank=True)
    seq = models.PositiveSmallIntegerField(null=True)
    variant = models.CharField(max_length=16, blank=True)
    ref_id = models.BigIntegerField(null=True)
    ref2_id = models.BigIntegerField(null=True)
    note = models.CharField(max_length=120, blank=True)
    extra = models.CharField(max_length=120, blank=True)
    rules_id = models.BigIntegerField(null=True, help_text="the rule version in force on the row's day")
    person_id = models.BigIntegerField(null=True)

    class Meta:
        constraints = (models.UniqueConstraint(fields=("batch", "number"), name="imports_row_once"),)
        indexes = (
            models.Index(fields=("batch", "national_id"), name="imports_row_national_id"),
            models.Index(fields=("batch", "person_id", "seq"), name="imports_row_person"),
        )

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.number}"
