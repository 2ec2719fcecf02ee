"""Admissions and discharges per day over the last days: local days, grouped in the database."""

import datetime as dt

import pytest

from phaodai.facilities.selectors import facility_movements
from phaodai.facilities.services import stay_discharge
from phaodai.facilities.tests.conftest import TODAY
from phaodai.facilities.tests.factories import FacilityFactory, StayFactory, admit, local
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _day(offset):
    return TODAY - dt.timedelta(days=offset)


def test_movements_count_each_local_day(tree, django_assert_num_queries):
    facility = FacilityFactory(unit=tree.commune, beds=20)
    other = FacilityFactory(unit=tree.commune)
    people = [make_person(tree.village, f"Người số {n}") for n in range(6)]
    admit(facility, people[0], at=local(_day(3), 0, 30))  # 17:30 UTC the day before: still day -3 here
    admit(facility, people[1], at=local(_day(3), 23, 30))
    first = admit(facility, people[2], at=local(_day(2), 9))
    stay_discharge(actor=None, stay=first, at=local(_day(1), 10), reason="")
    admit(facility, people[3], at=local(_day(20)))  # before the window
    admit(other, people[4], at=local(_day(1)))  # another facility
    with django_assert_num_queries(2):
        movements = facility_movements(facility=facility, days=14, today=TODAY)
    assert len(movements) == 14
    assert movements[0][0] == _day(13)
    assert movements[-1] == (TODAY, 0, 0)
    by_day = {day: (admitted, discharged) for day, admitted, discharged in movements}
    assert by_day[_day(3)] == (2, 0)
    assert by_day[_day(2)] == (1, 0)
    assert by_day[_day(1)] == (0, 1)
    assert sum(admitted for _, admitted, _ in movements) == 3


def test_a_stay_that_began_before_the_window_counts_its_discharge_only(tree):
    facility = FacilityFactory(unit=tree.commune)
    StayFactory(
        facility=facility,
        person=make_person(tree.village),
        admitted_at=local(_day(30)),
        discharged_at=local(_day(5), 15),
    )
    movements = {day: (a, d) for day, a, d in facility_movements(facility=facility, today=TODAY)}
    assert movements[_day(5)] == (0, 1)
    assert sum(a for a, _ in movements.values()) == 0
