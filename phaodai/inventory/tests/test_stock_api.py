"""The stock API: scoped balances and ledger, receipts and transfers through the same services."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from phaodai.core import clock
from phaodai.inventory.models import Balance, Lot
from phaodai.inventory.tests.factories import ItemFactory, LotFactory, shelve

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(dt.date(2021, 11, 20)):
        yield


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_balances_are_scoped_to_the_jurisdiction(tree, district_user):
    lot = LotFactory()
    shelve(tree.commune, lot, 7)
    shelve(tree.other_commune, lot, 9)
    rows = api(district_user).get("/api/stock-balances/").json()["results"]
    assert [(r["unit"], r["quantity"], r["lot_number"]) for r in rows] == [(tree.commune.pk, 7, lot.number)]


def test_a_receipt_with_a_new_lot_and_a_transfer_down(tree, district_user):
    item = ItemFactory()
    client = api(district_user)
    received = client.post(
        "/api/stock-movements/",
        {
            "kind": "receipt", "item": item.pk, "lot_number": "A1", "expires_on": "2022-05-01",
            "quantity": 50, "unit": tree.district.pk, "source": "CDC tỉnh",
        },
        format="json",
    )  # fmt: skip
    assert received.status_code == 201
    moved = client.post(
        "/api/stock-movements/",
        {
            "kind": "transfer", "item": item.pk, "lot_number": "A1", "quantity": 20,
            "from_unit": tree.district.pk, "to_unit": tree.commune.pk,
        },
        format="json",
    )  # fmt: skip
    assert moved.status_code == 201
    assert dict(Balance.objects.values_list("unit_id", "quantity")) == {
        tree.district.pk: 30,
        tree.commune.pk: 20,
    }


def test_a_transfer_to_a_unit_outside_the_jurisdiction_is_refused_with_the_field(tree, district_user):
    lot = LotFactory()
    shelve(tree.district, lot, 10)
    refused = api(district_user).post(
        "/api/stock-movements/",
        {
            "kind": "transfer", "item": lot.item.pk, "lot_number": lot.number, "quantity": 5,
            "from_unit": tree.district.pk, "to_unit": tree.other_commune.pk,
        },
        format="json",
    )  # fmt: skip
    assert refused.status_code == 400
    assert "to_unit" in refused.json()["errors"]
    assert Balance.objects.get().quantity == 10


def test_the_outsider_sees_no_ledger_lines(tree, outsider):
    shelve(tree.commune, LotFactory(), 7)
    assert api(outsider).get("/api/stock-movements/").json()["results"] == []


def test_a_refused_receipt_over_the_api_leaves_no_new_lot_behind(tree, district_user):
    item = ItemFactory()
    refused = api(district_user).post(
        "/api/stock-movements/",
        {
            "kind": "receipt", "item": item.pk, "lot_number": "MOI-02", "expires_on": "2022-05-01",
            "quantity": 5, "unit": tree.other_commune.pk, "source": "CDC tỉnh",
        },
        format="json",
    )  # fmt: skip
    assert refused.status_code == 400
    assert not Lot.objects.exists()


def test_a_transfer_names_an_existing_lot_and_never_creates_one(tree, district_user):
    item = ItemFactory()
    refused = api(district_user).post(
        "/api/stock-movements/",
        {
            "kind": "transfer", "item": item.pk, "lot_number": "KHONG-CO", "expires_on": "2022-05-01",
            "quantity": 5, "from_unit": tree.district.pk, "to_unit": tree.commune.pk,
        },
        format="json",
    )  # fmt: skip
    assert refused.json()["errors"]["lot_number"] == ["Lô này không có trong kho."]
    assert not Lot.objects.exists()


def test_a_unicode_digit_in_the_unit_filter_is_an_unknown_unit_not_a_500(tree, district_user):
    assert api(district_user).get("/api/stock-balances/", {"unit": "²"}).status_code == 404
