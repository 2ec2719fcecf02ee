"""Outbreak zones: the ONE place that answers "was this place an outbreak area on that day, at what level".

Until the command center publishes risk levels per unit, the answer comes from the zone list an
administrator maintains (:class:`~phaodai.checkpoints.models.Zone`). When it does, extend
:func:`zone_of` to read its levels too (the highest of both wins); callers need not change.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from phaodai.checkpoints.models import Zone
from phaodai.core.rules import path_prefixes


@dataclass(frozen=True)
class ZoneHit:
    level: int
    unit_path: str
    reason: str


def zone_of(unit_path: str, *, on: dt.date) -> ZoneHit | None:
    """The highest-level zone holding ``unit_path`` (the unit or any unit above it) on ``on``."""
    if not unit_path:
        return None
    zones = Zone.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        unit_path__in=[p for p in path_prefixes(unit_path) if p.count("/") > 1],
        valid_from__lte=on,
    ).order_by("-level", "-unit_path")
    zone = zones.values_list("level", "unit_path", "reason").first()
    return ZoneHit(*zone) if zone else None
