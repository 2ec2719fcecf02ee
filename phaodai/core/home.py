"""Home-page counters contributed by the domain apps, so the kernel needs to import none of them."""

from collections.abc import Callable
from dataclasses import dataclass

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
