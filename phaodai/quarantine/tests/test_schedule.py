"""The follow-up derived from an order's dates: day N of M, the test days, the lists of what is due."""

import datetime as dt
from types import SimpleNamespace

import pytest

from phaodai.core import clock, rules
from phaodai.core.scoping import Jurisdiction
from phaodai.people.tests.factories import make_person
from phaodai.quarantine import plans, selectors
from phaodai.quarantine.reference import OrderPlace, OrderStatus
from phaodai.quarantine.rulesets import F1_QUARANTINE
from phaodai.quarantine.tests.factories import issue_f1, release

D = dt.date
START, END = D(2021, 11, 10), D(2021, 11, 23)


def _order(start=START, end=END, test_days=(1, 7, 14), monitor=14, status="active"):
    return SimpleNamespace(
        start_date=start, end_date=end, test_days=list(test_days), self_monitor_days=monitor, status=status
    )


class TestSchedule:
    def test_day_one_is_the_start_date(self):
        schedule = plans.schedule(_order(), today=D(2021, 11, 10))
        assert (schedule.day, schedule.total, schedule.started, schedule.finished) == (1, 14, True, False)
        assert [(t.day, t.date, t.due_today) for t in schedule.tests] == [
            (1, D(2021, 11, 10), True),
            (7, D(2021, 11, 16), False),
            (14, D(2021, 11, 23), False),
        ]

    def test_a_passed_test_day_is_overdue_while_the_order_runs(self):
        schedule = plans.schedule(_order(), today=D(2021, 11, 16))
        assert [(t.day, t.due_today, t.overdue) for t in schedule.tests] == [
            (1, False, True),
            (7, True, False),
            (14, False, False),
        ]
        assert schedule.test_due_today

    def test_nothing_is_due_on_an_order_that_no_longer_runs(self):
        schedule = plans.schedule(_order(status=OrderStatus.RELEASED), today=D(2021, 11, 23))
        assert not any(t.due_today or t.overdue for t in schedule.tests)

    def test_release_is_due_from_the_last_day_and_self_monitoring_follows_it(self):
        last = plans.schedule(_order(), today=D(2021, 11, 23))
        assert (last.day, last.release_due, last.finished) == (14, True, False)
        assert last.self_monitor_end == D(2021, 12, 7)
        assert plans.schedule(_order(), today=D(2021, 11, 22)).release_due is False
        assert plans.schedule(_order(), today=D(2021, 11, 25)).finished

    def test_without_self_monitoring_there_is_no_end_for_it(self):
        assert plans.schedule(_order(monitor=0), today=D(2021, 11, 10)).self_monitor_end is None

    def test_before_the_start_it_has_not_started(self):
        assert not plans.schedule(_order(), today=D(2021, 11, 9)).started


@pytest.mark.django_db
class TestChoosePlan:
    def _params(self, day):
        return rules.in_force(F1_QUARANTINE, on=day).params

    def test_1909_has_no_plan(self):
        params = self._params(D(2022, 5, 1))
        assert (
            plans.choose_plan(
                params, vaccine_doses=2, last_dose_date=None, recovered_on=None, start=D(2022, 5, 1)
            )
            is None
        )

    def test_762_counts_recovery_within_three_months_only(self):
        params, start = self._params(D(2022, 3, 1)), D(2022, 3, 1)

        def days(recovered):
            plan = plans.choose_plan(
                params, vaccine_doses=0, last_dose_date=None, recovered_on=recovered, start=start
            )
            assert plan is not None
            return plan.days

        assert days(start - dt.timedelta(92)) == 5
        assert days(start - dt.timedelta(93)) == 7

    def test_762_has_no_upper_limit_on_the_last_dose(self):
        params, start = self._params(D(2022, 3, 1)), D(2022, 3, 1)
        plan = plans.choose_plan(
            params, vaccine_doses=2, last_dose_date=D(2021, 6, 1), recovered_on=None, start=start
        )
        assert plan is not None
        assert (plan.days, plan.place, plan.test_days) == (5, OrderPlace.HOME, (5,))

    def test_a_home_plan_also_allows_a_facility(self):
        plan = plans.Plan("any", 7, OrderPlace.HOME, (7,), 3)
        assert plan.allowed_places == (OrderPlace.HOME, OrderPlace.FACILITY)
        assert plans.Plan("any", 14, OrderPlace.FACILITY, (), 0).allowed_places == (OrderPlace.FACILITY,)


@pytest.mark.django_db
class TestDueLists:
    @pytest.fixture
    def orders(self, tree):
        """Three 5599 orders started on 10/11, 4/11 and 1/11/2021; one released."""
        made = {}
        for name, start in (
            ("Lò Văn Pọm", D(2021, 11, 10)),
            ("Vàng A Sủ", D(2021, 11, 4)),
            ("Giàng A Lử", D(2021, 11, 1)),
        ):
            with clock.pinned(start):
                made[name] = issue_f1(make_person(tree.commune, name))
        with clock.pinned(D(2021, 11, 14)):
            release(made["Giàng A Lử"])
        return made

    def _names(self, orders):
        return [order.person.full_name for order in orders]

    def test_tests_due_today_are_those_whose_test_day_falls_today(self, tree, orders):
        jurisdiction = Jurisdiction.of([tree.commune.path])
        due = selectors.order_list(
            jurisdiction=jurisdiction, today=D(2021, 11, 10), due=selectors.TESTS_TODAY
        )
        assert self._names(due) == ["Vàng A Sủ", "Lò Văn Pọm"]  # day 7 of one, day 1 of the other
        assert selectors.tests_today_count(jurisdiction=jurisdiction, today=D(2021, 11, 10)) == 2
        assert selectors.tests_today_count(jurisdiction=jurisdiction, today=D(2021, 11, 11)) == 0

    def test_release_due_are_the_active_orders_on_or_past_their_last_day(self, tree, orders):
        jurisdiction = Jurisdiction.of([tree.commune.path])
        due = selectors.order_list(
            jurisdiction=jurisdiction, today=D(2021, 11, 17), due=selectors.RELEASE_DUE
        )
        assert self._names(due) == ["Vàng A Sủ"]  # ends 17/11; Giàng A Lử is already released
        assert not selectors.order_list(
            jurisdiction=jurisdiction, today=D(2021, 11, 16), due=selectors.RELEASE_DUE
        )

    def test_the_lists_are_cut_to_the_jurisdiction(self, tree, orders):
        elsewhere = Jurisdiction.of([tree.other_commune.path])
        assert not selectors.order_list(jurisdiction=elsewhere, today=D(2021, 11, 10), status=None)
        assert selectors.tests_today_count(jurisdiction=elsewhere, today=D(2021, 11, 10)) == 0
        assert selectors.active_count(jurisdiction=elsewhere) == 0
        assert selectors.active_count(jurisdiction=Jurisdiction.of([tree.district.path])) == 2
