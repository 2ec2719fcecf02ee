"""The demo's schematic boundary file: one square per commune, loaded as such, and the map says so."""

import datetime as dt
import json

import pytest

from conftest import client_for
from phaodai.command import services
from phaodai.core.scoping import Jurisdiction
from phaodai.demo.command import schematic_geojson

pytestmark = pytest.mark.django_db


def test_the_demo_sketch_draws_one_square_per_commune_and_the_map_says_it_is_drawn(tree, province_user):
    communes = [tree.commune, tree.neighbour_commune, tree.other_commune]
    sketch = schematic_geojson([tree.district, tree.other_district], communes)
    assert sorted(f["properties"]["code"] for f in sketch["features"]) == sorted(c.code for c in communes)
    everything = Jurisdiction.of([tree.province.path])
    services.boundaries_load(
        actor=None, jurisdiction=everything, unit=tree.province, name="Sơ đồ phác",
        content=json.dumps(sketch).encode(), schematic=True,
    )  # fmt: skip
    services.risk_assess_week(
        actor=None, jurisdiction=everything, unit=tree.province, week_end=dt.date(2021, 11, 14)
    )
    page = client_for(province_user).get("/chi-huy/").content.decode()
    assert "Bản đồ vẽ phác" in page
    assert 'id="risk-map"' in page
