"""Browsing units and adding villages: the jurisdiction decides, like everywhere else."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from phaodai.geo.models import AdminUnit, UnitLevel

pytestmark = pytest.mark.django_db


def _client(unit, role, username):
    organisation = apps.get_model("accounts", "Organisation").objects.create(
        name=f"Tổ chức {username}", kind="commune_health_station", unit=unit, unit_path=unit.path
    )
    user = get_user_model().objects.create(username=username, role=role, organisation=organisation)
    client = Client()
    client.force_login(user)
    return client


def test_a_commune_user_browses_their_commune_and_adds_a_village(tree):
    client = _client(tree.commune, "commune_health", "tramyte")
    assert "Bản Tả Phìn" in client.get(reverse("geo:unit", args=[tree.commune.pk])).content.decode()
    response = client.post(reverse("geo:village_create", args=[tree.commune.pk]), {"name": "Bản Nậm Cuổi"})
    assert response.status_code == 302
    assert AdminUnit.objects.filter(
        parent=tree.commune, level=UnitLevel.VILLAGE, name="Bản Nậm Cuổi"
    ).exists()


def test_a_bad_village_name_is_shown_next_to_the_field(tree):
    client = _client(tree.commune, "commune_health", "tramyte")
    response = client.post(reverse("geo:village_create", args=[tree.commune.pk]), {"name": "bản tả phìn"})
    assert "Xã đã có thôn/bản tên" in response.content.decode()
    assert AdminUnit.objects.filter(parent=tree.commune, level=UnitLevel.VILLAGE).count() == 1


def test_it_returns_404_outside_jurisdiction(tree):
    outsider = _client(tree.other_commune, "commune_health", "ngoaivung")
    assert outsider.get(reverse("geo:unit", args=[tree.commune.pk])).status_code == 404
    response = outsider.post(reverse("geo:village_create", args=[tree.commune.pk]), {"name": "Bản X"})
    assert response.status_code == 404
    assert outsider.get(f"/api/units/{tree.commune.pk}/").status_code == 404
    codes = {row["code"] for row in outsider.get("/api/units/").json()["results"]}
    assert codes == {"03460"}
