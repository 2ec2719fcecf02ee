"""Choice lists of quarantine and isolation orders."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrderKind(models.TextChoices):
    F1_QUARANTINE = "f1", _("Cách ly y tế F1")
    F0_ISOLATION = "f0", _("Cách ly F0")


class OrderPlace(models.TextChoices):
    HOME = "home", _("Tại nhà/nơi lưu trú")
    FACILITY = "facility", _("Cách ly tập trung")
    OTHER = "other", _("Nơi khác")


class OrderStatus(models.TextChoices):
    ACTIVE = "active", _("Đang cách ly")
    RELEASED = "released", _("Đã hoàn thành cách ly")
    BECAME_CASE = "became_case", _("Chuyển thành F0")
    CANCELLED = "cancelled", pgettext_lazy("order status", "Đã huỷ")
