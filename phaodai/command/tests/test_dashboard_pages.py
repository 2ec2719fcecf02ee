"""The dashboard shows the figures kept for the viewer's area, from the counts, and nothing of others."""

import pytest

from conftest import client_for
from phaodai.command.tests import scenario

pytestmark = pytest.mark.django_db


def test_the_province_dashboard_shows_the_days_figures_and_its_charts(tree, province_user):
    scenario.run(tree)
    page = client_for(province_user).get("/chi-huy/")
    assert page.status_code == 200
    text = page.content.decode()
    board = page.context["board"]
    assert board.figures.active_total == 3
    assert board.figures.f1_total == 1
    assert board.figures.escalations_open == 1
    assert 'id="chart-curve"' in text
    assert "chart.umd.min.js" in text
    assert sum(board.charts["community"]) == 4


def test_a_district_viewer_sees_only_its_district(tree, district_user):
    scenario.run(tree)
    own = client_for(district_user).get("/chi-huy/").context["board"]
    assert own.unit == tree.district
    assert own.figures.total_cases == 5


def test_the_outsider_sees_none_of_phong_thos_figures(tree, outsider):
    scenario.run(tree)
    page = client_for(outsider).get(f"/chi-huy/?don-vi={tree.district.pk}")
    assert page.status_code == 200
    board = page.context["board"]
    assert board.unit == tree.other_commune  # an out-of-area unit is not shown: the viewer's own area is
    assert board.figures.total_cases == 0
    assert board.figures.f1_total == 0


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    assert client.get("/chi-huy/").status_code == 302


def test_a_bad_date_in_the_query_falls_back_to_today(tree, province_user):
    page = client_for(province_user).get("/chi-huy/?ngay=31/02/2021")
    assert page.status_code == 200
    assert page.context["board"].day.isoformat() == "2021-11-20"
