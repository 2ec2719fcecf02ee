"""What every passage asks and almost never changes, memoised in the ``memo`` cache (decision 0009): the
rule version in force at a checkpoint on a day, and the province a unit lies in.

A rule set saved or deleted, or units re-stamped, drops the memo at once in the process that did it (in
every process when the cache is shared); otherwise an entry lives ``PHAODAI_MEMO_SECONDS`` at most. The
memo holds what a query would answer: a rule set edited in another process is seen that much later.
"""

import datetime as dt
from typing import Any

from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

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


def forget() -> None:
    caches[MEMO].clear()


@receiver(post_save, sender=RuleSet, dispatch_uid="checkpoints_memo_rules_saved")
@receiver(post_delete, sender=RuleSet, dispatch_uid="checkpoints_memo_rules_deleted")
@receiver(units_restamped, dispatch_uid="checkpoints_memo_units_restamped")
def _changed(sender: Any, **kwargs: Any) -> None:
    forget()
