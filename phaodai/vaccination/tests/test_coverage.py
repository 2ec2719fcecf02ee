"""Coverage from the maintained counters against population, the rebuild from dose rows, targets."""

import datetime as dt

import pytest
from django.core.management import call_command

from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AgeBand, Population
from phaodai.people.tests.factories import make_person
from phaodai.vaccination.coverage import (
    Progress,
    coverage_by_child,
    coverage_by_level,
    progress,
    targets_in_force,
)
from phaodai.vaccination.models import CoverageCount, VaccinationStatus
from phaodai.vaccination.tests.factories import give, vaccine_lot

pytestmark = pytest.mark.django_db
D = dt.date


def _population(unit, counts, year=2021):
    for band, count in counts.items():
        Population.objects.create(unit=unit, unit_path=unit.path, year=year, band=band, count=count)


@pytest.fixture
def vaccinated(tree):
    """Dào San: 10 adults 18-49, 4 of them with two doses; 4 teens, one with one dose."""
    _population(tree.commune, {AgeBand.AGE_18_49: 10, AgeBand.AGE_12_17: 4})
    _population(tree.neighbour_commune, {AgeBand.AGE_18_49: 5})
    lot, pfizer = vaccine_lot(tree.commune, "VC"), vaccine_lot(tree.commune, "PF")
    for index in range(4):
        person = make_person(tree.village, f"Người lớn {index}", birth_year=1990)
        give(person, lot, D(2021, 9, 1))
        give(person, lot, D(2021, 9, 25))
    give(make_person(tree.village, "Thiếu niên", birth_year=2006), pfizer, D(2021, 10, 20))
    return tree


def _row(rows, unit):
    return next(row for row in rows if row.unit == unit)


def test_coverage_by_district_and_commune_counts_people_per_band(vaccinated, tree):
    jurisdiction = Jurisdiction.of([tree.province.path])
    districts = coverage_by_child(jurisdiction=jurisdiction, parent=tree.province, on=D(2021, 11, 20))
    district = _row(districts, tree.district)
    assert district.population[AgeBand.AGE_18_49] == 15
    assert district.share(2, [AgeBand.AGE_18_49]) == pytest.approx(100 * 4 / 15)
    communes = coverage_by_child(jurisdiction=jurisdiction, parent=tree.district, on=D(2021, 11, 20))
    commune = _row(communes, tree.commune)
    assert commune.share(1, [AgeBand.AGE_12_17]) == 25
    assert _row(communes, tree.neighbour_commune).share(1, [AgeBand.AGE_18_49]) == 0


def test_the_outsider_sees_no_coverage_of_another_district(vaccinated, tree):
    jurisdiction = Jurisdiction.of([tree.other_commune.path])
    rows = coverage_by_level(jurisdiction=jurisdiction, parent=tree.province, level=3, on=D(2021, 11, 20))
    assert [row.unit for row in rows] == [tree.other_commune]


def test_the_rebuild_gives_back_the_maintained_rows(vaccinated, tree):
    before = sorted(CoverageCount.objects.values_list("unit_path", "birth_year", "number", "count"))
    due = sorted(VaccinationStatus.objects.values_list("person_id", "next_due_on"))
    CoverageCount.objects.all().delete()
    VaccinationStatus.objects.all().delete()
    call_command("vaccination_rebuild", unit="12", stdout=None)
    assert sorted(CoverageCount.objects.values_list("unit_path", "birth_year", "number", "count")) == before
    assert sorted(VaccinationStatus.objects.values_list("person_id", "next_due_on")) == due


def test_targets_say_on_track_behind_or_late(vaccinated, tree):
    jurisdiction = Jurisdiction.of([tree.province.path])
    _rule, targets = targets_in_force(on=D(2021, 11, 20), unit_path=tree.commune.path)
    adults = next(t for t in targets if t.code == "mui2-18")
    row = _row(
        coverage_by_child(jurisdiction=jurisdiction, parent=tree.district, on=D(2021, 11, 20)), tree.commune
    )
    share, state = progress(row, adults, D(2021, 11, 20))
    assert (share, state) == (40, Progress.BEHIND)
    assert progress(row, adults, D(2021, 8, 15))[1] == Progress.ON_TRACK
    assert progress(row, adults, D(2022, 1, 5))[1] == Progress.LATE
