"""Receipts, transfers and use: the ledger and its balances move together, never below zero, never
from an expired lot, never outside the jurisdiction, and nothing is half-saved."""

import datetime as dt

import pytest

from phaodai.core import clock
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.inventory.models import Balance, Movement, MovementKind
from phaodai.inventory.services import Line, lot_register, stock_consume, stock_receive, stock_transfer
from phaodai.inventory.tests.factories import ItemFactory, LotFactory, shelve

pytestmark = pytest.mark.django_db
TODAY = dt.date(2021, 11, 20)


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


def held(unit, lot):
    return Balance.objects.filter(unit=unit, lot=lot).values_list("quantity", flat=True).first() or 0


def test_a_receipt_adds_to_the_units_balance_and_writes_one_ledger_line_and_one_audit_row(
    tree, province_user
):
    lot = LotFactory()
    shelve(tree.province, lot, 5000, actor=province_user)
    shelve(tree.province, lot, 1000, actor=province_user)
    assert held(tree.province, lot) == 6000
    assert list(Movement.objects.values_list("kind", "quantity")) == [("receipt", 5000), ("receipt", 1000)]
    assert AuditEvent.objects.filter(entity="inventory.movement").count() == 2


def test_a_transfer_moves_stock_down_in_two_lines(tree, province_user):
    lot = LotFactory()
    shelve(tree.province, lot, 500)
    stock_transfer(
        actor=province_user, jurisdiction=Jurisdiction.of([tree.province.path]), from_unit=tree.province,
        to_unit=tree.commune, line=Line(lot.item, lot, 200), on=TODAY, reference="PX-12/2021",
    )  # fmt: skip
    assert (held(tree.province, lot), held(tree.commune, lot)) == (300, 200)
    out, into = Movement.objects.filter(kind__startswith="transfer").order_by("pk")
    assert (out.quantity, out.counterpart, into.quantity, into.counterpart) == (
        -200,
        tree.commune,
        200,
        tree.province,
    )


def test_it_refuses_to_issue_beyond_stock_and_changes_nothing(tree):
    lot = LotFactory()
    shelve(tree.commune, lot, 3)
    with pytest.raises(DomainError, match="chỉ còn 3") as refused:
        stock_transfer(
            actor=None, jurisdiction=Jurisdiction.of([tree.district.path]), from_unit=tree.commune,
            to_unit=tree.neighbour_commune, line=Line(lot.item, lot, 4), on=TODAY,
        )  # fmt: skip
    assert "quantity" in refused.value.errors
    assert held(tree.commune, lot) == 3
    assert held(tree.neighbour_commune, lot) == 0
    assert Movement.objects.count() == 1


def test_it_refuses_to_use_an_expired_lot_but_lets_it_be_destroyed(tree):
    lot = LotFactory(expires_on=dt.date(2021, 11, 15))
    shelve(tree.commune, lot, 10, on=dt.date(2021, 11, 1))
    with pytest.raises(DomainError, match="hết hạn ngày 15/11/2021"):
        stock_consume(actor=None, unit=tree.commune, line=Line(lot.item, lot, 1), on=TODAY)
    stock_consume(
        actor=None, unit=tree.commune, line=Line(lot.item, lot, 10), on=TODAY, kind=MovementKind.WASTAGE
    )
    assert held(tree.commune, lot) == 0


def test_use_takes_one_from_the_shelf_and_names_the_record(tree):
    lot = LotFactory()
    shelve(tree.commune, lot, 2)
    stock_consume(actor=None, unit=tree.commune, line=Line(lot.item, lot, 1), on=TODAY, record="dose:7")
    assert held(tree.commune, lot) == 1
    assert Movement.objects.get(kind="use").record == "dose:7"


def test_it_refuses_a_unit_outside_the_jurisdiction(tree, outsider):
    lot = LotFactory()
    with pytest.raises(DomainError) as refused:
        stock_receive(
            actor=outsider, jurisdiction=Jurisdiction.of([tree.other_commune.path]), unit=tree.commune,
            line=Line(lot.item, lot, 5), on=TODAY, source="Bộ Y tế",
        )  # fmt: skip
    assert "unit" in refused.value.errors
    assert not Balance.objects.exists()


@pytest.mark.parametrize(
    ("quantity", "on", "field"),
    [(0, TODAY, "quantity"), (-5, TODAY, "quantity"), (5, TODAY + dt.timedelta(days=1), "occurred_on")],
)
def test_it_names_the_field_of_bad_input(tree, quantity, on, field):
    lot = LotFactory()
    with pytest.raises(DomainError) as refused:
        stock_receive(
            actor=None, jurisdiction=Jurisdiction.of([tree.province.path]), unit=tree.province,
            line=Line(lot.item, lot, quantity), on=on, source="Bộ Y tế",
        )  # fmt: skip
    assert field in refused.value.errors


def test_a_lot_tracked_item_needs_its_lot_and_the_lot_must_be_of_that_item(tree):
    item, other = ItemFactory(), LotFactory()
    for lot in (None, other):
        with pytest.raises(DomainError) as refused:
            stock_receive(
                actor=None, jurisdiction=Jurisdiction.of([tree.province.path]), unit=tree.province,
                line=Line(item, lot, 5), on=TODAY, source="Bộ Y tế",
            )  # fmt: skip
        assert "lot" in refused.value.errors


def test_a_lot_number_is_registered_once_and_a_different_expiry_is_refused():
    item = ItemFactory()
    first = lot_register(actor=None, item=item, number=" ab123 ", expires_on=dt.date(2022, 3, 1))
    again = lot_register(actor=None, item=item, number="AB123", expires_on=dt.date(2022, 3, 1))
    assert first.pk == again.pk
    assert first.number == "AB123"
    with pytest.raises(DomainError, match="01/03/2022"):
        lot_register(actor=None, item=item, number="AB123", expires_on=dt.date(2022, 4, 1))
