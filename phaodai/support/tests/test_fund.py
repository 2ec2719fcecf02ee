"""The epidemic fund: donations, allocations within the balance, spending within the allocation, and a
public page with totals per purpose and no personal data."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from conftest import client_for
from phaodai.core.errors import DomainError
from phaodai.core.scoping import Jurisdiction
from phaodai.support import services
from phaodai.support.models import Allocation, Spending
from phaodai.support.tests.factories import labour_user

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def fund(tree):
    area = Jurisdiction.of([tree.province.path])
    gifts = [
        ("person", "Nguyễn Văn Hảo", "0912345678", False, 5_000_000),
        ("organisation", "Công ty TNHH Chè Tam Đường", "", True, 50_000_000),
        ("organisation", "Doanh nghiệp Ẩn Danh", "", False, 20_000_000),
    ]
    for kind, name, contact, named, amount in gifts:
        services.donation_record(
            actor=None,
            jurisdiction=area,
            unit=tree.province,
            data={
                "donor_kind": kind,
                "donor_name": name,
                "donor_contact": contact,
                "named_publicly": named,
                "kind": "cash",
                "amount": amount,
                "received_on": D(2021, 9, 1),
                "receipt_number": f"BN-{amount}",
            },
        )
    allocation = services.allocation_record(
        actor=None,
        jurisdiction=area,
        unit=tree.province,
        data={
            "purpose": "medical",
            "amount": 60_000_000,
            "decided_on": D(2021, 9, 5),
            "document_number": "12/QĐ-MTTQ",
            "description": "Máy thở",
        },
    )
    services.spending_record(
        actor=None,
        allocation=allocation,
        data={
            "amount": 40_000_000,
            "spent_on": D(2021, 9, 10),
            "document_number": "PC-01",
            "description": "Mua máy thở",
        },
        attachment_name="hoa-don.pdf",
        attachment=b"%PDF-1.4",
    )
    return allocation


def test_allocation_above_the_balance_is_refused(tree, fund):
    with pytest.raises(DomainError) as refused:
        services.allocation_record(
            actor=None,
            jurisdiction=Jurisdiction.of([tree.province.path]),
            unit=tree.province,
            data={
                "purpose": "relief",
                "amount": 16_000_000,
                "decided_on": D(2021, 9, 6),
                "document_number": "13",
                "description": "x",
            },
        )
    assert "vượt số dư quỹ 15.000.000 đ" in refused.value.errors["amount"][0]
    assert Allocation.objects.count() == 1


def test_spending_above_the_allocation_is_refused(fund):
    with pytest.raises(DomainError) as refused:
        services.spending_record(
            actor=None,
            allocation=fund,
            data={
                "amount": 20_000_001,
                "spent_on": D(2021, 9, 11),
                "document_number": "PC-02",
                "description": "x",
            },
        )
    assert "amount" in refused.value.errors
    assert Spending.objects.count() == 1


def test_the_public_page_shows_totals_and_no_personal_data(tree, fund):
    page = Client().get(reverse("support:fund_public", args=[tree.province.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "75.000.000 đ" in text  # received
    assert "Mua sắm trang thiết bị, vật tư y tế" in text
    assert "40.000.000 đ" in text
    assert "Công ty TNHH Chè Tam Đường" in text  # consented organisation
    for private in ("Nguyễn Văn Hảo", "0912345678", "Doanh nghiệp Ẩn Danh", "BN-5000000"):
        assert private not in text


def test_a_person_donor_can_never_be_named_even_if_ticked(tree):
    donation = services.donation_record(
        actor=None,
        jurisdiction=Jurisdiction.of([tree.province.path]),
        unit=tree.province,
        data={
            "donor_kind": "person",
            "donor_name": "Trần Thị Bích",
            "named_publicly": True,
            "kind": "in_kind",
            "items": "500 kg gạo",
            "amount": 7_500_000,
            "received_on": D(2021, 9, 2),
            "receipt_number": "BN-9",
        },
    )
    assert donation.named_publicly is False
    assert (
        "Trần Thị Bích"
        not in Client().get(reverse("support:fund_public", args=[tree.province.pk])).content.decode()
    )


def test_in_kind_without_items_is_refused_naming_the_field(tree):
    with pytest.raises(DomainError) as refused:
        services.donation_record(
            actor=None,
            jurisdiction=Jurisdiction.of([tree.province.path]),
            unit=tree.province,
            data={
                "donor_kind": "organisation",
                "donor_name": "HTX",
                "kind": "in_kind",
                "items": "",
                "amount": 1_000_000,
                "received_on": D(2021, 9, 2),
                "receipt_number": "BN-10",
            },
        )
    assert "items" in refused.value.errors


def test_it_returns_404_outside_jurisdiction(tree, fund, outsider):
    client = client_for(labour_user(tree.other_district, "ldsinho"))
    spending = Spending.objects.get()
    assert client.get(reverse("support:spending_attachment", args=[spending.pk])).status_code == 404
    assert "Máy thở" not in client.get(reverse("support:fund")).content.decode()
    response = client.post(
        reverse("support:spending_add"),
        {"allocation": fund.pk, "amount": 1, "spent_on": "11/09/2021", "description": "x"},
    )
    assert "không thuộc địa bàn" in response.content.decode()
    assert client_for(outsider).get(reverse("support:fund")).status_code == 200


def test_a_donation_of_an_impossible_amount_is_refused_on_the_amount_field(tree):
    with pytest.raises(DomainError) as refused:
        services.donation_record(
            actor=None,
            jurisdiction=Jurisdiction.of([tree.province.path]),
            unit=tree.province,
            data={
                "donor_kind": "organisation",
                "donor_name": "HTX",
                "kind": "cash",
                "amount": 10**20,
                "received_on": D(2021, 9, 2),
                "receipt_number": "BN-11",
            },
        )
    assert "amount" in refused.value.errors
