"""``/api/samples/``, ``/api/results/``, ``/api/pools/``, rounds, enterprises and shifts: scoped, paginated,
filterable, and refusing bad input with the services' messages."""

import pytest

from conftest import client_for
from phaodai.diagnostics.models import Result
from phaodai.diagnostics.reference import Outcome, SampleKind
from phaodai.diagnostics.tests.factories import everywhere, hours_ago, make_lab, make_pool, record, take
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


@pytest.fixture
def person(tree):
    return make_person(tree.village, "Lò Văn Pọm")


def test_a_sample_and_its_result_round_trip(tree, commune_user, person):
    client = client_for(commune_user)
    lab = make_lab(tree.province)
    created = _post(
        client,
        "/api/samples/",
        {
            "person": person.pk,
            "kind": "pcr_single",
            "reason": "f1",
            "taken_at": hours_ago(5).isoformat(),
            "lab": lab.pk,
        },
    )
    assert created.status_code == 201, created.json()
    sample_id = created.json()["id"]
    result = _post(
        client,
        f"/api/samples/{sample_id}/result/",
        {"outcome": "negative", "resulted_at": hours_ago(1).isoformat()},
    )
    assert result.status_code == 201, result.json()
    assert result.json()["turnaround_minutes"] == 240
    listed = client.get(f"/api/samples/?unit={tree.village.pk}&since=2021-11-01&until=2021-11-20").json()
    assert [row["id"] for row in listed["results"]] == [sample_id]


def test_a_result_for_a_sample_never_taken_is_refused_on_the_sample_field(commune_user):
    response = _post(
        client_for(commune_user),
        "/api/results/",
        {"sample": 987654, "outcome": "positive", "resulted_at": hours_ago(1).isoformat()},
    )
    assert response.status_code == 400
    assert response.json()["errors"]["sample"] == [
        "Không có mẫu này (mẫu chưa được lấy) hoặc mẫu không thuộc địa bàn bạn quản lý."
    ]


def test_a_self_test_in_the_future_is_refused(commune_user, person):
    response = _post(
        client_for(commune_user),
        "/api/samples/",
        {
            "person": person.pk,
            "kind": "rat_self",
            "reason": "screening",
            "taken_at": hours_ago(-30).isoformat(),
            "reporter": "self",
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "taken_at": ["Thời điểm lấy mẫu (hoặc tự test) không được ở tương lai."]
    }


def test_a_pool_result_through_the_api(tree, commune_user):
    pool = make_pool(tree.commune, make_lab(tree.province), capacity=2)
    take(make_person(tree.village), SampleKind.PCR_POOLED, pool=pool, jurisdiction=everywhere(tree.commune))
    response = _post(
        client_for(commune_user),
        f"/api/pools/{pool.pk}/result/",
        {"outcome": "negative", "resulted_at": hours_ago(1).isoformat()},
    )
    assert response.status_code == 200
    assert (response.json()["status"], len(response.json()["members"])) == ("closed", 1)
    assert Result.objects.get().from_pool


def test_lists_filter_by_date(tree, commune_user, person):
    record(take(person, lab=make_lab(tree.province)), Outcome.NEGATIVE)
    client = client_for(commune_user)
    assert client.get("/api/results/?since=2021-11-19").json()["count"] == 1
    assert client.get("/api/results/?until=2021-11-01").json()["count"] == 0
    assert client.get("/api/results/?since=hôm-qua").status_code == 400


def test_the_api_returns_404_outside_jurisdiction(tree, outsider, person):
    sample = take(person, lab=make_lab(tree.province))
    client = client_for(outsider)
    assert client.get(f"/api/samples/{sample.pk}/").status_code == 404
    assert client.get("/api/samples/").json()["count"] == 0
    assert client.get(f"/api/samples/?unit={tree.commune.pk}").status_code == 404
    response = _post(
        client,
        f"/api/samples/{sample.pk}/result/",
        {"outcome": "positive", "resulted_at": hours_ago(1).isoformat()},
    )
    assert response.status_code == 404
    for url in ("/api/pools/", "/api/testing-rounds/", "/api/enterprises/", "/api/shifts/", "/api/results/"):
        assert client.get(url).json()["count"] == 0


def test_the_sample_list_has_no_n_plus_one(tree, commune_user, django_assert_max_num_queries):
    lab = make_lab(tree.province)
    for index in range(6):
        record(take(make_person(tree.village, f"Lò Văn {index}"), lab=lab), Outcome.NEGATIVE)
    client = client_for(commune_user)
    with django_assert_max_num_queries(12):
        assert client.get("/api/samples/").json()["count"] == 6
