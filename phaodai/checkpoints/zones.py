"""Outbreak zones: the ONE place that answers "was this place an outbreak area on that day, at what level".

Two sources, the highest level wins: the zone list an administrator maintains
(:class:`~phaodai.checkpoints.models.Zone`), and the command center's weekly epidemic levels (the level
people see, an override included) of the unit or any unit above it, from the latest week ending on or
before the day and at most two weeks old (a level is published weekly; an older one says nothing).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from phaodai.checkpoints.models import Zone
from phaodai.command.models import RiskAssessment
from phaodai.core.rules import path_prefixes
from phaodai.core.text import day_text


@dataclass(frozen=True)
class ZoneHit:
    level: int
    unit_path: str
    reason: str


LEVEL_FRESH_DAYS = 14


def zone_of(unit_path: str, *, on: dt.date) -> ZoneHit | None:
    """The highest-level zone holding ``unit_path`` (the unit or any unit above it) on ``on``."""
    if not unit_path:
        return None
    above = [p for p in path_prefixes(unit_path) if p.count("/") > 1]
    zones = Zone.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on), unit_path__in=above, valid_from__lte=on
    ).order_by("-level", "-unit_path")
    zone = zones.values_list("level", "unit_path", "reason").first()
    hits = [ZoneHit(*zone)] if zone else []
    hits += _published_levels(above, on)
    return max(hits, key=lambda hit: (hit.level, len(hit.unit_path)), default=None)


def _published_levels(paths: list[str], on: dt.date) -> list[ZoneHit]:
    """Each unit's latest weekly level (people's override first) from the command center, if fresh."""
    rows = RiskAssessment.objects.filter(
        unit_path__in=paths, week_end__lte=on, week_end__gt=on - dt.timedelta(days=LEVEL_FRESH_DAYS)
    ).order_by("unit_path", "-week_end")
    latest: dict[str, ZoneHit] = {}
    for path, week_end, level, override in rows.values_list(
        "unit_path", "week_end", "level", "override_level"
    ):
        shown = override or level
        if path not in latest and shown:
            reason = _("Cấp độ dịch %(level)s, tuần đến %(day)s") % {
                "level": shown,
                "day": day_text(week_end),
            }
            latest[path] = ZoneHit(shown, path, reason)
    return list(latest.values())
