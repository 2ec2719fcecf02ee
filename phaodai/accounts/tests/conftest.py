"""Administrators of the shared tree: the province, Phong Thổ, and Sìn Hồ (the other district)."""

import pytest

from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.tests.factories import make_admin


@pytest.fixture
def province_admin(tree):
    return make_admin(tree.province, "quantri")


@pytest.fixture
def district_admin(tree):
    return make_admin(tree.district, "quantri_pt", OrganisationKind.DISTRICT_HEALTH_CENTRE)


@pytest.fixture
def other_district_admin(tree):
    return make_admin(tree.other_district, "quantri_sh", OrganisationKind.DISTRICT_HEALTH_CENTRE)
