"""Which persons a user sees: the organisation's units decide, in HTML views and the API alike."""

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree):
    return {
        "here": make_person(tree.village, "Lò Văn Pọm"),
        "neighbour": make_person(tree.neighbour_commune, "Vàng A Sủ"),
        "elsewhere": make_person(tree.other_commune, "Tẩn Láo Lở"),
    }


def _listed(client, url):
    return client.get(url).content.decode()


def test_commune_user_sees_only_their_commune(commune_user, people):
    page = _listed(client_for(commune_user), reverse("people:list"))
    assert "Lò Văn Pọm" in page
    assert "Vàng A Sủ" not in page
    assert "Tẩn Láo Lở" not in page


def test_district_user_sees_all_communes_below_and_none_beside(district_user, people):
    page = _listed(client_for(district_user), reverse("people:list"))
    assert "Lò Văn Pọm" in page
    assert "Vàng A Sủ" in page
    assert "Tẩn Láo Lở" not in page


def test_user_without_organisation_sees_nothing(homeless_user, people):
    client = client_for(homeless_user)
    assert client.get(reverse("people:list")).status_code == 403
    assert client.get(reverse("people:detail", args=[people["here"].pk])).status_code == 403
    assert client.get("/api/persons/").status_code == 403


@pytest.mark.parametrize("name", ["people:detail", "people:edit"])
def test_it_returns_404_outside_jurisdiction(outsider, people, name):
    response = client_for(outsider).get(reverse(name, args=[people["here"].pk]))
    assert response.status_code == 404


def test_outsider_cannot_delete_or_edit_by_post(outsider, people):
    client = client_for(outsider)
    target = people["here"]
    assert client.post(reverse("people:delete", args=[target.pk])).status_code == 404
    assert client.post(reverse("people:edit", args=[target.pk]), {"full_name": "X"}).status_code == 404
    target.refresh_from_db()
    assert target.full_name == "Lò Văn Pọm"


def test_api_list_is_scoped(district_user, people):
    names = {row["full_name"] for row in client_for(district_user).get("/api/persons/").json()["results"]}
    assert names == {"Lò Văn Pọm", "Vàng A Sủ"}


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_api_returns_404_outside_jurisdiction(outsider, people, method):
    url = f"/api/persons/{people['here'].pk}/"
    response = getattr(client_for(outsider), method)(url, data={}, content_type="application/json")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy."


def test_viewing_a_record_is_logged(commune_user, people):
    from phaodai.core.models import AuditAction, AuditEvent

    client_for(commune_user).get(reverse("people:detail", args=[people["here"].pk]))
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.VIEW, actor=commune_user, entity_id=str(people["here"].pk)
        ).count()
        == 1
    )


@pytest.mark.parametrize("name", ["people:detail", "people:edit", "people:export"])
def test_a_neighbour_commune_in_the_same_district_is_out_of_scope_too(commune_user, people, name):
    response = client_for(commune_user).get(reverse(name, args=[people["neighbour"].pk]))
    assert response.status_code == 404


def test_a_district_user_gets_404_for_a_person_of_another_district(district_user, people):
    client = client_for(district_user)
    assert client.get(reverse("people:detail", args=[people["elsewhere"].pk])).status_code == 404
    assert client.get(f"/api/persons/{people['elsewhere'].pk}/").status_code == 404


def test_pages_carry_a_content_security_policy(commune_user, people):
    response = client_for(commune_user).get(reverse("people:list"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self' 'nonce-" in policy
