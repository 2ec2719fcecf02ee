"""The official units of both maps, from vietnam-provinces; villages below communes."""

import pytest
from django.core.management import call_command

from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit, UnitLevel, UnitMap
from phaodai.geo.services import units_load, village_create

pytestmark = pytest.mark.django_db


def _count(unit_map, level):
    return AdminUnit.objects.filter(unit_map=unit_map, level=level).count()


def test_both_maps_load_with_their_real_sizes_and_reloading_adds_nothing():
    call_command("load_units", verbosity=0)
    assert _count(UnitMap.THREE_TIER, UnitLevel.PROVINCE) == 63
    assert _count(UnitMap.THREE_TIER, UnitLevel.DISTRICT) == 696
    assert _count(UnitMap.THREE_TIER, UnitLevel.COMMUNE) == 10051
    assert _count(UnitMap.TWO_TIER, UnitLevel.PROVINCE) == 34
    assert _count(UnitMap.TWO_TIER, UnitLevel.COMMUNE) == 3321
    assert units_load(unit_map=UnitMap.THREE_TIER) == 0
    assert units_load(unit_map=UnitMap.TWO_TIER) == 0


def test_codes_are_reused_between_maps_for_different_places():
    call_command("load_units", verbosity=0)
    old = AdminUnit.objects.get(unit_map=UnitMap.THREE_TIER, level=UnitLevel.PROVINCE, code="12")
    new = AdminUnit.objects.get(unit_map=UnitMap.TWO_TIER, level=UnitLevel.PROVINCE, code="12")
    assert old.path != new.path
    assert old.path.startswith("L/")
    assert new.path.startswith("N/")


def test_villages_are_part_of_the_path_and_names_are_unique_per_commune(tree):
    village = village_create(actor=None, commune=tree.commune, name="Bản Nậm  Cuổi")
    assert village.path == f"{tree.commune.path}{village.code}/"
    assert Jurisdiction.of([tree.commune.path]).contains(village.path)
    with pytest.raises(Exception, match="đã có thôn"):
        village_create(actor=None, commune=tree.commune, name="ban nam cuoi")
