"""The command center's weekly levels are zones too: the level people see, fresh (two weeks at most)."""

import datetime as dt

import pytest

from phaodai.checkpoints.zones import zone_of
from phaodai.command.models import RiskAssessment
from phaodai.command.rulesets import RISK_LEVEL
from phaodai.core import clock, rules

pytestmark = pytest.mark.django_db
WEEK_END = dt.date(2021, 11, 14)


def _level(unit, level, week_end=WEEK_END, **fields):
    return RiskAssessment.objects.create(
        unit=unit, unit_path=unit.path, week_end=week_end, level=level, computed_at=clock.now(),
        rules=rules.in_force(RISK_LEVEL, on=week_end), **fields,
    )  # fmt: skip


def _level_at(unit, day):
    hit = zone_of(unit.path, on=day)
    return hit.level if hit else None


def test_a_published_level_of_the_place_or_above_makes_it_a_zone(tree):
    _level(tree.district, 3)
    hit = zone_of(tree.village.path, on=dt.date(2021, 11, 20))
    assert hit is not None
    assert (hit.level, hit.unit_path) == (3, tree.district.path)
    assert "14/11/2021" in hit.reason


def test_the_highest_of_the_published_levels_wins_and_an_override_counts(tree):
    _level(tree.district, 3)
    _level(tree.commune, 2, override_level=4, override_reason="Ổ dịch mới ở chợ Dào San")
    assert _level_at(tree.commune, dt.date(2021, 11, 20)) == 4


def test_a_level_older_than_two_weeks_says_nothing(tree):
    _level(tree.commune, 4, week_end=dt.date(2021, 10, 31))
    assert zone_of(tree.commune.path, on=dt.date(2021, 11, 20)) is None
    assert _level_at(tree.commune, dt.date(2021, 11, 10)) == 4


def test_a_week_not_yet_over_is_not_read_before_its_end(tree):
    _level(tree.commune, 4, week_end=dt.date(2021, 11, 21))
    assert zone_of(tree.commune.path, on=dt.date(2021, 11, 20)) is None
