"""``{{ amount|vnd }}``: 1.680.000 đ, the Vietnamese way (the same words as the services' messages)."""

from typing import Any

from django import template

from phaodai.support.checks import money

register = template.Library()


@register.filter
def vnd(value: Any) -> str:
    return money(int(value or 0))
