"""The official units of both maps, from vietnam-provinces; villages below communes."""

import pytest
from django.core.management import call_command

from phaodai.core.errors import DomainError
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
    with pytest.raises(DomainError, match="đã có thôn"):
        village_create(actor=None, commune=tree.commune, name="ban nam cuoi")


def test_a_village_name_too_long_is_a_field_error(tree):
    from phaodai.core.errors import DomainError

    with pytest.raises(DomainError) as caught:
        village_create(actor=None, commune=tree.commune, name="Bản " + "x" * 200)
    assert "name" in caught.value.errors


def test_village_codes_continue_past_the_highest_in_use(tree):
    from phaodai.geo.tests.factories import village

    village(tree.commune, "T007", "Bản chuyển đến")
    assert village_create(actor=None, commune=tree.commune, name="Bản Mới").code == "T008"
