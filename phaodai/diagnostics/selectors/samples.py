"""Labs, samples, results and pools."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from phaodai.core.scoping import Jurisdiction, get_in_scope_or_404
from phaodai.diagnostics.models import Lab, Pool, Result, Sample
from phaodai.diagnostics.reference import PoolStatus
from phaodai.facilities.selectors import referral_scope
from phaodai.people.models import Person


def lab_list(*, jurisdiction: Jurisdiction) -> QuerySet[Lab]:
    """The labs a unit sends samples to: every lab of its province (a lab holds no personal data)."""
    return Lab.objects.visible_to(referral_scope(jurisdiction)).select_related("unit").order_by("name", "pk")


def lab_get(*, jurisdiction: Jurisdiction, pk: object) -> Lab:
    return get_in_scope_or_404(Lab.objects.all(), jurisdiction=referral_scope(jurisdiction), pk=pk)


def start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _narrowed[Rows: QuerySet[Any]](
    rows: Rows, unit_path: str | None, field: str, since: dt.date | None, until: dt.date | None
) -> Rows:
    """Rows under ``unit_path`` (an area inside the jurisdiction) whose ``field`` falls on the days."""
    if unit_path:
        rows = rows.filter(Jurisdiction.of([unit_path]).q())
    if since is not None:
        rows = rows.filter(**{f"{field}__gte": start_of(since)})
    if until is not None:
        rows = rows.filter(**{f"{field}__lt": start_of(until + dt.timedelta(days=1))})
    return rows


def sample_list(
    *,
    jurisdiction: Jurisdiction,
    unit_path: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    kind: str | None = None,
    waiting: bool = False,
) -> QuerySet[Sample]:
    """Samples of people living in the jurisdiction (``unit_path`` narrows it), latest first, with their
    result when there is one; ``waiting``: those still without a result."""
    rows = _narrowed(Sample.objects.visible_to(jurisdiction), unit_path, "taken_at", since, until)
    if kind:
        rows = rows.filter(kind=kind)
    if waiting:
        rows = rows.filter(resulted=False)
    return rows.select_related("person", "lab", "pool", "result", "result__case").order_by("-taken_at", "-pk")


def sample_get(*, jurisdiction: Jurisdiction, pk: object) -> Sample:
    return get_in_scope_or_404(
        Sample.objects.select_related("person", "lab", "pool", "round", "result", "result__case"),
        jurisdiction=jurisdiction,
        pk=pk,
    )


def result_list(
    *,
    jurisdiction: Jurisdiction,
    unit_path: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    outcome: str | None = None,
) -> QuerySet[Result]:
    rows = _narrowed(Result.objects.visible_to(jurisdiction), unit_path, "resulted_at", since, until)
    if outcome:
        rows = rows.filter(outcome=outcome)
    return rows.select_related("sample", "sample__person", "lab", "case").order_by("-resulted_at", "-pk")


def result_get(*, jurisdiction: Jurisdiction, pk: object) -> Result:
    return get_in_scope_or_404(
        Result.objects.select_related("sample", "lab", "case"), jurisdiction=jurisdiction, pk=pk
    )


def pool_list(*, jurisdiction: Jurisdiction, status: str | None = None) -> QuerySet[Pool]:
    rows = Pool.objects.visible_to(jurisdiction).select_related("lab", "unit")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-pk")


def pool_get(*, jurisdiction: Jurisdiction, pk: object) -> Pool:
    return get_in_scope_or_404(Pool.objects.select_related("lab"), jurisdiction=jurisdiction, pk=pk)


def pool_members(*, jurisdiction: Jurisdiction, pool: Pool) -> QuerySet[Sample]:
    """A pool's swabs the caller may see; after a positive pool, those without a result are the
    individual retests still to do."""
    members = pool.members.filter(person__in=Person.objects.visible_to(jurisdiction))
    return members.select_related("person", "result").order_by("resulted", "taken_at", "pk")


def collecting_pools(*, jurisdiction: Jurisdiction) -> QuerySet[Pool]:
    return pool_list(jurisdiction=jurisdiction, status=PoolStatus.COLLECTING)
