"""What every passage asks and almost never changes, memoised in the ``memo`` cache (decision 0009): the
rule version in force at a checkpoint on a day, the province a unit lies in, the units a passage names
and the outbreak zone an arrival's origin lies in on a day.

A rule set, a zone or a weekly level saved or deleted, or units re-stamped, drops the memo at once in the
process that did it (in every process when the cache is shared); otherwise an entry lives
``PHAODAI_MEMO_SECONDS`` at most. The memo holds what a query would answer: a rule set edited, a zone
declared or a week's levels published in another process are seen that much later.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from phaodai.checkpoints import zones
from phaodai.checkpoints.models import Zone
from phaodai.checkpoints.zones import ZoneHit
from phaodai.command.models import RiskAssessment
from phaodai.core import rules
from phaodai.core.models import RuleSet
from phaodai.geo.models import AdminUnit
from phaodai.geo.signals import units_restamped

MEMO = "memo"
_MISSING = object()


def rule_in_force(kind: str, *, on: dt.date, unit_path: str) -> RuleSet:
    """:func:`phaodai.core.rules.in_force`, memoised per (kind, day, place); a refusal is not memoised."""
    memo = caches[MEMO]
    key = f"rules:{kind}:{on.isoformat()}:{unit_path}"
    version = memo.get(key)
    if version is None:
        version = rules.in_force(kind, on=on, unit_path=unit_path)
        memo.set(key, version)
    return version


def province_id(unit: AdminUnit | None) -> int | None:
    """The id of the province ``unit`` lies in (the unit itself when it is one)."""
    if unit is None:
        return None
    province_path = "/".join(unit.path.split("/")[:2]) + "/"
    if unit.path == province_path:
        return unit.pk
    memo = caches[MEMO]
    key = f"province:{province_path}"
    found = memo.get(key, _MISSING)
    if found is _MISSING:
        found = AdminUnit.objects.filter(path=province_path).values_list("pk", flat=True).first()
        memo.set(key, found)
    return found


def units_by_id(ids: Iterable[int]) -> dict[int, AdminUnit]:
    """Units (either map, anywhere in the country) by id; an unknown id is simply absent."""
    memo = caches[MEMO]
    wanted = {pk: f"unit:{pk}" for pk in ids}
    cached = memo.get_many(wanted.values())
    found = {pk: cached[key] for pk, key in wanted.items() if key in cached}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        loaded = {unit.pk: unit for unit in AdminUnit.objects.filter(pk__in=missing)}
        memo.set_many({wanted[pk]: unit for pk, unit in loaded.items()})
        found |= loaded
    return found


def zone_of(unit_path: str, *, on: dt.date) -> ZoneHit | None:
    """:func:`phaodai.checkpoints.zones.zone_of`, memoised per (place, day): arrivals from one origin
    come by the hundred."""
    memo = caches[MEMO]
    key = f"zone:{on.isoformat()}:{unit_path}"
    hit = memo.get(key, _MISSING)
    if hit is _MISSING:
        hit = zones.zone_of(unit_path, on=on)
        memo.set(key, hit)
    return hit


def forget() -> None:
    caches[MEMO].clear()


@receiver(post_save, sender=Zone, dispatch_uid="checkpoints_memo_zone_saved")
@receiver(post_delete, sender=Zone, dispatch_uid="checkpoints_memo_zone_deleted")
@receiver(post_save, sender=RiskAssessment, dispatch_uid="checkpoints_memo_level_saved")
@receiver(post_delete, sender=RiskAssessment, dispatch_uid="checkpoints_memo_level_deleted")
@receiver(post_save, sender=RuleSet, dispatch_uid="checkpoints_memo_rules_saved")
@receiver(post_delete, sender=RuleSet, dispatch_uid="checkpoints_memo_rules_deleted")
@receiver(units_restamped, dispatch_uid="checkpoints_memo_units_restamped")
def _changed(sender: Any, **kwargs: Any) -> None:
    forget()
