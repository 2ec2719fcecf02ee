"""Enterprises and shifts: who may start a shift (a valid negative test before it starts), compliance."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from phaodai.core import rules
from phaodai.core.models import RuleSet
from phaodai.core.scoping import Jurisdiction, get_in_scope_or_404
from phaodai.diagnostics import rulesets
from phaodai.diagnostics.models import Enterprise, Result, Shift, Worker
from phaodai.diagnostics.reference import Outcome, SampleKind


def enterprise_list(*, jurisdiction: Jurisdiction) -> QuerySet[Enterprise]:
    return Enterprise.objects.visible_to(jurisdiction).select_related("unit").order_by("name", "pk")


def enterprise_get(*, jurisdiction: Jurisdiction, pk: object) -> Enterprise:
    return get_in_scope_or_404(Enterprise.objects.select_related("unit"), jurisdiction=jurisdiction, pk=pk)


def enterprise_workers(*, enterprise: Enterprise) -> QuerySet[Worker]:
    return enterprise.workers.filter(active=True).select_related("person").order_by("person__name_sort", "pk")


def shift_list(
    *, jurisdiction: Jurisdiction, enterprise: Enterprise | None = None, day: dt.date | None = None
) -> QuerySet[Shift]:
    rows = Shift.objects.visible_to(jurisdiction).select_related("enterprise")
    if enterprise is not None:
        rows = rows.filter(enterprise=enterprise)
    if day is not None:
        rows = rows.filter(day=day)
    return rows.order_by("-day", "starts_at", "pk")


def shift_get(*, jurisdiction: Jurisdiction, pk: object) -> Shift:
    return get_in_scope_or_404(Shift.objects.select_related("enterprise"), jurisdiction=jurisdiction, pk=pk)


def shift_start(shift: Shift) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(shift.day, shift.starts_at))


def _windows(params: dict[str, Any]) -> dict[str, dt.timedelta]:
    hours = {
        SampleKind.PCR_SINGLE: params["pcr_hours"],
        SampleKind.PCR_POOLED: params["pcr_hours"],
        SampleKind.RAT_STAFF: params["rapid_hours"],
        SampleKind.RAT_SELF: params["self_test_hours"],
    }
    return {kind: dt.timedelta(hours=h) for kind, h in hours.items() if h}


@dataclass(frozen=True)
class Clearance:
    worker: Worker
    result: Result | None  # the test that decides: the latest one counted before the shift starts

    @property
    def cleared(self) -> bool:
        return self.result is not None and self.result.outcome == Outcome.NEGATIVE


def _latest_results(
    person_ids: Iterable[int], start: dt.datetime, windows: dict[str, dt.timedelta]
) -> dict[int, Result]:
    """The latest result (negative or positive) of each person on a sample inside its kind's window."""
    if not windows:
        return {}
    rows = (
        Result.objects.filter(
            sample__person_id__in=list(person_ids),
            sample__kind__in=list(windows),
            sample__taken_at__lte=start,
            sample__taken_at__gte=start - max(windows.values()),
            resulted_at__lte=start,
            outcome__in=(Outcome.NEGATIVE, Outcome.POSITIVE),
        )
        .select_related("sample")
        .order_by("sample__taken_at", "pk")
    )
    latest: dict[int, Result] = {}
    for result in rows:
        if result.sample.taken_at >= start - windows[result.sample.kind]:
            latest[result.sample.person_id] = result
    return latest


@dataclass(frozen=True)
class ShiftCheck:
    shift: Shift
    rules: RuleSet
    rows: list[Clearance]

    @property
    def cleared(self) -> int:
        return sum(row.cleared for row in self.rows)


def shift_check(*, shift: Shift) -> ShiftCheck:
    """Each assigned worker with the test that clears them (a negative inside the window in force), or
    not; a later positive undoes an earlier negative. The caller holds the shift, so it is in scope."""
    ruleset = rules.in_force(rulesets.SHIFT_VALIDITY, on=shift.day, unit_path=shift.unit_path)
    workers = list(shift.workers.select_related("person").order_by("person__name_sort", "pk"))
    latest = _latest_results((w.person_id for w in workers), shift_start(shift), _windows(ruleset.params))
    return ShiftCheck(shift, ruleset, [Clearance(w, latest.get(w.person_id)) for w in workers])


@dataclass(frozen=True)
class Compliance:
    enterprise: Enterprise
    day: dt.date
    shifts: int
    assigned: int
    cleared: int

    @property
    def share(self) -> float | None:
        return self.cleared / self.assigned if self.assigned else None


def compliance(*, jurisdiction: Jurisdiction, day: dt.date) -> list[Compliance]:
    """Per enterprise with shifts that day: worker-shifts assigned and those cleared by a test."""
    table: dict[int, list[ShiftCheck]] = {}
    for shift in shift_list(jurisdiction=jurisdiction, day=day).prefetch_related("workers"):
        table.setdefault(shift.enterprise_id, []).append(shift_check(shift=shift))
    return [
        Compliance(
            enterprise=checks[0].shift.enterprise,
            day=day,
            shifts=len(checks),
            assigned=sum(len(c.rows) for c in checks),
            cleared=sum(c.cleared for c in checks),
        )
        for checks in table.values()
    ]
