"""The daily counts kept as data changes are exactly what a rebuild from the source rows computes."""

import datetime as dt

import pytest

from phaodai.cases.bulk import ClosedCaseRow, cases_bulk_load
from phaodai.cases.reference import CaseStatus
from phaodai.command import counters, metrics
from phaodai.command.models import DailyCount
from phaodai.command.tests import scenario
from phaodai.core.scoping import Jurisdiction
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _cells() -> dict[tuple[int, dt.date, str], int]:
    rows = DailyCount.objects.exclude(value=0).values_list("unit_id", "day", "metric", "value")
    return {(unit, day, metric): value for unit, day, metric, value in rows}


def _total(metric: str) -> int:
    return sum(value for (_unit, _day, name), value in _cells().items() if name == metric)


def test_rebuild_equals_the_counts_kept_incrementally(tree):
    scenario.run(tree)
    kept = _cells()
    assert kept, "the scenario wrote nothing the counts follow"
    counters.rebuild()
    assert _cells() == kept


def test_counts_follow_each_kind_of_change(tree):
    scenario.run(tree)
    assert _total(metrics.CASES_COMMUNITY) == 4
    assert _total(metrics.CASES_OTHER) == 1
    assert _total(metrics.RECOVERED) == 1
    assert _total(metrics.DEATHS) == 1
    assert _total(metrics.ACTIVE + "home") == 3  # five cases, two closed; the hospital stock ended
    assert _total(metrics.ACTIVE + "hospital") == 0
    assert _total(metrics.ESCALATIONS_OPEN) == 1  # the last warning still waits
    assert _total(metrics.F1_QUARANTINE + "facility") == 1  # one released, one cancelled
    assert _total(metrics.OCCUPIED + "quarantine") == 1  # their stays in the centre follow
    assert _total(metrics.TESTS_DONE) == 5  # the invalid result is not a test done
    assert _total(metrics.TESTS_POSITIVE) == 1


def test_a_result_after_the_cutoff_counts_on_the_next_reporting_day(settings):
    settings.PHAODAI_REPORT_CUTOFF_HOUR = 16
    from zoneinfo import ZoneInfo

    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    assert metrics.reporting_day(dt.datetime(2021, 11, 20, 15, 59, tzinfo=hanoi)) == dt.date(2021, 11, 20)
    assert metrics.reporting_day(dt.datetime(2021, 11, 20, 16, 0, tzinfo=hanoi)) == dt.date(2021, 11, 21)
    settings.PHAODAI_REPORT_CUTOFF_HOUR = 0
    assert metrics.reporting_day(dt.datetime(2021, 11, 20, 23, 0, tzinfo=hanoi)) == dt.date(2021, 11, 20)


def test_a_bulk_load_of_ended_cases_updates_the_counts_once(tree):
    moment, reported = dt.datetime(2021, 10, 1, 9, tzinfo=dt.UTC), dt.date(2021, 10, 1)
    rows = [
        ClosedCaseRow(person=make_person(tree.village, name), report_date=reported, registered_at=moment,
                      outcome_date=dt.date(2021, 10, 12), closed_at=moment + dt.timedelta(days=11),
                      outcome=CaseStatus.RECOVERED, sample_date=reported)
        for name in ("Lò Văn Một", "Lò Văn Hai")
    ]  # fmt: skip
    cases_bulk_load(
        actor=None, jurisdiction=Jurisdiction.of([tree.province.path]), rows=rows, summary="Đợt cũ"
    )
    assert _total(metrics.CASES_COMMUNITY) == 2
    assert _total(metrics.RECOVERED) == 2
    kept = _cells()
    counters.rebuild()
    assert _cells() == kept
