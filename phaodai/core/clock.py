"""The one clock of the platform: every "today" and "now" comes from here.

A deployment (or the demo, set in late 2021 like the directives it replays) pins the date with the
``PHAODAI_TODAY`` setting; the time of day keeps running so that audit rows stay ordered.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.utils import timezone

_pin: ContextVar[dt.date | None] = ContextVar("phaodai_pinned_date", default=None)


def _pinned_date() -> dt.date | None:
    if (date := _pin.get()) is not None:
        return date
    value = getattr(settings, "PHAODAI_TODAY", "")
    return dt.date.fromisoformat(value) if value else None


@contextmanager
def pinned(date: dt.date) -> Iterator[None]:
    """Run a block on ``date`` (the demo builds late 2021 whatever day it is built on)."""
    token = _pin.set(date)
    try:
        yield
    finally:
        _pin.reset(token)


def now() -> dt.datetime:
    """Aware current datetime in the platform time zone, on the pinned date if one is set."""
    current = timezone.localtime()
    pinned = _pinned_date()
    return current.replace(year=pinned.year, month=pinned.month, day=pinned.day) if pinned else current


def today() -> dt.date:
    return now().date()
