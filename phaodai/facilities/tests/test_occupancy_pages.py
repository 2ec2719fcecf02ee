"""The list and the detail page: capacity, occupancy with a percentage, open or closed, the stays."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.core.access import access_for_user
from phaodai.core.home import counters
from phaodai.facilities.models import FacilityKind
from phaodai.facilities.tests.conftest import TODAY
from phaodai.facilities.tests.factories import FacilityFactory, admit, local
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility(tree):
    facility = FacilityFactory(
        unit=tree.commune,
        name="Khu cách ly Dào San",
        beds=4,
        icu_beds=1,
        oxygen_points=3,
        address="Bản Tả Phìn",
    )
    admit(facility, make_person(tree.village, "Lò Văn Pọm"))
    admit(facility, make_person(tree.village, "Vàng A Sủ"))
    return facility


def _page(response):
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_capacity_occupancy_and_state(tree, commune_user, facility):
    FacilityFactory(
        unit=tree.commune,
        name="Trường Mầm non Dào San",
        opened_on=dt.date(2021, 8, 1),
        closed_on=dt.date(2021, 9, 1),
    )
    page = _page(client_for(commune_user).get(reverse("facilities:list")))
    assert "Khu cách ly Dào San" in page
    assert "2/4 (50%)" in page
    assert '<meter min="0" max="4"' in page
    assert "Đang mở" in page
    assert "Đã đóng cửa từ 01/09/2021" in page


def test_the_list_filters_by_kind(tree, commune_user, facility):
    FacilityFactory(unit=tree.commune, name="Trạm Y tế xã Dào San", kind=FacilityKind.COMMUNE_STATION)
    client = client_for(commune_user)
    page = _page(client.get(reverse("facilities:list"), {"loai": FacilityKind.COMMUNE_STATION}))
    assert "Trạm Y tế xã Dào San" in page
    assert "Khu cách ly Dào San" not in page
    fragment = client.get(
        reverse("facilities:list"), {"loai": FacilityKind.QUARANTINE_CENTRE}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in fragment.content.decode()
    assert "Khu cách ly Dào San" in fragment.content.decode()


def test_the_list_has_no_n_plus_one(tree, commune_user, django_assert_max_num_queries):
    for number in range(15):
        FacilityFactory(unit=tree.commune, name=f"Khu cách ly số {number}")
    client = client_for(commune_user)
    with django_assert_max_num_queries(12):
        page = _page(client.get(reverse("facilities:list")))
    assert "Khu cách ly số 14" in page


def test_the_detail_shows_capacity_stays_and_movements(commune_user, facility):
    page = _page(client_for(commune_user).get(reverse("facilities:detail", args=[facility.pk])))
    assert "2/4 (50%)" in page
    assert "còn 2 giường trống" in page
    assert "Lò Văn Pọm" in page
    assert "Vàng A Sủ" in page
    assert "Vào, ra 14 ngày qua" in page
    assert "19/11/2021" in page
    assert "Nhận người vào" in page
    assert "Ca dương tính trong khu cách ly" not in page


def test_the_detail_hides_what_the_user_may_not_do(tree, facility):
    from conftest import _user
    from phaodai.accounts.models import OrganisationKind
    from phaodai.accounts.roles import Role

    reader = _user(tree.province, Role.PROVINCIAL_STEERING, OrganisationKind.STEERING_COMMITTEE, "bcd")
    page = _page(client_for(reader).get(reverse("facilities:detail", args=[facility.pk])))
    assert "Nhận người vào" not in page
    assert "Cho ra" not in page
    assert "Đóng cửa" not in page


def test_the_detail_lists_only_current_stays(tree, commune_user, facility):
    from phaodai.facilities.services import stay_discharge

    gone = admit(facility, make_person(tree.village, "Sùng A Páo"), at=local(TODAY - dt.timedelta(days=3)))
    stay_discharge(actor=None, stay=gone, at=local(TODAY - dt.timedelta(days=2)), reason="")
    response = client_for(commune_user).get(reverse("facilities:detail", args=[facility.pk]))
    assert [stay.person.full_name for stay in response.context["stays"]] == ["Lò Văn Pọm", "Vàng A Sủ"]


def test_the_home_page_counts_open_facilities(tree, commune_user, facility):
    FacilityFactory(unit=tree.commune, opened_on=dt.date(2021, 8, 1), closed_on=dt.date(2021, 9, 1))
    FacilityFactory(unit=tree.other_commune)
    shown = {c.label: c.value for c in counters(access_for_user(commune_user))}
    assert shown["Cơ sở cách ly/điều trị đang mở"] == 1
    page = _page(client_for(commune_user).get("/"))
    assert "Cơ sở cách ly/điều trị đang mở" in page
    assert "Cơ sở cách ly, điều trị" in page  # the menu entry
