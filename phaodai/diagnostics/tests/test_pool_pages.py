"""Pool pages and the lab turnaround table."""

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.diagnostics.models import Lab, Pool
from phaodai.diagnostics.reference import Outcome, PoolStatus, SampleKind
from phaodai.diagnostics.tests.factories import everywhere, hours_ago, make_lab, make_pool, record, take
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(tree):
    pool = make_pool(tree.commune, make_lab(tree.province), capacity=2)
    for name in ("Lò Văn Pọm", "Vàng A Sủ"):
        take(
            make_person(tree.village, name),
            SampleKind.PCR_POOLED,
            pool=pool,
            jurisdiction=everywhere(tree.commune),
        )
    return pool


def test_a_pool_is_opened_from_the_form(tree, commune_user):
    lab = make_lab(tree.province)
    response = client_for(commune_user).post(
        reverse("diagnostics:pool_create"),
        {"unit": tree.commune.pk, "code": "g-15", "capacity": 5, "lab": lab.pk},
    )
    pool = Pool.objects.get()
    assert response["Location"] == reverse("diagnostics:pool", args=[pool.pk])
    assert (pool.code, pool.capacity) == ("G-15", 5)


def test_a_positive_pool_lists_the_members_to_retest(commune_user, pool):
    client = client_for(commune_user)
    response = client.post(
        reverse("diagnostics:pool_result", args=[pool.pk]),
        {"outcome": Outcome.POSITIVE, "resulted_at": hours_ago(0.5).strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    page = client.get(reverse("diagnostics:pool", args=[pool.pk])).content.decode()
    assert 'id="retests"' in page
    assert "Lò Văn Pọm" in page
    pool.refresh_from_db()
    assert pool.status == PoolStatus.RETEST


def test_the_turnaround_table_lists_each_lab(tree, district_user):
    lab = make_lab(tree.province, "CDC Lai Châu")
    record(take(make_person(tree.village), lab=lab, taken_at=hours_ago(13)), Outcome.NEGATIVE, hours=1)
    page = client_for(district_user).get(reverse("diagnostics:turnaround")).content.decode()
    assert "<td>CDC Lai Châu</td><td>1</td><td>12,0</td><td>12,0</td>" in page


def test_a_lead_adds_a_lab(tree, province_user):
    response = client_for(province_user).post(
        reverse("diagnostics:lab_create"),
        {"unit": tree.province.pk, "name": "BV Đa khoa tỉnh", "kind": "hospital"},
    )
    assert response.status_code == 302
    assert Lab.objects.get().name == "BV Đa khoa tỉnh"


def test_it_returns_404_outside_jurisdiction(outsider, pool):
    client = client_for(outsider)
    assert client.get(reverse("diagnostics:pool", args=[pool.pk])).status_code == 404
    assert client.post(reverse("diagnostics:pool_result", args=[pool.pk]), {}).status_code == 404
    assert pool.code not in client.get(reverse("diagnostics:pools")).content.decode()


def test_the_pool_pages_have_no_n_plus_one(tree, commune_user, pool, django_assert_max_num_queries):
    make_pool(tree.commune, pool.lab, code="G-002")
    client = client_for(commune_user)
    with django_assert_max_num_queries(10):
        assert "G-002" in client.get(reverse("diagnostics:pools")).content.decode()
    with django_assert_max_num_queries(12):
        assert "Vàng A Sủ" in client.get(reverse("diagnostics:pool", args=[pool.pk])).content.decode()
