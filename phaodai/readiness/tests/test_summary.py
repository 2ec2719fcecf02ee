"""The readiness summary the dashboard reads: per commune/district, from staffing, teams, the ledger and
facility capacity, against the norms in force."""

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from phaodai.core.scoping import Jurisdiction
from phaodai.facilities.models import FacilityKind, TreatmentTier
from phaodai.facilities.tests.factories import FacilityFactory
from phaodai.geo.tests import factories as units
from phaodai.readiness import selectors, services
from phaodai.readiness.models import TeamKind
from phaodai.readiness.tests.factories import cylinders, receive, spo2, staffing, team

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def ready_commune(tree):
    """Dào San has a doctor, a mobile station, a community team, 2 cylinders (one issued) and 5 meters."""
    staffing(tree.commune, 1)
    staffing(tree.neighbour_commune, 0)
    station = team(tree.commune)
    team(tree.village, TeamKind.COMMUNITY_TEAM)
    item, meters = cylinders(), spo2()
    receive(tree.commune, item, 2)
    receive(tree.village, meters, 5)
    services.kit_issue(
        actor=None, jurisdiction=Jurisdiction.of([tree.commune.path]), team=station, item=item, lot=None,
        quantity=1, on=D(2021, 11, 15),
    )  # fmt: skip
    return station


def _by_name(summary):
    return {line.unit.name: line for line in summary.lines}


def test_communes_of_a_district_show_what_each_is_short(tree, ready_commune):
    summary = selectors.summary(
        jurisdiction=Jurisdiction.of([tree.district.path]), on=D(2021, 11, 20), unit_path=tree.district.path
    )
    lines = _by_name(summary)
    assert lines["Xã Dào San"].shortfalls == []
    assert lines["Xã Dào San"].facts.supplies["oxygen_cylinder"] == 2  # one on the shelf, one issued
    short = {s.key for s in lines["Xã Sì Lở Lầu"].shortfalls}
    assert short == {"doctors", "mobile_stations", "community_teams", "oxygen_cylinders", "spo2_meters"}
    assert not lines["Xã Sì Lở Lầu"].overdue
    assert summary.norms.code == "4TAICHO-2021"


def test_after_the_deadline_a_station_without_doctor_is_overdue(tree, ready_commune):
    summary = selectors.summary(
        jurisdiction=Jurisdiction.of([tree.district.path]), on=D(2021, 12, 1), unit_path=tree.district.path
    )
    assert _by_name(summary)["Xã Sì Lở Lầu"].overdue


def test_a_province_shows_districts_with_beds_and_communes_without_doctor(tree, ready_commune):
    FacilityFactory(
        unit=tree.commune, kind=FacilityKind.TREATMENT_FACILITY, treatment_tier=TreatmentTier.TIER_3,
        beds=80, icu_beds=8, oxygen_points=20,
    )  # fmt: skip
    FacilityFactory(unit=tree.district, kind=FacilityKind.QUARANTINE_CENTRE, beds=500)
    summary = selectors.summary(jurisdiction=Jurisdiction.of([tree.province.path]), on=D(2021, 11, 20))
    lines = _by_name(summary)
    district = lines["Huyện Phong Thổ"]
    assert district.facts.beds_by_tier == {3: 80}
    assert district.facts.icu_beds == 8
    assert (district.facts.communes, district.facts.communes_without_doctor) == (2, 1)
    assert district.facts.mobile_stations == 1
    assert district.facts.community_teams == 1
    assert "icu_beds" in {s.key for s in district.shortfalls}
    assert lines["Huyện Sìn Hồ"].facts.communes_without_doctor == 1  # never reported


def test_a_unit_outside_the_jurisdiction_is_not_found(tree, ready_commune):
    with pytest.raises(Http404):
        selectors.summary(
            jurisdiction=Jurisdiction.of([tree.other_district.path]), on=D(2021, 11, 20),
            unit_path=tree.district.path,
        )  # fmt: skip


def test_a_report_after_the_day_asked_is_not_used(tree):
    staffing(tree.commune, 1, on=D(2021, 11, 18))
    line = selectors.unit_readiness(
        jurisdiction=Jurisdiction.of([tree.commune.path]), unit=tree.commune, on=D(2021, 11, 10)
    ).lines[0]
    assert line.staffing is None
    assert line.doctor_present is None


def test_the_summary_takes_the_same_number_of_queries_however_many_units(tree, ready_commune):
    jurisdiction = Jurisdiction.of([tree.province.path])
    with CaptureQueriesContext(connection) as before:
        selectors.summary(jurisdiction=jurisdiction, on=D(2021, 11, 20))
    for code in ("03470", "03471", "03472"):
        commune = units.commune(tree.other_district, code, f"Xã {code}")
        staffing(commune, 1)
        team(commune)
    with CaptureQueriesContext(connection) as after:
        selectors.summary(jurisdiction=jurisdiction, on=D(2021, 11, 20))
    assert len(after) == len(before)


def test_stations_without_doctor_count_the_silent_ones_too(tree):
    staffing(tree.commune, 1)
    staffing(tree.neighbour_commune, 0, rotating_doctors=1)
    staffing(tree.other_commune, 2, on=D(2021, 11, 1))
    staffing(tree.other_commune, 0, on=D(2021, 11, 15))
    jurisdiction = Jurisdiction.of([tree.province.path])
    assert selectors.stations_without_doctor(jurisdiction=jurisdiction, on=D(2021, 11, 20)) == 1
    assert (
        selectors.stations_without_doctor(jurisdiction=jurisdiction, on=D(2021, 11, 5)) == 2
    )  # not reported
    assert selectors.stations_without_doctor(jurisdiction=jurisdiction, on=D(2021, 10, 1)) == 3
