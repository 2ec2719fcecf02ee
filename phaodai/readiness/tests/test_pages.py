"""Readiness pages: the summary with shortfalls and sorting, a unit's detail, the staffing and team
forms, kits issued from a team's page; the outsider sees nothing of Phong Thổ."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.inventory.models import Balance
from phaodai.readiness.models import StaffingReport, Team, TeamKind
from phaodai.readiness.tests.factories import cylinders, receive, staffing, team

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def station(tree):
    staffing(tree.commune, 1)
    return team(tree.commune, TeamKind.MOBILE_STATION, "Trạm y tế lưu động Dào San")


def test_the_summary_lists_communes_with_their_shortfalls_most_short_first(district_user, tree, station):
    page = client_for(district_user).get(reverse("readiness:summary"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "cần đối chiếu văn bản gốc" in body
    assert body.index("Xã Sì Lở Lầu") < body.index("Xã Dào San")  # no report, no team: more short
    assert "Chưa báo cáo" in body
    by_name = client_for(district_user).get(reverse("readiness:summary"), {"sap-xep": "ten"}).content.decode()
    assert by_name.index("Xã Dào San") < by_name.index("Xã Sì Lở Lầu")


def test_the_summary_marks_missing_doctors_overdue_after_the_deadline(district_user, tree, station):
    body = (
        client_for(district_user).get(reverse("readiness:summary"), {"ngay": "01/12/2021"}).content.decode()
    )
    assert "quá hạn 30/11/2021" in body


def test_the_summary_fragment_answers_htmx(district_user, station):
    fragment = client_for(district_user).get(reverse("readiness:summary"), HTTP_HX_REQUEST="true")
    assert fragment.content.decode().lstrip().startswith('<div id="results">')


def test_a_unit_page_shows_staffing_teams_and_stock(commune_user, tree, station):
    body = client_for(commune_user).get(reverse("readiness:unit", args=[tree.commune.pk])).content.decode()
    assert "Trạm y tế lưu động Dào San" in body
    assert "Báo cáo nhân lực" in body


def test_staffing_is_recorded_from_the_form(commune_user, tree):
    response = client_for(commune_user).post(
        reverse("readiness:staffing_add"),
        {
            "unit": tree.commune.pk,
            "reported_on": "19/11/2021",
            "doctors": "0",
            "rotating_doctors": "1",
            "nurses": "4",
        },
    )
    assert response.status_code == 302
    assert StaffingReport.objects.get(unit=tree.commune).doctor_present


def test_a_negative_count_on_the_form_is_shown_on_its_field(commune_user, tree):
    response = client_for(commune_user).post(
        reverse("readiness:staffing_add"),
        {"unit": tree.commune.pk, "reported_on": "19/11/2021", "doctors": "-1", "nurses": "4"},
    )
    assert response.status_code == 200
    assert "Số bác sĩ không được âm." in response.content.decode()
    assert not StaffingReport.objects.exists()


def test_a_team_is_created_with_members_from_the_form(commune_user, tree):
    response = client_for(commune_user).post(
        reverse("readiness:team_add"),
        {
            "kind": TeamKind.COMMUNITY_TEAM, "name": "Tổ COVID cộng đồng bản Tả Phìn",
            "unit": tree.village.pk, "established_on": "01/10/2021",
            "members": "Lò Văn Pọm; Trưởng bản; 0912345678\nVàng Thị Mai; Y tế thôn bản",
        },
    )  # fmt: skip
    created = Team.objects.get()
    assert response.status_code == 302
    assert created.members.count() == 2


def test_a_kit_above_the_balance_is_refused_on_the_team_page(commune_user, tree, station):
    item = cylinders()
    receive(tree.commune, item, 1)
    response = client_for(commune_user).post(
        reverse("readiness:kit_add", args=[station.pk]),
        {"item": item.pk, "quantity": "2", "occurred_on": "19/11/2021"},
    )
    assert response.status_code == 200
    assert "Vượt tồn kho" in response.content.decode()
    assert Balance.objects.get(unit=tree.commune, item=item).quantity == 1
    done = client_for(commune_user).post(
        reverse("readiness:kit_add", args=[station.pk]),
        {"item": item.pk, "quantity": "1", "occurred_on": "19/11/2021"},
    )
    assert done.status_code == 302
    assert (
        "Bình oxy 40 lít"
        in client_for(commune_user).get(reverse("readiness:team", args=[station.pk])).content.decode()
    )


def test_it_returns_404_outside_jurisdiction(outsider, tree, station):
    client = client_for(outsider)
    assert client.get(reverse("readiness:unit", args=[tree.commune.pk])).status_code == 404
    assert client.get(reverse("readiness:team", args=[station.pk])).status_code == 404
    assert client.get(reverse("readiness:summary"), {"don-vi": tree.district.pk}).status_code == 404
    assert client.post(reverse("readiness:kit_add", args=[station.pk]), {"quantity": "1"}).status_code == 404
    assert (
        client.post(reverse("readiness:members_add", args=[station.pk]), {"members": "A"}).status_code == 404
    )
    teams = client.get(reverse("readiness:teams")).content.decode()
    assert "Dào San" not in teams
    own = client.get(reverse("readiness:summary")).content.decode()
    assert "Pa Tần" in own
    assert "Dào San" not in own


def test_a_team_in_another_area_cannot_be_chosen_on_the_form(outsider, tree):
    response = client_for(outsider).post(
        reverse("readiness:team_add"),
        {
            "kind": TeamKind.MOBILE_STATION,
            "name": "Trạm X",
            "unit": tree.commune.pk,
            "established_on": "01/10/2021",
        },
    )
    assert response.status_code == 200
    assert "không thuộc địa bàn bạn quản lý" in response.content.decode()
    assert not Team.objects.exists()


def test_a_user_without_an_organisation_sees_nothing(homeless_user, station):
    assert client_for(homeless_user).get(reverse("readiness:summary")).status_code in (403, 404)


def test_a_team_is_dissolved_from_its_page(commune_user, station):
    response = client_for(commune_user).post(
        reverse("readiness:team_dissolve", args=[station.pk]), {"dissolved_on": "21/11/2021"}
    )
    assert response.status_code == 200
    assert "Ngày không được sau hôm nay." in response.content.decode()
    done = client_for(commune_user).post(
        reverse("readiness:team_dissolve", args=[station.pk]), {"dissolved_on": "19/11/2021"}
    )
    assert done.status_code == 302
    station.refresh_from_db()
    assert station.dissolved_on == D(2021, 11, 19)


def test_the_home_page_counts_stations_without_doctor(district_user, tree):
    staffing(tree.commune, 0)
    body = client_for(district_user).get(reverse("core:home")).content.decode()
    assert "Trạm y tế xã chưa có bác sĩ" in body
