"""Testing rounds: a plan for a zone or a population, with progress and positivity kept as results come."""

import datetime as dt

import pytest

from phaodai.core import clock
from phaodai.core.errors import DomainError
from phaodai.diagnostics.reference import Outcome, Reason, RoundTarget, SampleKind
from phaodai.diagnostics.services.pools import pool_result
from phaodai.diagnostics.services.rounds import RoundInput, round_create
from phaodai.diagnostics.tests.factories import everywhere, hours_ago, make_lab, make_pool, record, take
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _round(tree, **fields):
    values = {
        "name": "Xét nghiệm toàn xã Dào San đợt 1",
        "unit": tree.commune,
        "target": RoundTarget.ZONE,
        "planned": 4,
        "starts_on": clock.today() - dt.timedelta(days=2),
        "due_on": clock.today() + dt.timedelta(days=3),
        "areas": [tree.village],
        **fields,
    }
    return round_create(actor=None, jurisdiction=everywhere(tree.commune), data=RoundInput(**values))


def test_a_zone_round_keeps_its_villages(tree):
    assert list(_round(tree).areas.all()) == [tree.village]


def test_a_population_round_names_its_group(tree):
    round_ = _round(tree, target=RoundTarget.POPULATION, areas=[], population_name="Trường THCS Dào San")
    assert (round_.population_name, list(round_.areas.all())) == ("Trường THCS Dào San", [])


def test_it_refuses_a_plan_without_people_or_with_dates_out_of_order(tree):
    with pytest.raises(DomainError) as error:
        _round(tree, planned=0, due_on=clock.today() - dt.timedelta(days=5))
    assert error.value.errors == {
        "planned": ["Số người dự kiến phải từ 1 đến 10000000."],
        "due_on": ["Hạn hoàn thành không được trước ngày bắt đầu."],
    }


def test_it_refuses_a_zone_outside_the_jurisdiction(tree):
    with pytest.raises(DomainError) as error:
        _round(tree, areas=[tree.other_commune])
    assert error.value.errors == {"areas": ["Xã Pa Tần không thuộc địa bàn bạn quản lý."]}


def test_progress_and_positivity_follow_the_results(tree):
    round_ = _round(tree)
    lab, here = make_lab(tree.province), everywhere(tree.commune)
    samples = [
        take(make_person(tree.village, name), lab=lab, round=round_, reason=Reason.ROUND, jurisdiction=here)
        for name in ("Lò Văn Pọm", "Vàng A Sủ", "Giàng Thị Mai")
    ]
    record(samples[0], Outcome.POSITIVE)
    record(samples[1], Outcome.NEGATIVE)
    round_.refresh_from_db()
    assert (round_.sampled, round_.resulted, round_.positive) == (3, 2, 1)
    assert (round_.progress, round_.positivity) == (0.5, 0.5)


def test_a_negative_pool_counts_each_of_its_members(tree):
    round_ = _round(tree)
    pool = make_pool(tree.commune, make_lab(tree.province))
    for name in ("Lò Văn Pọm", "Vàng A Sủ"):
        person = make_person(tree.village, name)
        take(person, SampleKind.PCR_POOLED, pool=pool, round=round_, jurisdiction=everywhere(tree.commune))
    pool_result(
        actor=None,
        jurisdiction=everywhere(tree.commune),
        pool=pool,
        outcome=Outcome.NEGATIVE,
        resulted_at=hours_ago(1),
    )
    round_.refresh_from_db()
    assert (round_.sampled, round_.resulted, round_.positive) == (2, 2, 0)
