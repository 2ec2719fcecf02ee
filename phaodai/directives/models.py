"""Directives (thông báo, công văn ...), the tasks they assign, who must do each one, and their progress.

A directive is placed at its issuer's unit. Each task is assigned to organisations (lead or
coordinating); an :class:`Assignment` is placed at the assigned organisation's unit, so "a unit's inbox"
and "what my jurisdiction must do" are the same indexed range on ``unit_path`` as every other list.
Bodies the deployment does not have stay on the task as names (``unmapped_*``): visible, never guessed.
Attachments are kept in the row (like uploaded population files): they commit or roll back with it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phaodai.directives.reference import (
    AssignmentStatus,
    Channel,
    DeadlineType,
    DirectiveKind,
    NotificationKind,
    OutboxStatus,
    Role,
)
from phaodai.geo.models import Placed

_USER = settings.AUTH_USER_MODEL
_ORGANISATION = "accounts.Organisation"


class Attached(models.Model):
    """An optional file kept in the row (the original document, a report's annex)."""

    file_name = models.CharField(max_length=255, blank=True)
    file_content = models.BinaryField(null=True, blank=True)

    class Meta:
        abstract = True


class Directive(Placed, Attached):
    number = models.CharField(max_length=20, blank=True)
    symbol = models.CharField(max_length=60, blank=True)
    date = models.DateField(null=True, blank=True)
    date_text = models.CharField(max_length=200, blank=True, help_text="the place and date line as written")
    place = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=16, choices=DirectiveKind.choices)
    issuer = models.ForeignKey(
        _ORGANISATION, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issuer_name = models.CharField(max_length=255, blank=True)
    signer = models.CharField(max_length=120, blank=True)
    subject = models.TextField(blank=True)
    text = models.TextField(blank=True)
    recipients = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Văn bản chỉ đạo")
        verbose_name_plural = _("Văn bản chỉ đạo")
        indexes = (models.Index(fields=("unit_path", "created_at"), name="directive_path_created"),)

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """``Số 168/TB-HU`` as written; a blank number keeps its blank."""
        return f"{self.number or '…'}/{self.symbol}" if self.symbol else (self.number or "")


class Task(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField()
    ref = models.CharField(max_length=20)
    content = models.TextField()
    due_on = models.DateField(null=True, blank=True, help_text="the first deadline's last day")
    unmapped_leads = models.JSONField(default=list, blank=True)
    unmapped_coordinating = models.JSONField(default=list, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Nhiệm vụ")
        verbose_name_plural = _("Nhiệm vụ")
        ordering = ("directive", "position")
        constraints = (
            models.UniqueConstraint(fields=("directive", "position"), name="task_position_unique"),
        )

    def __str__(self) -> str:
        return f"{self.directive_id}/{self.ref}"


class TaskDeadline(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="deadlines")
    type = models.CharField(max_length=12, choices=DeadlineType.choices)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    text = models.CharField(max_length=255, help_text="the phrase as written")

    class Meta:
        ordering = ("task", "pk")

    def __str__(self) -> str:
        return self.text


class Assignment(Placed):
    """One organisation's part in a task; placed at the organisation's unit."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    organisation = models.ForeignKey(_ORGANISATION, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=12, choices=Role.choices)
    status = models.CharField(max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.OPEN)
    due_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True, help_text="the day the unit reported it done")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Phân công")
        verbose_name_plural = _("Phân công")
        ordering = ("task", "role", "pk")
        indexes = (
            models.Index(fields=("unit_path", "status", "due_on"), name="assignment_path_status_due"),
            models.Index(fields=("organisation", "status"), name="assignment_org_status"),
        )
        constraints = (
            models.UniqueConstraint(fields=("task", "organisation"), name="assignment_one_per_organisation"),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(status=AssignmentStatus.CLOSED),
                name="assignment_closed_when_closed_at",
            ),
        )

    def __str__(self) -> str:
        return f"{self.task_id}@{self.organisation_id}"


class ProgressReport(Placed, Attached):
    """What an assigned unit reports on its part of a task, with an optional attachment."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField()
    done = models.BooleanField(default=False, help_text="the unit reports the task completed")
    reported_at = models.DateTimeField()
    reported_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Báo cáo tiến độ")
        verbose_name_plural = _("Báo cáo tiến độ")
        ordering = ("assignment", "reported_at", "pk")

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.reported_at:%d/%m/%Y}"


class Notification(models.Model):
    """Shown in the platform to an organisation: one per assignment and kind, so sending twice is a no-op."""

    organisation = models.ForeignKey(_ORGANISATION, on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = (models.Index(fields=("organisation", "read_at"), name="notification_org_unread"),)
        constraints = (
            models.UniqueConstraint(fields=("assignment", "kind"), name="notification_once_per_kind"),
        )

    def __str__(self) -> str:
        return self.message


class OutboxMessage(models.Model):
    """A message for an e-mail or SMS adapter, written with its notification and delivered by a job."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="outbox")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = (models.Index(fields=("status", "created_at"), name="outbox_status_created"),)
        constraints = (
            models.UniqueConstraint(
                fields=("notification", "channel", "recipient"), name="outbox_once_per_recipient"
            ),
        )

    def __str__(self) -> str:
        return f"{self.channel}:{self.recipient}"
