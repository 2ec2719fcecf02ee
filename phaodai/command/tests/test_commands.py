"""The rebuild and weekly-level commands."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from phaodai.command.models import DailyCount, RiskAssessment
from phaodai.command.services import last_full_week_end
from phaodai.command.tests import scenario
from phaodai.geo.models import Population

pytestmark = pytest.mark.django_db


def test_the_last_full_week_ends_on_the_sunday_before():
    assert last_full_week_end(dt.date(2021, 11, 20)) == dt.date(2021, 11, 14)  # a Saturday
    assert last_full_week_end(dt.date(2021, 11, 15)) == dt.date(2021, 11, 14)  # a Monday
    assert last_full_week_end(dt.date(2021, 11, 14)) == dt.date(2021, 11, 7)  # a Sunday: its week is not over


def test_rebuild_restores_counts_that_were_lost(tree):
    scenario.run(tree)
    kept = _cells()
    DailyCount.objects.all().delete()
    call_command("command_rebuild", stdout=StringIO())
    assert _cells() == kept


def _cells():
    return sorted(DailyCount.objects.exclude(value=0).values_list("unit_id", "day", "metric", "value"))


def test_risk_assess_computes_the_last_full_week_of_the_provinces_with_population(tree):
    with pytest.raises(CommandError, match="dân số"):
        call_command("risk_assess", stdout=StringIO())
    Population.objects.create(
        unit=tree.commune, unit_path=tree.commune.path, year=2021, band="18-49", count=900
    )
    out = StringIO()
    call_command("risk_assess", stdout=out)
    assert "14/11/2021" in out.getvalue()
    assert RiskAssessment.objects.filter(week_end=dt.date(2021, 11, 14), unit=tree.province).exists()


def test_risk_assess_refuses_a_malformed_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("risk_assess", week_end="14/11/2021")
