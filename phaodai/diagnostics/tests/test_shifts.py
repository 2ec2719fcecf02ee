"""Shift testing: who has a valid negative test before the shift starts, and compliance per day."""

import datetime as dt

import pytest
from django.utils import timezone

from phaodai.core import clock
from phaodai.core.errors import DomainError
from phaodai.diagnostics.reference import Outcome, SampleKind
from phaodai.diagnostics.selectors.workplaces import compliance, shift_check
from phaodai.diagnostics.services.workplaces import enterprise_create, shift_create, workers_add
from phaodai.diagnostics.tests.factories import everywhere, make_lab, record, take
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

NAMES = ["Lò Văn Pọm", "Vàng A Sủ", "Giàng Thị Mai", "Sùng A Dế"]


@pytest.fixture
def factory_(tree):
    return enterprise_create(
        actor=None, jurisdiction=everywhere(tree.commune), unit=tree.commune, name="Công ty May Phong Thổ"
    )


@pytest.fixture
def workers(tree, factory_):
    persons = [make_person(tree.village, name) for name in NAMES]
    return workers_add(
        actor=None, jurisdiction=everywhere(tree.commune), enterprise=factory_, persons=persons
    )


def _shift(factory_, workers, day=None):
    return shift_create(
        actor=None,
        jurisdiction=everywhere(factory_.unit),
        enterprise=factory_,
        name="Ca 1",
        day=day or clock.today(),
        starts_at=dt.time(0, 0),
        workers=workers,
    )


def _tested(worker, kind, outcome, hours_before, start, **fields):
    taken = start - dt.timedelta(hours=hours_before)
    sample = take(worker.person, kind, taken_at=taken, **fields)
    record(sample, outcome, resulted_at=taken + dt.timedelta(minutes=30), **fields)


def test_the_shift_shows_who_is_cleared_by_a_negative_inside_the_window(tree, factory_, workers):
    shift = _shift(factory_, workers)
    start = timezone.make_aware(dt.datetime.combine(shift.day, shift.starts_at))
    lab = make_lab(tree.province)
    _tested(workers[0], SampleKind.PCR_SINGLE, Outcome.NEGATIVE, 48, start, lab=lab)  # inside 72 h
    _tested(workers[1], SampleKind.PCR_SINGLE, Outcome.NEGATIVE, 80, start, lab=lab)  # too old
    _tested(workers[2], SampleKind.RAT_SELF, Outcome.NEGATIVE, 10, start)  # self-tests do not count
    _tested(workers[3], SampleKind.PCR_SINGLE, Outcome.NEGATIVE, 50, start, lab=lab)
    _tested(workers[3], SampleKind.PCR_SINGLE, Outcome.POSITIVE, 20, start, lab=lab)  # undoes the negative
    check = shift_check(shift=shift)
    assert check.rules.code == "SX-AN-TOAN-72H"
    assert {row.worker.person.full_name: row.cleared for row in check.rows} == {
        "Lò Văn Pọm": True,
        "Vàng A Sủ": False,
        "Giàng Thị Mai": False,
        "Sùng A Dế": False,
    }
    assert check.cleared == 1


def test_compliance_per_enterprise_and_day(tree, factory_, workers):
    shift = _shift(factory_, workers[:2])
    _shift(factory_, workers[2:])
    start = timezone.make_aware(dt.datetime.combine(shift.day, shift.starts_at))
    _tested(workers[0], SampleKind.PCR_SINGLE, Outcome.NEGATIVE, 24, start, lab=make_lab(tree.province))
    [row] = compliance(jurisdiction=everywhere(tree.district), day=clock.today())
    assert (row.enterprise, row.shifts, row.assigned, row.cleared, row.share) == (factory_, 2, 4, 1, 0.25)
    assert compliance(jurisdiction=everywhere(tree.other_district), day=clock.today()) == []


def test_a_worker_is_registered_once(tree, factory_, workers):
    again = workers_add(
        actor=None, jurisdiction=everywhere(tree.commune), enterprise=factory_, persons=[workers[0].person]
    )
    assert again == [workers[0]]
    assert factory_.workers.count() == 4


def test_a_shift_takes_only_the_enterprises_workers(tree, factory_, workers):
    other = enterprise_create(
        actor=None, jurisdiction=everywhere(tree.commune), unit=tree.commune, name="Xưởng gỗ"
    )
    with pytest.raises(DomainError) as error:
        _shift(other, workers[:1])
    assert error.value.errors == {"workers": ["Chỉ phân công người lao động của doanh nghiệp này."]}
