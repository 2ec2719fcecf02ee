"""Turnaround per lab: hours from swab to result, median and 90th percentile, slowest lab first."""

import datetime as dt

import pytest

from phaodai.core import clock
from phaodai.diagnostics.reference import Outcome
from phaodai.diagnostics.selectors.turnaround import lab_turnaround, percentile
from phaodai.diagnostics.tests.factories import everywhere, hours_ago, make_lab, record, take
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_percentile_interpolates_between_ranks():
    assert percentile([10, 20, 30, 40], 0.5) == 25
    assert percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9) == pytest.approx(91)
    assert percentile([7], 0.9) == 7


def test_each_lab_gets_its_median_and_p90_in_hours(tree):
    fast, slow = make_lab(tree.province, "CDC Lai Châu"), make_lab(tree.district, "TTYT Phong Thổ")
    for lab, hours in ((fast, [4, 6, 8]), (slow, [24, 30, 48, 60])):
        for index, waited in enumerate(hours):
            sample = take(
                make_person(tree.village, f"Người {lab.pk}-{index}"), lab=lab, taken_at=hours_ago(waited + 1)
            )
            record(sample, Outcome.NEGATIVE, resulted_at=hours_ago(1))
    today = clock.today()
    table = lab_turnaround(
        jurisdiction=everywhere(tree.district), since=today - dt.timedelta(days=7), until=today
    )
    assert [(row.lab, row.results, row.median_hours, row.p90_hours) for row in table] == [
        (slow, 4, 39.0, 56.4),
        (fast, 3, 6.0, 7.6),
    ]


def test_it_counts_only_the_jurisdictions_samples(tree):
    lab = make_lab(tree.province)
    record(take(make_person(tree.village), lab=lab), Outcome.NEGATIVE)
    today = clock.today()
    assert lab_turnaround(jurisdiction=everywhere(tree.other_district), since=today, until=today) == []
