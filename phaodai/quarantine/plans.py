"""Reading a "quarantine.f1" version: which plan applies to a person, and an order's follow-up schedule.

Pure functions of the rule set's parameters and dates: nothing is stored per day. Day 1 is the start
date, so a 14-day order started on 10/11 ends on 23/11 and its day-7 test falls on 16/11.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import gettext as _

from phaodai.core.errors import DomainError
from phaodai.quarantine.reference import OrderPlace, OrderStatus

VACCINATED_OR_RECOVERED = "vaccinated_or_recovered"
ANY = "any"
FULL_COURSE_DOSES = 2

# Where each plan's place lets the person stay: a facility can always hold someone sent home.
ALLOWED_PLACES: dict[str, tuple[str, ...]] = {
    OrderPlace.FACILITY: (OrderPlace.FACILITY,),
    OrderPlace.HOME: (OrderPlace.HOME, OrderPlace.FACILITY),
}


@dataclass(frozen=True)
class Plan:
    """One plan of a version: who it is for, how long, where, which days are tested."""

    when: str
    days: int
    place: str
    test_days: tuple[int, ...]
    self_monitor_days: int

    @classmethod
    def from_params(cls, raw: Mapping[str, Any]) -> "Plan":
        return cls(
            when=str(raw["when"]),
            days=int(raw["days"]),
            place=str(raw["place"]),
            test_days=tuple(int(day) for day in raw.get("test_days", ())),
            self_monitor_days=int(raw.get("self_monitor_days", 0)),
        )

    @property
    def allowed_places(self) -> tuple[str, ...]:
        return ALLOWED_PLACES.get(self.place, (self.place,))


def plans_of(params: Mapping[str, Any]) -> list[Plan]:
    return [Plan.from_params(raw) for raw in params.get("plans", [])]


def _days_before(earlier: dt.date, later: dt.date) -> int:
    return (later - earlier).days


def is_vaccinated(
    params: Mapping[str, Any], *, vaccine_doses: int, last_dose_date: dt.date | None, start: dt.date
) -> bool:
    """A full course (two doses) whose last dose is old enough to count and, if the version says so,
    recent enough to still count."""
    if vaccine_doses < FULL_COURSE_DOSES or last_dose_date is None:
        return False
    since = _days_before(last_dose_date, start)
    maximum = int(params.get("vaccinated_max_days", 0))
    return since >= int(params.get("vaccinated_min_days", 14)) and (maximum <= 0 or since <= maximum)


def is_recently_recovered(params: Mapping[str, Any], *, recovered_on: dt.date | None, start: dt.date) -> bool:
    """Recovered within the version's window; a version with no window (0) does not count recovery."""
    maximum = int(params.get("recovered_max_days", 0))
    if recovered_on is None or maximum <= 0:
        return False
    return 0 <= _days_before(recovered_on, start) <= maximum


def _holds(
    plan: Plan,
    params: Mapping[str, Any],
    *,
    vaccine_doses: int,
    last_dose_date: dt.date | None,
    recovered_on: dt.date | None,
    start: dt.date,
) -> bool:
    if plan.when == ANY:
        return True
    if plan.when == VACCINATED_OR_RECOVERED:
        return is_vaccinated(
            params, vaccine_doses=vaccine_doses, last_dose_date=last_dose_date, start=start
        ) or is_recently_recovered(params, recovered_on=recovered_on, start=start)
    raise DomainError(
        _("Bộ quy tắc cách ly có điều kiện không hợp lệ («%(when)s»): quản trị viên cần sửa lại.")
        % {"when": plan.when}
    )


def choose_plan(
    params: Mapping[str, Any],
    *,
    vaccine_doses: int,
    last_dose_date: dt.date | None,
    recovered_on: dt.date | None,
    start: dt.date,
) -> Plan | None:
    """The first plan whose condition holds; None when the version quarantines nobody (1909/BYT-DP)."""
    for plan in plans_of(params):
        if _holds(
            plan,
            params,
            vaccine_doses=vaccine_doses,
            last_dose_date=last_dose_date,
            recovered_on=recovered_on,
            start=start,
        ):
            return plan
    return None


def end_date(start: dt.date, days: int) -> dt.date:
    """The last day of a ``days``-day period whose day 1 is ``start``."""
    return start + dt.timedelta(days=days - 1)


def day_number(start: dt.date, on: dt.date) -> int:
    """Which day of the period ``on`` is (1 on the start date; 0 or less before it)."""
    return (on - start).days + 1


class Scheduled(Protocol):
    """What a schedule is derived from (an Order, or anything shaped like one)."""

    start_date: dt.date
    end_date: dt.date
    test_days: Sequence[int]
    self_monitor_days: int
    status: str


@dataclass(frozen=True)
class TestDay:
    """One test of the schedule. ``overdue``: its date has passed while the order is still running
    (the result should be on record by now)."""

    __test__ = False  # not a pytest class

    day: int
    date: dt.date
    due_today: bool
    overdue: bool


@dataclass(frozen=True)
class Schedule:
    day: int  # today's day number (below 1: not started; above ``total``: the period is over)
    total: int
    tests: tuple[TestDay, ...]
    end_date: dt.date
    self_monitor_end: dt.date | None

    @property
    def started(self) -> bool:
        return self.day >= 1

    @property
    def finished(self) -> bool:
        return self.day > self.total

    @property
    def test_due_today(self) -> bool:
        return any(test.due_today for test in self.tests)

    @property
    def release_due(self) -> bool:
        """On or after the last day: the order may be released (a decision signed on the last day)."""
        return self.day >= self.total


def schedule(order: Scheduled, *, today: dt.date) -> Schedule:
    """The follow-up of an order as of ``today``: day N of M, each test day, the end and self-monitoring.

    Only an active order has tests due or overdue; a released or cancelled one keeps its dates.
    """
    running = order.status == OrderStatus.ACTIVE
    tests = []
    for number in sorted(set(order.test_days)):
        day = order.start_date + dt.timedelta(days=number - 1)
        tests.append(
            TestDay(number, day, due_today=running and day == today, overdue=running and day < today)
        )
    monitor = order.self_monitor_days
    return Schedule(
        day=day_number(order.start_date, today),
        total=day_number(order.start_date, order.end_date),
        tests=tuple(tests),
        end_date=order.end_date,
        self_monitor_end=order.end_date + dt.timedelta(days=monitor) if monitor > 0 else None,
    )


def is_test_day(start: dt.date, test_days: Sequence[int], on: dt.date) -> bool:
    return day_number(start, on) in test_days
