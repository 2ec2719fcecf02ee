"""Masking of the CCCD/CMND and phone numbers in exported lists, for roles that do not act on them.

Enough stays visible to tell two people apart on a printed list and to check a number someone reads
out (the first digits: the CCCD's province and century/sex digits, the phone's network prefix; the
last digits), never enough to call or impersonate anyone.
"""

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
