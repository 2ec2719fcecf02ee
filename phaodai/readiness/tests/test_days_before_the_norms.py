"""A day asked for before the readiness norms took effect (or a year-1 date) shows today's summary with a
clear message, never a server error."""

import pytest

from conftest import client_for
from phaodai.readiness.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def _messages(page):
    return " ".join(str(m) for m in page.context["messages"])


@pytest.mark.parametrize("day", ["01/10/2021", "01/01/0001"])
def test_the_summary_for_a_day_before_the_norms_shows_today_with_a_message(district_user, tree, day):
    page = client_for(district_user).get(f"/san-sang/?ngay={day}")
    assert page.status_code == 200
    assert page.context["on"] == TODAY
    assert "Chưa có bộ quy tắc" in _messages(page)


def test_a_units_page_for_a_day_before_the_norms_shows_today_with_a_message(district_user, tree):
    page = client_for(district_user).get(f"/san-sang/don-vi/{tree.commune.pk}/?ngay=01/10/2021")
    assert page.status_code == 200
    assert page.context["on"] == TODAY
    assert "Chưa có bộ quy tắc" in _messages(page)
