"""Masking of the CCCD/CMND and phone numbers in exported lists and CSV downloads, for roles without
``Perm.IDENTIFIERS_EXPORT`` (they do not act on the numbers; docs/decisions/0012). In the kernel because
every app's download masks the same way.

Enough stays visible to tell two people apart on a printed list and to check a number someone reads
out (the first digits: the CCCD's province and century/sex digits, the phone's network prefix; the
last digits), never enough to call or impersonate anyone.
"""

from collections.abc import Callable
from typing import Any

MASK = "*"


def _mask(value: str, *, head: int, tail: int) -> str:
    if not value:
        return ""
    if len(value) <= head + tail:
        return MASK * len(value)
    return value[:head] + MASK * (len(value) - head - tail) + value[-tail:]


def mask_national_id(value: str) -> str:
    """``001089012345`` → ``0010******45`` (a 9-digit CMND: ``1234***89``)."""
    return _mask(value, head=4, tail=2)


def mask_phone(value: str) -> str:
    """``0912345678`` → ``0912***678``."""
    return _mask(value, head=4, tail=3)


def shown(value: Callable[[Any], Any], mask: Callable[[str], str], *, masked: bool) -> Callable[[Any], Any]:
    """A column's ``value`` as it is, or with ``mask`` applied to its number when the reader may not see
    the full one (no number: empty)."""
    if not masked:
        return value
    return lambda row: mask(value(row) or "")
