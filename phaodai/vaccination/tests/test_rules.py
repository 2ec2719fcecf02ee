"""Each version of the shipped rules, read through the pure functions (rules.md §3)."""

import datetime as dt

import pytest

from phaodai.core import rules
from phaodai.core.models import RuleStatus
from phaodai.vaccination import rulesets
from phaodai.vaccination.bundle import bundle_for
from phaodai.vaccination.models import DoseKind
from phaodai.vaccination.schedule import Given, catalogue, fully_vaccinated, youngest_age

pytestmark = pytest.mark.django_db
D = dt.date


def _params(kind, day):
    return rules.in_force(kind, on=day).params


def test_the_catalogue_grows_and_opens_to_teens_then_children():
    assert youngest_age(_params(rulesets.PRODUCTS, D(2021, 10, 13))) == 18
    assert youngest_age(_params(rulesets.PRODUCTS, D(2021, 10, 14))) == 12
    assert youngest_age(_params(rulesets.PRODUCTS, D(2022, 3, 1))) == 5
    products = catalogue(_params(rulesets.PRODUCTS, D(2021, 11, 20)))
    assert {"AZ", "SPV", "PF", "MD", "VC", "JJ", "HV", "AB", "CX"} <= products.keys()
    assert (products["JJ"].doses, products["AB"].doses) == (1, 3)
    assert products["AZ"].gap_after(1) == (56, 84)
    assert "CX" not in catalogue(_params(rulesets.PRODUCTS, D(2021, 11, 9)))


def test_unconfirmed_versions_are_marked_for_checking():
    assert rules.in_force(rulesets.PRODUCTS, on=D(2021, 9, 20)).needs_checking
    assert rules.in_force(rulesets.BOOSTERS, on=D(2021, 12, 1)).status == RuleStatus.PARTLY
    assert rules.in_force(rulesets.BOOSTERS, on=D(2021, 12, 17)).status == RuleStatus.CONFIRMED
    assert rules.in_force(rulesets.TARGETS, on=D(2021, 11, 20)).status == RuleStatus.UNCONFIRMED


def test_boosters_have_no_rule_before_december_2021():
    assert bundle_for(on=D(2021, 11, 30), unit_path="").boosters is None
    boosters = bundle_for(on=D(2021, 12, 17), unit_path="").boosters
    assert boosters is not None
    assert boosters["booster_min_days"] == 90


def _history(*days, product="VC"):
    return [Given(n, DoseKind.PRIMARY, product, day) for n, day in enumerate(days, start=1)]


@pytest.mark.parametrize(
    ("document", "history", "on", "expected"),
    [
        ("4038/QĐ-BYT-tiem-du", _history(D(2021, 9, 1)), D(2021, 9, 16), True),
        ("4038/QĐ-BYT-tiem-du", _history(D(2021, 9, 1)), D(2021, 9, 15), False),
        ("10696/BYT-MT", _history(D(2021, 9, 1), D(2021, 9, 25)), D(2021, 10, 9), True),
        ("10696/BYT-MT", _history(D(2021, 1, 1), D(2021, 2, 1)), D(2021, 12, 20), False),
        ("10696/BYT-MT", _history(D(2021, 12, 1), product="JJ"), D(2021, 12, 20), True),
        ("762/BYT-DP", _history(D(2021, 9, 1), D(2021, 9, 25)), D(2021, 10, 8), False),
    ],
)
def test_fully_vaccinated_depends_on_the_document(document, history, on, expected):
    version = rules.history(rulesets.FULLY)
    params = next(v.params for v in version if v.code == document)
    products = catalogue(_params(rulesets.PRODUCTS, on))
    assert fully_vaccinated(history, products, params, on=on) is expected
