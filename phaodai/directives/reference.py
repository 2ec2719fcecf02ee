"""Choices of the directives app (kept apart from the models so the parser's vocabulary maps onto them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phaodai.directives.parsing.model import DeadlineType as ParsedDeadlineType
from phaodai.directives.parsing.model import DirectiveKind as ParsedKind


class DirectiveKind(models.TextChoices):
    NOTICE = ParsedKind.NOTICE.value, _("Thông báo")
    LETTER = ParsedKind.LETTER.value, _("Công văn")
    INSTRUCTION = ParsedKind.INSTRUCTION.value, _("Chỉ thị")
    PLAN = ParsedKind.PLAN.value, _("Kế hoạch")
    DECISION = ParsedKind.DECISION.value, _("Quyết định")


class DeadlineType(models.TextChoices):
    BY_DATE = ParsedDeadlineType.BY_DATE.value, _("Chậm nhất ngày")
    IN_PERIOD = ParsedDeadlineType.IN_PERIOD.value, _("Trong khoảng thời gian")
    FROM_DATE = ParsedDeadlineType.FROM_DATE.value, _("Từ ngày")
    ONGOING = ParsedDeadlineType.ONGOING.value, _("Thường xuyên")


class Role(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATING = "coordinating", _("Phối hợp")


class AssignmentStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("task status", "Đang thực hiện")
    REPORTED = "reported", pgettext_lazy("task status", "Đã báo cáo hoàn thành")
    CLOSED = "closed", pgettext_lazy("task status", "Đã kết thúc")


class NotificationKind(models.TextChoices):
    NEW_TASK = "new_task", _("Nhiệm vụ mới")
    DUE_SOON = "due_soon", _("Sắp đến hạn")


class Channel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("outbox status", "Chờ gửi")
    SENDING = "sending", pgettext_lazy("outbox status", "Đang gửi")
    SENT = "sent", pgettext_lazy("outbox status", "Đã gửi")
    FAILED = "failed", pgettext_lazy("outbox status", "Gửi lỗi")
