"""Catalogue items and lots for tests; stock is put on shelves through the real service."""

import datetime as dt
from typing import Any

import factory

from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit
from phaodai.inventory.models import Item, ItemKind, Lot
from phaodai.inventory.services import Line, stock_receive


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    code = factory.Sequence(lambda n: f"TEST-{n}")
    name = factory.Sequence(lambda n: f"Test nhanh kháng nguyên SARS-CoV-2 mẫu {n}")
    kind = ItemKind.RAPID_TEST
    counting_unit = "test"
    tracks_lots = True


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot

    item = factory.SubFactory(ItemFactory)
    number = factory.Sequence(lambda n: f"L{n:04d}")
    expires_on = dt.date(2022, 6, 30)


def shelve(
    unit: AdminUnit, lot: Lot, quantity: int, on: dt.date = dt.date(2021, 11, 1), actor: Any = None
) -> None:
    """Receive ``quantity`` of a lot into a unit's stock."""
    stock_receive(
        actor=actor, jurisdiction=Jurisdiction.of([unit.path]), unit=unit, line=Line(lot.item, lot, quantity),
        on=on, source="Bộ Y tế phân bổ",
    )  # fmt: skip
