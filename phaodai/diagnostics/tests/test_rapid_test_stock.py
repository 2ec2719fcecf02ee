"""A staff rapid test takes one kit off the commune's shelf with the sample; a self-test takes nothing."""

import datetime as dt

import pytest

from phaodai.core import clock
from phaodai.core.errors import DomainError
from phaodai.diagnostics.models import Sample
from phaodai.diagnostics.reference import SampleKind
from phaodai.diagnostics.tests.factories import rapid_kit, stock, take
from phaodai.inventory.models import Balance, Movement, MovementKind
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(tree):
    return make_person(tree.village, "Lò Văn Pọm")


@pytest.fixture
def kit(db):
    return rapid_kit()


def _held(unit, kit):
    return sum(Balance.objects.filter(unit=unit, item=kit).values_list("quantity", flat=True))


def test_a_staff_rapid_test_uses_one_kit_of_the_commune_first_expiry_first(tree, person, kit):
    stock(tree.commune, kit, 5, lot="LATE", expires=clock.today() + dt.timedelta(days=200))
    early = stock(tree.commune, kit, 5, lot="EARLY", expires=clock.today() + dt.timedelta(days=20))
    sample = take(person, SampleKind.RAT_STAFF, kit=kit)
    used = Movement.objects.get(kind=MovementKind.USE)
    assert (used.unit, used.lot, used.quantity, used.record) == (
        tree.commune,
        early,
        -1,
        f"diagnostics.sample:{sample.pk}",
    )
    assert sample.stock_movement == used
    assert _held(tree.commune, kit) == 9


def test_a_self_test_uses_no_kit(tree, person, kit):
    stock(tree.commune, kit, 5)
    take(person, SampleKind.RAT_SELF)
    assert _held(tree.commune, kit) == 5
    assert not Movement.objects.filter(kind=MovementKind.USE).exists()


def test_an_empty_shelf_refuses_the_test_with_the_ledgers_message_and_saves_nothing(tree, person, kit):
    stock(tree.district, kit, 50)  # the district's store is not the commune's shelf
    with pytest.raises(DomainError) as error:
        take(person, SampleKind.RAT_STAFF, kit=kit)
    assert error.value.errors["kit"][0].startswith("Vượt tồn kho: Xã Dào San chỉ còn 0 test")
    assert not Sample.objects.exists()
    assert not Movement.objects.filter(kind=MovementKind.USE).exists()


def test_an_expired_lot_is_refused(tree, person, kit):
    expired = stock(tree.commune, kit, 5, lot="OLD", expires=clock.today() - dt.timedelta(days=3))
    with pytest.raises(DomainError) as error:
        take(person, SampleKind.RAT_STAFF, kit=kit, kit_lot=expired)
    assert "đã hết hạn" in error.value.errors["kit"][0]
    assert not Sample.objects.exists()
    assert _held(tree.commune, kit) == 5


def test_a_staff_rapid_test_needs_the_kit_it_used(person):
    with pytest.raises(DomainError) as error:
        take(person, SampleKind.RAT_STAFF)
    assert error.value.errors == {"kit": ["Chọn loại test nhanh đã dùng (trừ vào kho)."]}
