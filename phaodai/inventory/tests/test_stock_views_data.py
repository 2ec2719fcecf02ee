"""What the stock pages read: first-expiry-first-out, the expiry alert, stock against population."""

import datetime as dt

import pytest

from phaodai.core import clock
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AgeBand, Population
from phaodai.inventory.selectors import expiring, fefo_allocation, stock_summary
from phaodai.inventory.tests.factories import ItemFactory, LotFactory, shelve

pytestmark = pytest.mark.django_db
TODAY = dt.date(2021, 11, 20)


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


def test_allocation_takes_the_earliest_expiry_first_and_skips_expired_lots(tree):
    item = ItemFactory()
    late, early, expired = (
        LotFactory(item=item, expires_on=dt.date(2022, 5, 1)),
        LotFactory(item=item, expires_on=dt.date(2021, 12, 10)),
        LotFactory(item=item, expires_on=dt.date(2021, 11, 25)),
    )
    for lot in (late, early, expired):
        shelve(tree.commune, lot, 30)
    allocation = fefo_allocation(unit=tree.commune, item=item, quantity=50, on=dt.date(2021, 11, 26))
    assert allocation.picks == [(early, 30), (late, 20)]
    assert allocation.missing == 0
    assert fefo_allocation(unit=tree.commune, item=item, quantity=100, on=TODAY).missing == 10


def test_the_expiry_alert_lists_stock_on_lots_expiring_within_30_days_for_the_jurisdiction_only(tree):
    soon, later = LotFactory(expires_on=dt.date(2021, 12, 5)), LotFactory(expires_on=dt.date(2022, 5, 1))
    shelve(tree.commune, soon, 10)
    shelve(tree.commune, later, 10)
    shelve(tree.other_commune, soon, 10)
    alert = list(expiring(jurisdiction=Jurisdiction.of([tree.district.path]), on=TODAY))
    assert [(b.unit, b.lot) for b in alert] == [(tree.commune, soon)]


def test_stock_summary_sums_each_districts_area_against_its_population(tree):
    lot = LotFactory()
    for unit, count in ((tree.commune, 4000), (tree.neighbour_commune, 1000), (tree.other_commune, 2000)):
        Population.objects.create(
            unit=unit, unit_path=unit.path, year=2021, band=AgeBand.AGE_18_49, count=count
        )
    shelve(tree.commune, lot, 2500)
    shelve(tree.district, lot, 500)
    shelve(tree.province, lot, 10000)
    summary = stock_summary(
        jurisdiction=Jurisdiction.of([tree.province.path]), parent=tree.province, on=TODAY
    )
    by_path = {row.unit_path: row for row in summary.children}
    phong_tho = by_path[tree.district.path]
    assert (phong_tho.population, phong_tho.held[lot.item_id]) == (5000, 3000)
    assert phong_tho.per_population(lot.item_id) == pytest.approx(0.6)
    assert by_path[tree.other_district.path].held == {}
    assert summary.own.held[lot.item_id] == 10000
    assert (summary.total.population, summary.total.held[lot.item_id]) == (7000, 13000)


def test_a_district_sees_only_its_own_area_in_the_summary(tree):
    lot = LotFactory()
    shelve(tree.other_commune, lot, 99)
    shelve(tree.commune, lot, 7)
    summary = stock_summary(
        jurisdiction=Jurisdiction.of([tree.district.path]), parent=tree.district, on=TODAY
    )
    assert summary.total.held == {lot.item_id: 7}
