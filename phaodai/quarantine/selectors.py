"""Reads of quarantine and isolation orders; every one takes the caller's jurisdiction."""

import datetime as dt

from django.db.models import QuerySet

from phaodai.core import rules
from phaodai.core.errors import DomainError
from phaodai.core.models import RuleSet
from phaodai.core.scoping import Jurisdiction, get_in_scope_or_404
from phaodai.facilities.models import QUARANTINE_KINDS, Facility
from phaodai.facilities.selectors import referral_facilities
from phaodai.people.models import Person
from phaodai.quarantine import plans
from phaodai.quarantine.models import Order
from phaodai.quarantine.reference import OrderKind, OrderStatus
from phaodai.quarantine.rulesets import F1_QUARANTINE

TESTS_TODAY = "tests_today"
RELEASE_DUE = "release"
DUE_FILTERS = (TESTS_TODAY, RELEASE_DUE)

_PAGE_RELATIONS = ("person", "unit", "facility", "rules")
_DETAIL_RELATIONS = (
    "person__unit__parent__parent__parent",
    "unit",
    "facility",
    "rules",
    "issuer__unit",
    "contact",
    "case",
    "created_by",
)


def _running_on(orders: QuerySet[Order], today: dt.date) -> QuerySet[Order]:
    return orders.filter(status=OrderStatus.ACTIVE, start_date__lte=today, end_date__gte=today)


def _tested_today_ids(orders: QuerySet[Order], today: dt.date) -> list[int]:
    """Ids of the active orders with a test on ``today``.

    The test days are day numbers in a JSON list, and "start date + day - 1 = today" has no portable SQL
    form (SQLite cannot search inside a JSON list), so the database narrows to the orders running today
    (the indexed path, status and end date) and Python reads their three columns.
    """
    running = _running_on(orders, today).order_by().values_list("pk", "start_date", "test_days")
    return [pk for pk, start, test_days in running.iterator() if plans.is_test_day(start, test_days, today)]


def order_list(
    *,
    jurisdiction: Jurisdiction,
    today: dt.date,
    status: str | None = OrderStatus.ACTIVE,
    due: str = "",
    kind: str | None = None,
) -> QuerySet[Order]:
    """Orders placed in the jurisdiction (where the person lives).

    ``due``: ``"tests_today"`` (active, with a test day today) or ``"release"`` (active, on or past their
    last day: the release decision is due). Active orders come nearest release first; the others newest
    first. Unknown filter values are ignored.
    """
    orders = Order.objects.visible_to(jurisdiction).select_related(*_PAGE_RELATIONS)
    if status in OrderStatus.values:
        orders = orders.filter(status=status)
    if kind in OrderKind.values:
        orders = orders.filter(kind=kind)
    if due == RELEASE_DUE:
        orders = orders.filter(status=OrderStatus.ACTIVE, end_date__lte=today)
    elif due == TESTS_TODAY:
        orders = orders.filter(pk__in=_tested_today_ids(orders, today))
    if status == OrderStatus.ACTIVE or due:
        return orders.order_by("end_date", "pk")
    return orders.order_by("-start_date", "-pk")


def active_count(*, jurisdiction: Jurisdiction) -> int:
    return Order.objects.visible_to(jurisdiction).filter(status=OrderStatus.ACTIVE).count()


def tests_today_count(*, jurisdiction: Jurisdiction, today: dt.date) -> int:
    return len(_tested_today_ids(Order.objects.visible_to(jurisdiction), today))


def order_get(*, jurisdiction: Jurisdiction, pk: object) -> Order:
    """One order with what its page shows; outside the jurisdiction it does not exist (404)."""
    return get_in_scope_or_404(
        Order.objects.select_related(*_DETAIL_RELATIONS), jurisdiction=jurisdiction, pk=pk
    )


def released_order_get(*, jurisdiction: Jurisdiction, pk: object) -> Order:
    """A released order (the only ones with a release decision to print); any other is a 404."""
    return get_in_scope_or_404(
        Order.objects.select_related(*_DETAIL_RELATIONS).filter(status=OrderStatus.RELEASED),
        jurisdiction=jurisdiction,
        pk=pk,
    )


def facilities_for(*, jurisdiction: Jurisdiction, kind: str, on: dt.date) -> QuerySet[Facility]:
    """Facilities of the province open on ``on`` that take this kind of order: quarantine centres
    hold F1, the other kinds isolate and treat F0."""
    open_on = referral_facilities(jurisdiction=jurisdiction, open_on=on)
    if kind == OrderKind.F1_QUARANTINE:
        return open_on.filter(kind__in=QUARANTINE_KINDS)
    return open_on.exclude(kind__in=QUARANTINE_KINDS)


def f1_rules_on(*, person: Person, on: dt.date) -> RuleSet | None:
    """The F1 quarantine version in force for the person's place on a day (None if there is none)."""
    try:
        return rules.in_force(F1_QUARANTINE, on=on, unit_path=person.unit_path)
    except DomainError:
        return None
