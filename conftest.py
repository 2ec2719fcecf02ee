"""A small province tree and the personas every app's tests use.

Lai Châu (12) with two districts: Phong Thổ (106: communes Dào San, Sì Lở Lầu) and Sìn Hồ (107: Pa Tần).
The outsider works in Sìn Hồ: everything in Phong Thổ must look like it does not exist to them.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import OrganisationFactory, UserFactory
from phaodai.geo.models import AdminUnit
from phaodai.geo.tests import factories as units


@dataclass
class Tree:
    province: AdminUnit
    district: AdminUnit
    commune: AdminUnit
    neighbour_commune: AdminUnit
    village: AdminUnit
    other_district: AdminUnit
    other_commune: AdminUnit


@pytest.fixture(autouse=True)
def _vietnamese_by_default() -> Any:
    """A request in English leaves English active in the thread; every test starts from the default."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def tree(db: Any) -> Tree:
    province = units.province("12", "Tỉnh Lai Châu")
    district = units.district(province, "106", "Huyện Phong Thổ")
    commune = units.commune(district, "03412", "Xã Dào San")
    other_district = units.district(province, "107", "Huyện Sìn Hồ")
    return Tree(
        province=province,
        district=district,
        commune=commune,
        neighbour_commune=units.commune(district, "03415", "Xã Sì Lở Lầu"),
        village=units.village(commune, "T001", "Bản Tả Phìn"),
        other_district=other_district,
        other_commune=units.commune(other_district, "03460", "Xã Pa Tần"),
    )


def _user(unit: AdminUnit | None, role: str, kind: str, username: str) -> Any:
    organisation = OrganisationFactory(unit=unit, kind=kind, name=f"{kind} {username}") if unit else None
    return UserFactory(username=username, role=role, organisation=organisation)


@pytest.fixture
def commune_user(tree: Tree) -> Any:
    return _user(tree.commune, Role.COMMUNE_HEALTH, OrganisationKind.COMMUNE_HEALTH_STATION, "tramyte")


@pytest.fixture
def district_user(tree: Tree) -> Any:
    return _user(tree.district, Role.DISTRICT_HEALTH, OrganisationKind.DISTRICT_HEALTH_CENTRE, "ttyt")


@pytest.fixture
def province_user(tree: Tree) -> Any:
    return _user(tree.province, Role.HEALTH_DEPARTMENT, OrganisationKind.HEALTH_DEPARTMENT, "soyte")


@pytest.fixture
def outsider(tree: Tree) -> Any:
    """A commune health station user in another district: sees nothing of Phong Thổ."""
    return _user(
        tree.other_commune, Role.COMMUNE_HEALTH, OrganisationKind.COMMUNE_HEALTH_STATION, "ngoaivung"
    )


@pytest.fixture
def homeless_user(tree: Tree) -> Any:
    """Signed in, a role, but no organisation: sees nothing at all."""
    return _user(None, Role.HEALTH_DEPARTMENT, OrganisationKind.OTHER, "khongtochuc")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
