"""Pooled RT-PCR: up to N swabs in a pool; negative closes them all, positive sends them to retest."""

import pytest

from phaodai.core.errors import DomainError
from phaodai.core.scoping import Jurisdiction
from phaodai.diagnostics.models import Result, Sample
from phaodai.diagnostics.reference import Outcome, PoolStatus, SampleKind
from phaodai.diagnostics.selectors.samples import pool_members
from phaodai.diagnostics.services.pools import pool_result
from phaodai.diagnostics.tests.factories import everywhere, hours_ago, make_lab, make_pool, record, take
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

NAMES = ["Lò Văn Pọm", "Vàng A Sủ", "Giàng Thị Mai"]


@pytest.fixture
def pool(tree):
    return make_pool(tree.commune, make_lab(tree.province), capacity=3)


@pytest.fixture
def members(tree, pool):
    return [_join(tree, pool, name) for name in NAMES]


def _join(tree, pool, name):
    person = make_person(tree.village, name)
    return take(person, SampleKind.PCR_POOLED, pool=pool, jurisdiction=everywhere(tree.commune))


def _result(pool, outcome, hours=1):
    return pool_result(
        actor=None,
        jurisdiction=everywhere(pool.unit),
        pool=pool,
        outcome=outcome,
        resulted_at=hours_ago(hours),
    )


def test_members_take_the_pools_lab_and_fill_it(pool, members):
    pool.refresh_from_db()
    assert pool.member_count == 3
    assert all(sample.lab == pool.lab for sample in members)


def test_it_refuses_a_member_over_the_pools_size(tree, pool, members):
    with pytest.raises(DomainError) as error:
        _join(tree, pool, "Sùng A Dế")
    assert error.value.errors == {"pool": ["Ống mẫu gộp G-001 đã đủ 3 mẫu."]}
    assert Sample.objects.count() == 3


def test_it_refuses_a_pool_larger_than_the_pooling_rule(tree):
    with pytest.raises(DomainError) as error:
        make_pool(tree.commune, make_lab(tree.province), capacity=11)
    assert error.value.errors == {"capacity": ["Số mẫu gộp phải từ 1 đến 10."]}


def test_a_negative_pool_closes_every_member_negative(pool, members):
    _result(pool, Outcome.NEGATIVE)
    assert pool.status == PoolStatus.CLOSED
    results = Result.objects.filter(sample__pool=pool)
    assert [(r.outcome, r.from_pool, r.lab_id) for r in results] == [
        (Outcome.NEGATIVE, True, pool.lab_id)
    ] * 3
    assert not Sample.objects.filter(resulted=False).exists()


def test_a_positive_pool_lists_its_members_for_retest_and_their_results_close_it(pool, members):
    _result(pool, Outcome.POSITIVE, hours=2)
    assert pool.status == PoolStatus.RETEST
    assert [s.pk for s in pool_members(jurisdiction=Jurisdiction.of([pool.unit_path]), pool=pool)] == [
        s.pk for s in members
    ]
    record(members[0], Outcome.POSITIVE)
    record(members[1], Outcome.NEGATIVE)
    pool.refresh_from_db()
    assert pool.status == PoolStatus.RETEST
    record(members[2], Outcome.NEGATIVE)
    pool.refresh_from_db()
    assert pool.status == PoolStatus.CLOSED
    assert pool.closed_at is not None


def test_a_member_waits_for_its_pools_result(pool, members):
    with pytest.raises(DomainError) as error:
        record(members[0], Outcome.NEGATIVE)
    assert error.value.errors == {"sample": ["Mẫu thuộc ống gộp G-001: chờ kết quả ống gộp."]}


def test_a_pool_has_one_result(pool, members):
    _result(pool, Outcome.NEGATIVE)
    with pytest.raises(DomainError) as error:
        _result(pool, Outcome.POSITIVE)
    assert error.value.errors == {"pool": ["Ống mẫu gộp G-001 đã có kết quả."]}


def test_a_closed_pool_takes_no_more_members(tree, pool, members):
    _result(pool, Outcome.NEGATIVE)
    with pytest.raises(DomainError) as error:
        _join(tree, pool, "Sùng A Dế")
    assert error.value.errors == {"pool": ["Ống mẫu gộp G-001 đã có kết quả, không thêm mẫu được."]}


def test_a_pool_takes_only_swabs_of_people_living_where_it_is(tree, pool):
    neighbour = make_person(tree.neighbour_commune, "Hàng Thị Láng")
    with pytest.raises(DomainError) as error:
        take(neighbour, SampleKind.PCR_POOLED, pool=pool, jurisdiction=everywhere(tree.district))
    assert "chỉ nhận mẫu của người sống trên địa bàn" in error.value.errors["pool"][0]
    assert not Sample.objects.exists()
