"""Full page or htmx fragment from one template (Django template partials), from one URL."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def render_page(request: HttpRequest, template: str, fragment: str, context: dict[str, Any]) -> HttpResponse:
    """The whole page, or only its ``{% partialdef fragment %}`` for htmx; a cache keeps them apart."""
    response = render(request, f"{template}#{fragment}" if is_htmx(request) else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
