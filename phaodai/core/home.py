"""Home-page counters contributed by the domain apps, so the kernel needs to import none of them."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise

from phaodai.core.access import Access


@dataclass(frozen=True)
class Counter:
    label: str
    value: int
    url: str = ""


CounterProvider = Callable[[Access], list[Counter]]
_providers: list[CounterProvider] = []


def register(provider: CounterProvider) -> CounterProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def counters(access: Access) -> list[Counter]:
    return [counter for provider in _providers for counter in provider(access)]


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str


_nav: list[NavItem] = []


def register_nav(item: NavItem) -> None:
    if item not in _nav:
        _nav.append(item)


def nav_items(access: Access) -> list[NavItem]:
    return [item for item in _nav if access.can(item.permission)]


@dataclass(frozen=True)
class RecordLink:
    """A link another app offers on a record's page ("Ghi nhận ca bệnh" on a person), so the page's app
    does not import the apps built on it. The record's id goes in the query string as ``param``, or in
    the path when ``param`` is empty."""

    record: str
    label: str | Promise
    url_name: str
    permission: str
    param: str = ""

    def url(self, pk: int) -> str:
        if not self.param:
            return reverse(self.url_name, args=[pk])
        return f"{reverse(self.url_name)}?{urlencode({self.param: pk})}"


_record_links: list[RecordLink] = []


def register_record_link(link: RecordLink) -> None:
    if link not in _record_links:
        _record_links.append(link)


def record_links(access: Access, record: str, pk: int) -> list[tuple[str, str]]:
    """(label, url) of the links offered on one record to this user."""
    return [
        (str(link.label), link.url(pk))
        for link in _record_links
        if link.record == record and access.can(link.permission)
    ]
