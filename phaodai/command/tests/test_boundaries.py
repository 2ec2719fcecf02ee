"""Boundary files for the risk map: what is accepted, what is refused (naming the feature), who may load."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import client_for
from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import OrganisationFactory, UserFactory
from phaodai.command.models import BoundarySet

pytestmark = pytest.mark.django_db


def _square(code):
    ring = [[103.0, 22.0], [103.1, 22.0], [103.1, 22.1], [103.0, 22.0]]
    return {
        "type": "Feature",
        "properties": {"ma": code},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _post(client, tree, content, name="Ranh giới xã"):
    upload = SimpleUploadedFile("ranh-gioi.geojson", content, content_type="application/geo+json")
    return client.post(f"/chi-huy/ban-do/?don-vi={tree.province.pk}", {"name": name, "file": upload})


@pytest.fixture
def admin(tree):
    organisation = OrganisationFactory(unit=tree.province, kind=OrganisationKind.HEALTH_DEPARTMENT)
    return UserFactory(username="quantri", role=Role.SYSTEM_ADMIN, organisation=organisation)


def test_a_file_of_the_provinces_communes_is_loaded_and_keeps_only_code_and_shape(tree, admin):
    content = json.dumps({"type": "FeatureCollection", "features": [_square(tree.commune.code)]}).encode()
    assert _post(client_for(admin), tree, content).status_code == 302
    loaded = BoundarySet.objects.get()
    assert loaded.geojson["features"][0]["properties"] == {
        "code": tree.commune.code,
        "path": tree.commune.path,
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "Tệp không phải JSON hợp lệ: dòng 1"),
        (b'{"type": "Feature"}', "GeoJSON FeatureCollection"),
        (
            json.dumps({"type": "FeatureCollection", "features": [_square("99999")]}).encode(),
            "Vùng thứ 1: mã đơn vị 99999",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {},
                            "geometry": {"type": "Point", "coordinates": [1, 2]},
                        }
                    ],
                }
            ).encode(),
            "Vùng thứ 1 không phải đa giác",
        ),
    ],
)
def test_a_bad_file_is_refused_with_a_message_naming_the_problem(tree, admin, content, message):
    page = _post(client_for(admin), tree, content)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not BoundarySet.objects.exists()


def test_only_the_administrator_loads_boundaries(tree, province_user):
    content = json.dumps({"type": "FeatureCollection", "features": [_square(tree.commune.code)]}).encode()
    assert _post(client_for(province_user), tree, content).status_code in (403, 404)


def _with_properties(properties):
    feature = {**_square("x"), "properties": properties}
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_with_properties(["ma", "03412"]), "Vùng thứ 1 thiếu mã đơn vị"),
        (_with_properties("03412"), "Vùng thứ 1 thiếu mã đơn vị"),
        (b"[" * 200_000 + b"]" * 200_000, "Tệp không phải JSON hợp lệ"),
    ],
)
def test_a_malformed_file_is_refused_with_a_message_not_a_server_error(tree, admin, content, message):
    page = _post(client_for(admin), tree, content)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not BoundarySet.objects.exists()
