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
