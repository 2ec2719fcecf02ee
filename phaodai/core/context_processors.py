from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from phaodai.core.access import access_for
from phaodai.core.home import nav_items


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items: list[dict[str, Any]] = [
        {"label": item.label, "url": reverse(item.url_name)} for item in nav_items(access_for(request))
    ]
    matching = [item["url"] for item in items if request.path.startswith(item["url"])]
    current = max(matching, key=len, default=None)  # /don-vi/can-gan/ is "Cần gán", not "Đơn vị"
    for item in items:
        item["active"] = item["url"] == current
    return {"nav_items": items}
