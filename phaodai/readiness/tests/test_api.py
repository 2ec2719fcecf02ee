"""The readiness API: the summary lines the dashboard reads, staffing and teams, paginated and scoped;
writes through the same services, refusals in the one error shape."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.readiness.models import StaffingReport, Team, TeamKind
from phaodai.readiness.tests.factories import cylinders, receive, staffing, team

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def station(tree):
    staffing(tree.commune, 1)
    staffing(tree.other_commune, 0)
    team(tree.other_commune, name="Trạm lưu động Pa Tần")
    return team(tree.commune, TeamKind.MOBILE_STATION, "Trạm y tế lưu động Dào San")


def test_the_summary_has_a_line_per_commune_with_shortfalls(district_user, tree, station):
    body = client_for(district_user).get(reverse("readiness-summary-list"), {"on": "2021-12-01"}).json()
    assert body["count"] == 2
    assert body["norms"]["needs_checking"] is True
    lines = {line["name"]: line for line in body["results"]}
    assert lines["Xã Dào San"]["doctor_present"] is True
    keys = {s["key"]: s for s in lines["Xã Sì Lở Lầu"]["shortfalls"]}
    assert keys["doctors"]["overdue"] is True


def test_the_summary_by_district_for_the_province(province_user, tree, station):
    body = client_for(province_user).get(reverse("readiness-summary-list")).json()
    assert {line["name"]: line["communes_without_doctor"] for line in body["results"]} == {
        "Huyện Phong Thổ": 1, "Huyện Sìn Hồ": 1,
    }  # fmt: skip


def test_staffing_and_teams_are_listed_in_scope(district_user, station):
    client = client_for(district_user)
    assert client.get(reverse("readiness-staffing-list")).json()["count"] == 1
    teams = client.get(reverse("readiness-team-list")).json()
    assert [row["name"] for row in teams["results"]] == ["Trạm y tế lưu động Dào San"]


def test_a_negative_count_is_refused_naming_the_field(commune_user, tree):
    response = client_for(commune_user).post(
        reverse("readiness-staffing-list"),
        {"unit": tree.commune.pk, "reported_on": "2021-11-19", "doctors": -1, "nurses": 2},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["doctors"] == ["Số bác sĩ không được âm."]
    assert not StaffingReport.objects.exists()


def test_a_team_in_another_jurisdiction_is_refused(commune_user, tree):
    response = client_for(commune_user).post(
        reverse("readiness-team-list"),
        {"kind": "mobile_station", "name": "Trạm X", "unit": tree.other_commune.pk,
         "established_on": "2021-10-01", "members": [{"full_name": "Giàng A Lử"}]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "unit" in response.json()["errors"]
    assert not Team.objects.exists()


def test_a_team_and_its_kit_are_created_and_read_back(commune_user, tree):
    client = client_for(commune_user)
    created = client.post(
        reverse("readiness-team-list"),
        {"kind": "community_team", "name": "Tổ COVID bản Tả Phìn", "unit": tree.village.pk,
         "established_on": "2021-10-01", "members": [{"full_name": "Lò Văn Pọm", "position": "Trưởng bản"}]},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201
    pk = created.json()["id"]
    item = cylinders()
    receive(tree.commune, item, 2)
    refused = client.post(
        reverse("readiness-team-kits", args=[pk]),
        {"item": item.pk, "quantity": 3, "occurred_on": "2021-11-19"},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 400
    assert "Vượt tồn kho" in refused.json()["errors"]["quantity"][0]
    issued = client.post(
        reverse("readiness-team-kits", args=[pk]),
        {"item": item.pk, "quantity": 2, "occurred_on": "2021-11-19"},
        content_type="application/json",
    )  # fmt: skip
    assert issued.status_code == 201
    assert client.get(reverse("readiness-team-detail", args=[pk])).json()["kit"][0]["quantity"] == 2


def test_it_returns_404_outside_jurisdiction(outsider, tree, station):
    client = client_for(outsider)
    assert client.get(reverse("readiness-team-detail", args=[station.pk])).status_code == 404
    assert client.get(reverse("readiness-summary-list"), {"unit": tree.district.pk}).status_code == 404
    assert client.get(reverse("readiness-staffing-list"), {"unit": tree.commune.pk}).status_code == 404
    names = [row["name"] for row in client.get(reverse("readiness-team-list")).json()["results"]]
    assert names == ["Trạm lưu động Pa Tần"]
    kit = client.post(
        reverse("readiness-team-kits", args=[station.pk]), {"item": cylinders().pk, "quantity": 1,
                                                            "occurred_on": "2021-11-19"},
        content_type="application/json",
    )  # fmt: skip
    assert kit.status_code == 404


def test_reading_needs_the_permission(client, station):
    assert client.get(reverse("readiness-summary-list")).status_code in (401, 403)
