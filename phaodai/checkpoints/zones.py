"""Outbreak zones: the ONE place that answers "was this place an outbreak area on that day, at what level".

Two sources, the highest level wins: the zone list an administrator maintains
(:class:`~phaodai.checkpoints.models.Zone`), and the command center's weekly epidemic levels (the level
people see, an override included) of the unit or any unit above it, from the latest week ending on or
before the day and at most two weeks old (a level is published weekly; an older one says nothing).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, DateField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
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
    """The highest-level zone holding ``unit_path`` (the unit or any unit above it) on ``on``: both
    sources in one query (``UNION ALL``: the barrier asks on every arrival)."""
    if not unit_path:
        return None
    above = [p for p in path_prefixes(unit_path) if p.count("/") > 1]
    rows = _listed(above, on).union(_published(above, on), all=True).order_by()
    listed: list[ZoneHit] = []
    latest: dict[str, tuple[dt.date, int]] = {}
    for level, path, reason, week_end in rows:
        if week_end is None:
            listed.append(ZoneHit(level, path, reason))
        elif level and (path not in latest or week_end > latest[path][0]):
            latest[path] = (week_end, level)
    hits = listed + [_published_hit(path, week_end, level) for path, (week_end, level) in latest.items()]
    return max(hits, key=lambda hit: (hit.level, len(hit.unit_path)), default=None)


def _listed(paths: list[str], on: dt.date) -> QuerySet[Any]:
    zones = Zone.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on), unit_path__in=paths, valid_from__lte=on
    )
    return (
        zones.annotate(
            z_level=F("level"),
            z_path=F("unit_path"),
            z_reason=F("reason"),
            z_week=Value(None, output_field=DateField()),
        )
        .values_list("z_level", "z_path", "z_reason", "z_week")
        .order_by()
    )


def _published(paths: list[str], on: dt.date) -> QuerySet[Any]:
    """Each unit's weekly levels (people's override first) from the command center, if fresh."""
    rows = RiskAssessment.objects.filter(
        unit_path__in=paths, week_end__lte=on, week_end__gt=on - dt.timedelta(days=LEVEL_FRESH_DAYS)
    )
    return (
        rows.annotate(
            z_level=Coalesce("override_level", "level"),
            z_path=F("unit_path"),
            z_reason=Value("", output_field=CharField()),
            z_week=F("week_end"),
        )
        .values_list("z_level", "z_path", "z_reason", "z_week")
        .order_by()
    )


def _published_hit(path: str, week_end: dt.date, level: int) -> ZoneHit:
    reason = _("Cấp độ dịch %(level)s, tuần đến %(day)s") % {"level": level, "day": day_text(week_end)}
    return ZoneHit(level, path, reason)
