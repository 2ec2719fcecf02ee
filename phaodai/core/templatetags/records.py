"""``{% links_for "case" case.pk as links %}``: the links other apps offer on a record (core.home)."""

from typing import Any

from django import template

from phaodai.core.access import access_for
from phaodai.core.home import record_links

register = template.Library()


@register.simple_tag(takes_context=True)
def links_for(context: dict[str, Any], record: str, pk: int) -> list[tuple[str, str]]:
    request = context.get("request")
    return record_links(access_for(request), record, pk) if request is not None else []
