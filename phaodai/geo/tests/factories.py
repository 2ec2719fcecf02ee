"""Units for tests: a province with two districts, communes and a village, shaped like the real codes."""

import factory

from phaodai.geo.models import AdminUnit, UnitLevel, UnitMap
from phaodai.geo.services import child_path


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit

    unit_map = UnitMap.THREE_TIER
    level = UnitLevel.PROVINCE
    code = factory.Sequence(lambda n: f"{90 + n % 9}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    parent = None
    path = factory.LazyAttribute(lambda o: child_path(o.parent, o.unit_map, o.code))


def province(code: str = "12", name: str = "Tỉnh Lai Châu") -> AdminUnit:
    return UnitFactory.create(code=code, name=name, level=UnitLevel.PROVINCE)


def district(parent: AdminUnit, code: str, name: str) -> AdminUnit:
    return UnitFactory.create(parent=parent, code=code, name=name, level=UnitLevel.DISTRICT)


def commune(parent: AdminUnit, code: str, name: str) -> AdminUnit:
    return UnitFactory.create(parent=parent, code=code, name=name, level=UnitLevel.COMMUNE)


def village(parent: AdminUnit, code: str, name: str) -> AdminUnit:
    return UnitFactory.create(
        parent=parent, code=code, name=name, level=UnitLevel.VILLAGE, division_type="bản"
    )
