"""Choice lists of contact tracing."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExposureSetting(models.TextChoices):
    HOUSEHOLD = "household", _("Hộ gia đình")
    WORKPLACE = "workplace", _("Nơi làm việc")
    SCHOOL = "school", _("Trường học")
    FACTORY = "factory", _("Nhà máy")
    TRANSPORT = "transport", _("Phương tiện giao thông")
    HEALTH_FACILITY = "health_facility", _("Cơ sở y tế")
    OTHER = "other", _("Khác")


class ContactLevel(models.TextChoices):
    F1 = "F1", _("F1")
    F2 = "F2", _("F2")


class TraceStatus(models.TextChoices):
    LISTED = "listed", _("Mới lập danh sách, chưa liên hệ")
    REACHED = "reached", _("Đã liên hệ, đang theo dõi")
    BECAME_CASE = "became_case", _("Đã trở thành F0")
    CLEARED = "cleared", _("Hết theo dõi")


OPEN_TRACE_STATUSES = (TraceStatus.LISTED, TraceStatus.REACHED)
