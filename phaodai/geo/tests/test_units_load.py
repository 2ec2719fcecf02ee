"""The official units of both maps, from vietnam-provinces, and the switch between maps."""

import pytest
from django.core.management import call_command

from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit, UnitLevel, UnitMap, UnplacedRow
from phaodai.geo.services import units_load, village_create
from phaodai.geo.switching import switch_to_two_tier
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person

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


def _lai_chau_commune(name):
    return AdminUnit.objects.get(
        unit_map=UnitMap.THREE_TIER, level=UnitLevel.COMMUNE, path__startswith="L/12/", name=name
    )


def test_switching_maps_restamps_rows_and_lists_split_communes():
    units_load(unit_map=UnitMap.THREE_TIER)
    communes = AdminUnit.objects.filter(
        unit_map=UnitMap.THREE_TIER, level=UnitLevel.COMMUNE, path__startswith="L/12/"
    )
    people = [make_person(commune, f"Lò Văn {index}") for index, commune in enumerate(communes)]
    village = village_create(actor=None, commune=communes[0], name="Bản Nậm Cuổi")
    on_village = make_person(village, "Lò Thị Ún", sex="F")

    report = switch_to_two_tier(actor=None)

    assert sum(report.placed.values()) >= len(people)
    for person in Person.objects.select_related("unit"):
        assert person.unit.unit_map == UnitMap.TWO_TIER
        assert person.unit_path == person.unit.path
        assert person.unit_path.startswith("N/")
    on_village.refresh_from_db()
    assert on_village.unit_id == village.pk
    unplaced = UnplacedRow.objects.filter(model_label="people.person")
    for row in unplaced:
        assert row.candidates.count() >= 2
        assert row.unit.level == UnitLevel.PROVINCE
    assert report.unplaced["people.person"] == unplaced.count()


def test_switching_twice_is_refused():
    units_load(unit_map=UnitMap.THREE_TIER)
    switch_to_two_tier(actor=None)
    with pytest.raises(Exception, match="2 cấp"):
        switch_to_two_tier(actor=None)


def test_villages_are_part_of_the_path_and_names_are_unique_per_commune(tree):
    village = village_create(actor=None, commune=tree.commune, name="Bản Nậm  Cuổi")
    assert village.path == f"{tree.commune.path}{village.code}/"
    assert Jurisdiction.of([tree.commune.path]).contains(village.path)
    with pytest.raises(Exception, match="đã có thôn"):
        village_create(actor=None, commune=tree.commune, name="ban nam cuoi")
