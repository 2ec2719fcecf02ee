"""After the 2025 map switch, an organisation whose commune was split sees nothing until it is assigned."""

import pytest

from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import OrganisationFactory, UserFactory
from phaodai.core.access import access_for_user
from phaodai.geo.catalogue import successor_codes
from phaodai.geo.models import AdminUnit, UnitLevel, UnitMap, UnplacedRow
from phaodai.geo.placement import unplaced_assign
from phaodai.geo.services import units_load
from phaodai.geo.switching import switch_to_two_tier

pytestmark = pytest.mark.django_db


def _communes(split: bool):
    communes = AdminUnit.objects.filter(unit_map=UnitMap.THREE_TIER, level=UnitLevel.COMMUNE).order_by("path")
    return next(c for c in communes if (len(successor_codes(UnitLevel.COMMUNE, c.code)) > 1) == split)


def _station_user(commune, username):
    organisation = OrganisationFactory(unit=commune, kind=OrganisationKind.COMMUNE_HEALTH_STATION)
    return UserFactory(username=username, role=Role.COMMUNE_HEALTH, organisation=organisation)


def test_a_split_commune_station_fails_closed_until_assigned():
    units_load(unit_map=UnitMap.THREE_TIER)
    user = _station_user(_communes(split=True), "tram_chia_tach")
    whole = _station_user(_communes(split=False), "tram_nguyen_ven")
    switch_to_two_tier(actor=None)
    user.refresh_from_db()
    whole.refresh_from_db()

    assert access_for_user(user).jurisdiction.is_empty
    moved = access_for_user(whole).jurisdiction
    assert len(moved.prefixes) == 1
    assert moved.prefixes[0].startswith("N/")

    row = UnplacedRow.objects.get(model_label="accounts.organisation", row_id=user.organisation_id)
    chosen = row.candidates.earliest("pk")
    unplaced_assign(actor=None, row=row, unit=chosen)
    user.refresh_from_db()
    assert access_for_user(user).jurisdiction.prefixes == (chosen.path,)
