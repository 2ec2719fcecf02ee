"""Dates at the edge of the calendar in queries and forms get a clear answer, never a server error."""

import pytest

from conftest import client_for
from phaodai.command.models import DailyReport

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/chi-huy/?ngay=01/01/0001", "/chi-huy/?ngay=0001-01-02"])
def test_a_dashboard_day_before_the_epidemic_shows_the_first_day_instead(tree, province_user, url):
    page = client_for(province_user).get(url)
    assert page.status_code == 200
    assert page.context["board"].day.year >= 2020


def test_the_figures_api_refuses_a_day_before_the_epidemic_naming_the_parameter(tree, province_user):
    response = client_for(province_user).get("/api/daily-figures/?day=0001-01-01")
    assert response.status_code == 400
    assert response.json()["errors"]["day"]


@pytest.mark.parametrize("day", ["01/01/0001", "02/01/0001"])
def test_assessing_a_week_before_the_epidemic_is_refused_with_a_message(tree, province_user, day):
    client = client_for(province_user)
    response = client.post("/chi-huy/cap-do/danh-gia/", {"week_end": day}, follow=True)
    assert response.status_code == 200
    assert "2020" in " ".join(str(m) for m in response.context["messages"])


def test_drafting_a_report_before_the_epidemic_names_the_day_field(tree, province_user):
    data = {"day": "01/01/0001", "issuer_name": "Sở Y tế", "place_name": "Lai Châu"}
    page = client_for(province_user).post("/chi-huy/bao-cao/moi/", data)
    assert page.status_code == 400
    assert page.context["form"].errors["day"]
    assert not DailyReport.objects.exists()


def test_a_dashboard_day_before_any_coverage_target_shows_no_targets(tree, province_user):
    page = client_for(province_user).get("/chi-huy/?ngay=01/06/2021")
    assert page.status_code == 200
    assert page.context["board"].coverage == []
    assert page.context["board"].coverage_rules is None
