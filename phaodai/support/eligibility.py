"""What the platform already knows about a person's claim: days of F0 treatment (cases) and of F1
quarantine (orders) inside a period, read through those apps' selectors, never written.

The sets (who qualifies) are queries; the day counts are summed in Python over the few date columns of
the rows concerned, because date arithmetic has no portable SQL form across SQLite and PostgreSQL.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from phaodai.cases.models import Case
from phaodai.cases.reference import CaseStatus
from phaodai.cases.selectors import case_list
from phaodai.core import clock
from phaodai.core.scoping import Jurisdiction
from phaodai.quarantine.models import Order
from phaodai.quarantine.reference import OrderKind, OrderStatus
from phaodai.quarantine.selectors import order_list
from phaodai.support.models import Programme
from phaodai.support.reference import BeneficiaryGroup

TREATED = (CaseStatus.ACTIVE, CaseStatus.RECOVERED, CaseStatus.DECEASED)
QUARANTINED = (OrderStatus.ACTIVE, OrderStatus.RELEASED, OrderStatus.BECAME_CASE)
Interval = tuple[dt.date, dt.date]


def treatments(*, jurisdiction: Jurisdiction, start: dt.date, end: dt.date) -> QuerySet[Case]:
    """F0 cases under treatment at some point of [start, end]."""
    return (
        case_list(jurisdiction=jurisdiction)
        .filter(status__in=TREATED, report_date__lte=end)
        .filter(Q(outcome_date__isnull=True) | Q(outcome_date__gte=start))
        .order_by()
    )


def quarantines(*, jurisdiction: Jurisdiction, start: dt.date, end: dt.date) -> QuerySet[Order]:
    """F1 quarantine orders running at some point of [start, end]."""
    return (
        order_list(jurisdiction=jurisdiction, today=clock.today(), status=None, kind=OrderKind.F1_QUARANTINE)
        .filter(status__in=QUARANTINED, start_date__lte=end)
        .filter(Q(released_on__gte=start) | Q(released_on__isnull=True, end_date__gte=start))
        .order_by()
    )


def qualifying_person_ids(
    programme: Programme, *, jurisdiction: Jurisdiction, start: dt.date, end: dt.date
) -> QuerySet[Any, Any] | None:
    """A subquery of the persons the platform knows to be in the programme's group, or None when the
    platform has no data on that group (workers, businesses)."""
    cases: QuerySet[Any, Any] = treatments(jurisdiction=jurisdiction, start=start, end=end).values(
        "person_id"
    )
    orders: QuerySet[Any, Any] = quarantines(jurisdiction=jurisdiction, start=start, end=end).values(
        "person_id"
    )
    if programme.group == BeneficiaryGroup.F0_TREATED:
        return cases
    if programme.group == BeneficiaryGroup.F1_QUARANTINED:
        return orders
    if programme.group == BeneficiaryGroup.CHILD_F0_F1:
        oldest = start.year - (programme.max_age or 16) + 1
        return cases.filter(person__birth_year__gte=oldest).union(
            orders.filter(person__birth_year__gte=oldest)
        )
    return None


def _intervals(
    programme: Programme,
    *,
    jurisdiction: Jurisdiction,
    person_ids: Iterable[int],
    start: dt.date,
    end: dt.date,
) -> dict[int, list[Interval]]:
    today, ids = clock.today(), list(person_ids)
    found: dict[int, list[Interval]] = defaultdict(list)
    if programme.group in (BeneficiaryGroup.F0_TREATED, BeneficiaryGroup.CHILD_F0_F1):
        cases = treatments(jurisdiction=jurisdiction, start=start, end=end).filter(person_id__in=ids)
        for pid, began, ended in cases.values_list("person_id", "report_date", "outcome_date"):
            found[pid].append((began, ended or today))
    if programme.group in (BeneficiaryGroup.F1_QUARANTINED, BeneficiaryGroup.CHILD_F0_F1):
        orders = quarantines(jurisdiction=jurisdiction, start=start, end=end).filter(person_id__in=ids)
        for pid, began, last, released in orders.values_list(
            "person_id", "start_date", "end_date", "released_on"
        ):
            found[pid].append((began, released or min(last, today)))
    return found


def known_days(
    programme: Programme,
    *,
    jurisdiction: Jurisdiction,
    person_ids: Iterable[int],
    start: dt.date,
    end: dt.date,
) -> dict[int, int]:
    """Days of treatment or quarantine inside [start, end] per person (absent: none known)."""
    intervals = _intervals(programme, jurisdiction=jurisdiction, person_ids=person_ids, start=start, end=end)
    days: dict[int, int] = {}
    for pid, spans in intervals.items():
        covered = {
            first + dt.timedelta(days=i)
            for first, last in spans
            for i in range((min(last, end) - first).days + 1)
            if first + dt.timedelta(days=i) >= start
        }
        if covered:
            days[pid] = len(covered)
    return days
