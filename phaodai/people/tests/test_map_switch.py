"""Switching the deployment to the 2025 map re-stamps the persons placed on the old one."""

import pytest

from phaodai.core.errors import DomainError
from phaodai.geo.catalogue import successor_codes
from phaodai.geo.models import AdminUnit, UnitLevel, UnitMap, UnplacedRow
from phaodai.geo.services import units_load, village_create
from phaodai.geo.switching import switch_to_two_tier
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _district_with_a_split_commune():
    """Lai Châu has none; take the first district of the country that has one."""
    communes = AdminUnit.objects.filter(unit_map=UnitMap.THREE_TIER, level=UnitLevel.COMMUNE).order_by("path")
    split = next(c for c in communes if len(successor_codes(UnitLevel.COMMUNE, c.code)) > 1)
    return split.parent


def test_switching_maps_restamps_rows_and_lists_split_communes():
    units_load(unit_map=UnitMap.THREE_TIER)
    communes = AdminUnit.objects.filter(level=UnitLevel.COMMUNE, parent=_district_with_a_split_commune())
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
    assert unplaced.exists()
    for row in unplaced:
        assert row.candidates.count() >= 2
        assert row.unit.level == UnitLevel.PROVINCE
    assert report.unplaced["people.person"] == unplaced.count()


def test_switching_twice_is_refused():
    units_load(unit_map=UnitMap.THREE_TIER)
    switch_to_two_tier(actor=None)
    with pytest.raises(DomainError, match="2 cấp"):
        switch_to_two_tier(actor=None)


def test_search_follows_persons_onto_the_new_map():
    from phaodai.core.scoping import Jurisdiction
    from phaodai.people.selectors import person_list

    units_load(unit_map=UnitMap.THREE_TIER)
    commune = AdminUnit.objects.filter(unit_map=UnitMap.THREE_TIER, level=UnitLevel.COMMUNE).earliest("pk")
    make_person(commune, "Đặng Văn An")
    switch_to_two_tier(actor=None)
    person = Person.objects.get()
    assert person.unit_path.startswith("N/")
    province = Jurisdiction.of(
        [person.unit_path.split("/", 2)[0] + "/" + person.unit_path.split("/")[1] + "/"]
    )
    assert [p.full_name for p in person_list(jurisdiction=province, query="dang an")] == ["Đặng Văn An"]


def test_the_access_log_follows_its_units_onto_the_new_map():
    from phaodai.core.models import AuditAction, AuditEvent

    units_load(unit_map=UnitMap.THREE_TIER)
    commune = AdminUnit.objects.filter(unit_map=UnitMap.THREE_TIER, level=UnitLevel.COMMUNE).earliest("pk")
    make_person(commune, "Đặng Văn An")
    switch_to_two_tier(actor=None)
    event = AuditEvent.objects.get(action=AuditAction.CREATE)
    assert event.unit_path == Person.objects.get().unit_path
