"""The checkpoints sub-navigation, each link shown only to those its page lets in (checkpoint staff do not
follow arrivals up: that is the commune's work)."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.core.access import access_for
from phaodai.core.permissions import Perm

register = template.Library()


@register.inclusion_tag("checkpoints/_nav.html", takes_context=True)
def checkpoints_nav(context: dict[str, Any]) -> dict[str, Any]:
    access = access_for(context["request"])
    links = [
        ("checkpoints:list", _("Các chốt"), Perm.CHECKPOINTS_VIEW),
        ("checkpoints:dashboard", _("Tổng hợp"), Perm.CHECKPOINTS_VIEW),
        ("checkpoints:arrivals", _("Người đến từ vùng dịch"), Perm.ARRIVALS_FOLLOW_UP),
        ("checkpoints:zones", _("Vùng dịch"), Perm.CHECKPOINTS_VIEW),
        ("checkpoints:transport", _("Xe đăng ký lộ trình"), Perm.CHECKPOINTS_VIEW),
    ]
    return {"links": [(reverse(name), label) for name, label, perm in links if access.can(perm)]}
