"""Commune levels under 4800 and 218, with their reasons, and the roll-up methods."""

import pytest

from phaodai.command import risk, rulesets


def _figures(**values):
    base = {"population": 10_000, "community_cases": 0, "coverage": 75.0}
    return risk.Figures(**{**base, **values})


P4800 = rulesets.QD4800.params
P218 = rulesets.QD218.params


@pytest.mark.parametrize(
    ("cases", "coverage", "level"),
    [(0, 75.0, 1), (1, 60.0, 2), (5, 75.0, 2), (8, 60.0, 3), (15, 75.0, 3), (15, 60.0, 4)],
)
def test_4800_crosses_weekly_cases_per_100k_with_first_dose_coverage(cases, coverage, level):
    decision = risk.commune_level(_figures(community_cases=cases, coverage=coverage), P4800)
    assert decision.level == level


def test_each_level_says_why():
    decision = risk.commune_level(_figures(community_cases=8, coverage=62.0), P4800)
    assert decision.reasons[0] == "80 ca/100.000 dân/tuần (8 ca cộng đồng): mức 3"
    assert "62,0%, chưa đạt ngưỡng 70%" in decision.reasons[1]
    assert "chưa đánh giá" in decision.reasons[-1]


def test_a_missed_additional_target_raises_a_unit_with_cases_by_one_level():
    figures = _figures(community_cases=3, extra_shares={"65+": (62.0, 80.0)})
    decision = risk.commune_level(figures, P4800)
    assert decision.level == 2  # 30/100k with 75% first doses is level 1, raised to 2
    assert any("65+: 62,0%" in reason for reason in decision.reasons)


def test_capacity_not_met_keeps_last_weeks_level_instead_of_lowering():
    figures = _figures(community_cases=0, capacity_met=False)
    assert risk.commune_level(figures, P4800, previous=3).level == 3
    assert risk.commune_level(_figures(community_cases=0, capacity_met=True), P4800, previous=3).level == 1


def test_218_needs_more_than_600_cases_for_the_top_transmission_band():
    vaccinated = {"coverage": 80.0, "risk_group_share": 95.0, "beds_per_100k": 40.0}
    assert risk.commune_level(_figures(community_cases=59, **vaccinated), P218).level == 2  # 590/100k: band 3
    assert risk.commune_level(_figures(community_cases=61, **vaccinated), P218).level == 3  # 610/100k: band 4


def test_218_raises_transmission_when_vaccination_falls_short_and_reads_capacity_from_beds():
    short = risk.commune_level(
        _figures(community_cases=3, coverage=60.0, risk_group_share=95.0, beds_per_100k=5.0), P218
    )
    assert short.level == 4  # band 2, +1 for vaccination = 3, low capacity -> 4
    assert any("thấp" in reason for reason in short.reasons)


@pytest.mark.parametrize(
    ("method", "expected"),
    [("worst", 4), ("population", 2), ("share", 2)],
)
def test_rollup_methods(method, expected):
    levels = [(4, 1_000), (2, 50_000), (2, 40_000), (1, 9_000)]
    params = {**P4800, "method": method}
    assert risk.rollup(levels, params).level == expected


def test_a_commune_without_population_says_so_instead_of_a_level():
    decision = risk.commune_level(_figures(population=0, community_cases=4), P4800)
    assert decision.level is None
    assert decision.reasons[0].startswith("Thiếu dân số")


def test_rollup_leaves_out_units_without_population_and_counts_them():
    decision = risk.rollup([(None, 0), (2, 5_000)], {**P4800, "method": "worst"})
    assert decision.level == 2
    assert "1 đơn vị thiếu dân số" in decision.reasons[-1]


def test_criteria_with_missing_or_disordered_thresholds_are_named():
    broken = {**P4800, "case_bands": [50, 20], "matrix": {"met": [1, 1, 2]}, "method": "median"}
    found = rulesets.check_levels(broken)
    assert any("case_bands" in message for message in found)
    assert any("matrix" in message for message in found)
    assert any("method" in message for message in found)
    assert rulesets.check_levels(P4800) == []
    assert rulesets.check_levels(P218) == []
