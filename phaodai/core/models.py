"""Kernel models: the audit trail (changes and views of personal data)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.core.fields import BinaryCharField
from phaodai.core.scoping import ScopedQuerySet


class AuditAction(models.TextChoices):
    CREATE = "create", _("Tạo mới")
    UPDATE = "update", _("Sửa")
    DELETE = "delete", _("Xoá")
    VIEW = "view", _("Xem")
    EXPORT = "export", _("Xuất dữ liệu")
    BULK_LOAD = "bulk_load", _("Nạp hàng loạt")
    RESTAMP = "restamp", _("Chuyển bản đồ hành chính")


class AuditEvent(models.Model):
    """Who did what to which record, when. Views of a person are rows here too (access log)."""

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    entity = models.CharField(max_length=64, help_text="app_label.model")
    entity_id = models.CharField(max_length=64, blank=True)
    unit_path = BinaryCharField(max_length=80, blank=True)
    summary = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    row_count = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ("-at", "-id")
        indexes = (
            models.Index(fields=("unit_path", "at"), name="audit_path_at"),
            models.Index(fields=("entity", "entity_id"), name="audit_entity"),
        )

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.entity}#{self.entity_id}"


class RuleStatus(models.TextChoices):
    """How sure the research is of a rule (see the domain rules file): only [C] is settled fact."""

    CONFIRMED = "C", _("Đã xác nhận")
    PARTLY = "P", _("Xác nhận một phần: cần đối chiếu văn bản gốc")
    UNCONFIRMED = "U", _("Chưa xác nhận: cần đối chiếu văn bản gốc")


class RuleSet(models.Model):
    """One version of a rule that changed over time (isolation days, thresholds, definitions).

    The version in force on a date is the one with the latest ``effective_from`` not after it; a
    province's own variant (``unit_path`` = the province) wins over the national one of the same date.
    Records keep the version they were decided under, so a later change never rewrites history.
    """

    kind = models.CharField(max_length=64, help_text="what the rule decides, e.g. cases.severity")
    code = models.CharField(max_length=64, help_text="short name, usually the document number")
    title = models.CharField(max_length=255)
    document = models.CharField(max_length=255, help_text="issuing document and date")
    effective_from = models.DateField()
    unit_path = BinaryCharField(max_length=80, blank=True, db_index=True, help_text="empty: national")
    status = models.CharField(max_length=1, choices=RuleStatus.choices)
    params = models.JSONField()
    note = models.TextField(blank=True)
    shipped = models.BooleanField(default=False, help_text="installed from the platform's defaults")
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ("kind", "-effective_from", "unit_path")
        indexes = (models.Index(fields=("kind", "effective_from"), name="ruleset_kind_from"),)
        constraints = (
            models.UniqueConstraint(fields=("kind", "code", "unit_path"), name="ruleset_kind_code_unique"),
        )

    def __str__(self) -> str:
        return f"{self.code} ({self.effective_from:%d/%m/%Y})"

    @property
    def needs_checking(self) -> bool:
        return self.status != RuleStatus.CONFIRMED
