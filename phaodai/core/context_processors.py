from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from phaodai.core.access import access_for
from phaodai.core.home import nav_items


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = []
    for item in nav_items(access_for(request)):
        url = reverse(item.url_name)
        items.append({"label": item.label, "url": url, "active": request.path.startswith(url)})
    return {"nav_items": items}
