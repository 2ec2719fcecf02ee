"""The readiness norms as data: each threshold read from the version's parameters, the doctor overdue
after the deadline, a district without population said so rather than divided by zero."""

import datetime as dt

from phaodai.readiness.norms import Facts, commune_shortfalls, district_shortfalls

D = dt.date
PARAMS = {
    "commune_doctors": 1, "doctor_deadline": "2021-11-30", "commune_mobile_stations": 1,
    "commune_community_teams": 1, "commune_oxygen_cylinders": 2, "commune_spo2_meters": 5,
    "district_icu_beds": 10, "district_beds_per_100k": 10, "district_oxygen_concentrators": 10,
    "district_ventilators": 2, "district_antiviral_courses": 100,
}  # fmt: skip


def _keys(shortfalls):
    return {s.key for s in shortfalls}


def test_a_commune_with_everything_is_short_of_nothing():
    facts = Facts(
        staffing_reported=1, doctors=1, mobile_stations=1, community_teams=2,
        supplies={"oxygen_cylinder": 2, "spo2_meter": 5},
    )  # fmt: skip
    assert commune_shortfalls(PARAMS, facts, D(2021, 12, 5)) == []


def test_a_missing_doctor_is_overdue_only_after_the_deadline():
    facts = Facts(staffing_reported=1, doctors=0, mobile_stations=1, community_teams=1)
    before = {s.key: s for s in commune_shortfalls(PARAMS, facts, D(2021, 11, 30))}
    after = {s.key: s for s in commune_shortfalls(PARAMS, facts, D(2021, 12, 1))}
    assert not before["doctors"].overdue
    assert after["doctors"].overdue
    assert "30/11/2021" in after["doctors"].note


def test_a_rotating_doctor_counts_as_a_doctor_present():
    facts = Facts(staffing_reported=1, doctors=0, rotating_doctors=1)
    assert "doctors" not in _keys(commune_shortfalls(PARAMS, facts, D(2021, 12, 1)))


def test_a_station_that_never_reported_is_short_of_a_doctor_with_no_count():
    shortfall = next(s for s in commune_shortfalls(PARAMS, Facts(), D(2021, 11, 1)) if s.key == "doctors")
    assert shortfall.have is None


def test_thresholds_come_from_the_version_parameters():
    facts = Facts(staffing_reported=1, doctors=1, mobile_stations=1, community_teams=1,
                  supplies={"oxygen_cylinder": 3, "spo2_meter": 5})  # fmt: skip
    assert commune_shortfalls(PARAMS, facts, D(2021, 11, 1)) == []
    stricter = {**PARAMS, "commune_oxygen_cylinders": 4}
    assert _keys(commune_shortfalls(stricter, facts, D(2021, 11, 1))) == {"oxygen_cylinders"}


def test_a_district_without_population_says_so_instead_of_failing():
    facts = Facts(beds_by_tier={1: 150}, icu_beds=10, supplies={"oxygen_concentrator": 10, "ventilator": 2,
                                                                "antiviral": 100})  # fmt: skip
    shortfalls = district_shortfalls(PARAMS, facts, D(2021, 11, 1))
    assert [(s.key, s.note) for s in shortfalls] == [("beds_per_100k", "thiếu dân số")]


def test_district_beds_per_100k_below_the_norm_are_short():
    facts = Facts(population=200_000, beds_by_tier={1: 10}, icu_beds=0, communes=4, communes_without_doctor=1)
    keys = _keys(district_shortfalls(PARAMS, facts, D(2021, 12, 1)))
    assert {"beds_per_100k", "icu_beds", "communes_without_doctor", "ventilators"} <= keys
