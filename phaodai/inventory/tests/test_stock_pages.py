"""The stock pages and forms: what each level sees, the forms' messages, and the outsider's 404."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.core import clock
from phaodai.inventory.models import Balance, Lot, Movement
from phaodai.inventory.tests.factories import ItemFactory, LotFactory, shelve

pytestmark = pytest.mark.django_db
TODAY = dt.date(2021, 11, 20)


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


def test_the_province_sees_each_districts_stock_and_the_expiry_alert(tree, province_user):
    lot = LotFactory(expires_on=dt.date(2021, 12, 1), number="SAPHET")
    shelve(tree.commune, lot, 120)
    page = client_for(province_user).get(reverse("inventory:stock"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Huyện Phong Thổ" in body
    assert "Huyện Sìn Hồ" in body
    assert "SAPHET" in body  # expires within 30 days


def test_a_commune_lands_on_its_own_store_with_lots_first_expiry_first(tree, commune_user):
    item = ItemFactory()
    shelve(tree.commune, LotFactory(item=item, number="LATE", expires_on=dt.date(2022, 6, 1)), 5)
    shelve(tree.commune, LotFactory(item=item, number="EARLY", expires_on=dt.date(2022, 1, 1)), 5)
    client = client_for(commune_user)
    landing = client.get(reverse("inventory:stock"))
    assert landing.status_code == 302
    body = client.get(landing["Location"]).content.decode()
    assert body.index("EARLY") < body.index("LATE")


def test_receiving_through_the_form_registers_the_lot_and_fills_the_shelf(tree, district_user):
    item = ItemFactory()
    response = client_for(district_user).post(
        reverse("inventory:receive"),
        {
            "unit": tree.commune.pk, "item": item.pk, "lot_number": "k21-09", "expires_on": "31/03/2022",
            "quantity": "300", "occurred_on": "19/11/2021", "source": "CDC tỉnh cấp", "reference": "PN-07",
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert Balance.objects.get(unit=tree.commune).quantity == 300
    assert Lot.objects.get().number == "K21-09"


def test_a_transfer_beyond_stock_shows_the_message_on_the_quantity_and_moves_nothing(tree, district_user):
    lot = LotFactory()
    shelve(tree.district, lot, 10)
    response = client_for(district_user).post(
        reverse("inventory:transfer"),
        {
            "from_unit": tree.district.pk, "to_unit": tree.commune.pk, "lot": lot.pk, "quantity": "11",
            "occurred_on": "20/11/2021",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "chỉ còn 10" in response.context["form"].errors["quantity"][0]
    assert Movement.objects.count() == 1


def test_a_unit_outside_the_jurisdiction_is_not_offered_and_its_store_is_404(tree, outsider):
    client = client_for(outsider)
    assert client.get(reverse("inventory:unit", args=[tree.commune.pk])).status_code == 404
    assert client.get(reverse("inventory:stock") + f"?don-vi={tree.district.pk}").status_code == 404
    lot = LotFactory()
    response = client.post(
        reverse("inventory:receive"),
        {
            "unit": tree.commune.pk, "item": lot.item.pk, "lot_number": lot.number,
            "expires_on": "30/06/2022", "quantity": "5", "occurred_on": "20/11/2021", "source": "x",
        },
    )  # fmt: skip
    assert "unit" in response.context["form"].errors
    assert not Balance.objects.exists()


def test_a_read_only_role_cannot_open_the_forms(tree, province_user):
    province_user.role = "provincial_steering"
    province_user.save()
    assert client_for(province_user).get(reverse("inventory:receive")).status_code == 403


def test_the_home_page_counts_lots_nearing_expiry(tree, district_user):
    shelve(tree.commune, LotFactory(expires_on=dt.date(2021, 12, 1)), 3)
    shelve(tree.commune, LotFactory(expires_on=dt.date(2022, 12, 1)), 3)
    counters = client_for(district_user).get(reverse("core:home")).context["counters"]
    assert [c.value for c in counters if "sắp hết hạn" in c.label] == [1]


def test_a_refused_receipt_leaves_no_new_lot_behind(tree, district_user):
    item = ItemFactory()
    response = client_for(district_user).post(
        reverse("inventory:receive"),
        {
            "unit": tree.commune.pk, "item": item.pk, "lot_number": "MOI-01", "expires_on": "31/03/2022",
            "quantity": "0", "occurred_on": "19/11/2021", "source": "CDC tỉnh cấp",
        },
    )  # fmt: skip
    assert "quantity" in response.context["form"].errors
    assert not Lot.objects.exists()


@pytest.mark.parametrize("param", ["²", "٣", "-1", "abc"])
def test_a_malformed_unit_id_is_a_404_never_a_500(tree, province_user, param):
    assert client_for(province_user).get(reverse("inventory:stock"), {"don-vi": param}).status_code == 404
