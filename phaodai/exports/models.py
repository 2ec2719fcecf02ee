"""Exports of line lists too long to stream in the request: a background job writes the file, the
requester follows its progress and downloads it once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phaodai.geo.models import Placed


class FileFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (.xlsx)")


class ExportStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("export status", "Chờ xử lý")
    RUNNING = "running", pgettext_lazy("export status", "Đang ghi tệp")
    DONE = "done", pgettext_lazy("export status", "Xong")
    FAILED = "failed", pgettext_lazy("export status", "Lỗi")
    EXPIRED = "expired", pgettext_lazy("export status", "Quá hạn, tệp đã xoá")


class ExportJob(Placed):
    """One export written in the background (``exports.jobs.export_run``).

    Placed on the unit the list was cut to (else the requester's first unit); only the requester may
    see it. ``params`` are the request's validated filters, read again by the job exactly as the page
    reads them, so both paths export the same rows. ``masked`` is decided when asked: the job masks
    too if the requester has lost the right to the full numbers meanwhile, never the other way round.
    """

    list_key = models.CharField(max_length=32)
    file_format = models.CharField(max_length=4, choices=FileFormat.choices)
    params = models.JSONField(default=dict, blank=True)
    masked = models.BooleanField(default=True)
    status = models.CharField(max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    total_rows = models.PositiveIntegerField(default=0, help_text="rows counted when asked")
    rows_written = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=120, help_text="the name the download gets")
    file_path = models.CharField(max_length=255, blank=True, help_text="under PHAODAI_EXPORTS_DIR")
    error = models.CharField(max_length=255, blank=True)
    language = models.CharField(max_length=8, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Tệp xuất danh sách")
        verbose_name_plural = _("Tệp xuất danh sách")
        ordering = ("-created_at", "-id")
        indexes = (models.Index(fields=("created_by", "created_at"), name="export_job_requester"),)

    def __str__(self) -> str:
        return self.file_name

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED, ExportStatus.EXPIRED)

    @property
    def downloadable(self) -> bool:
        return self.status == ExportStatus.DONE and self.downloaded_at is None

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return min(99, self.rows_written * 100 // self.total_rows) if self.total_rows else 0
