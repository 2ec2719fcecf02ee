"""Pagination that never counts more than it can show.

Counting every match of a broad search over a million people costs more than finding the first page;
past ``CAP`` matches the list says "more than CAP" and asks for a narrower search instead.
"""

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from rest_framework.pagination import PageNumberPagination

CAP = 1_000


class CappedPaginator(Paginator[Any]):
    @cached_property
    def _matches(self) -> int:
        head: Any = self.object_list[: CAP + 1]
        return len(head) if isinstance(head, list) else int(head.count())

    @cached_property
    def count(self) -> int:
        return min(self._matches, CAP)

    @property
    def capped(self) -> bool:
        return self._matches > CAP


class CappedPagination(PageNumberPagination):
    django_paginator_class = CappedPaginator


def query_prefix(request: HttpRequest) -> str:
    """The request's filters, URL-encoded, ready for ``?{prefix}page=N`` links (``+84…`` stays ``+84…``)."""
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""
