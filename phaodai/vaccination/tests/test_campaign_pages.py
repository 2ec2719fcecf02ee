"""Coverage, targets, sessions and vaccine lots pages."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.core.access import access_for_user
from phaodai.core.home import counters
from phaodai.geo.models import AgeBand, Population
from phaodai.people.tests.factories import make_person
from phaodai.vaccination.models import Session
from phaodai.vaccination.tests.factories import give, vaccine_lot

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def campaign(tree):
    Population.objects.create(
        unit=tree.commune, unit_path=tree.commune.path, year=2021, band=AgeBand.AGE_18_49, count=4
    )
    lot = vaccine_lot(tree.commune, "VC", number="VC-SOON", expires_on=D(2021, 12, 1))
    vaccine_lot(tree.other_commune, "AZ", number="AZ-FAR")
    give(make_person(tree.village, "Lò Văn Pọm", birth_year=1980), lot, D(2021, 11, 20))
    return lot


def _page(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response.content.decode()


def test_coverage_drills_from_province_to_communes(province_user, tree, campaign):
    client = client_for(province_user)
    page = _page(client, "vaccination:coverage")
    assert "Huyện Phong Thổ" in page
    assert "Huyện Sìn Hồ" in page
    page = _page(client, "vaccination:coverage", **{"don-vi": tree.district.pk})
    assert "Xã Dào San" in page
    assert "25,0%" in page
    assert "cần đối chiếu văn bản gốc" in page  # the targets are not confirmed
    fragment = client.get(
        reverse("vaccination:coverage"), {"don-vi": tree.district.pk}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in fragment.content.decode()


def test_targets_per_commune(district_user, tree, campaign):
    page = _page(client_for(district_user), "vaccination:targets")
    assert "Xã Dào San" in page
    assert "Mũi 2, từ 18 tuổi" in page
    assert "chậm tiến độ" in page


def test_sessions_planned_against_given(district_user, tree, campaign):
    client = client_for(district_user)
    response = client.post(
        reverse("vaccination:session_add"),
        {
            "unit": tree.commune.pk,
            "team": "Đội lưu động số 1",
            "place": "Nhà văn hoá bản Tả Phìn",
            "held_on": "20/11/2021",
            "planned": 80,
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    give(make_person(tree.village, "Vàng A Sử", birth_year=1975), campaign, D(2021, 11, 20), session=session)
    session.refresh_from_db()
    assert (session.planned, session.given) == (80, 1)
    assert "Đội lưu động số 1" in _page(client, "vaccination:sessions")


def test_a_session_with_no_plan_is_refused(district_user, tree):
    response = client_for(district_user).post(
        reverse("vaccination:session_add"),
        {"unit": tree.commune.pk, "team": "Đội 2", "held_on": "20/11/2021", "planned": 0},
    )
    assert response.status_code == 200
    assert "Số mũi dự kiến phải từ 1" in response.content.decode()


def test_lots_nearing_expiry_are_an_alert(commune_user, campaign):
    page = _page(client_for(commune_user), "vaccination:lots")
    assert 'id="expiring"' in page
    assert "VC-SOON" in page
    assert "AZ-FAR" not in page


def test_the_home_counts_todays_doses(commune_user, campaign):
    found = {c.label: c.value for c in counters(access_for_user(commune_user))}
    assert found["Mũi vắc xin tiêm hôm nay"] == 1


def test_the_coverage_page_has_no_n_plus_one(province_user, tree, campaign, django_assert_max_num_queries):
    client = client_for(province_user)
    with django_assert_max_num_queries(15):
        _page(client, "vaccination:coverage", **{"don-vi": tree.district.pk})


@pytest.mark.parametrize(
    "name", ["vaccination:coverage", "vaccination:targets", "vaccination:sessions", "vaccination:lots"]
)
def test_it_returns_404_outside_jurisdiction(outsider, tree, campaign, name):
    response = client_for(outsider).get(reverse(name), {"don-vi": tree.district.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dào San" not in page
    assert "VC-SOON" not in page
    assert client_for(outsider).get(reverse("vaccination:coverage"), {"don-vi": "x"}).status_code == 200
