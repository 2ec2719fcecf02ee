"""Names a directive writes, mapped to the deployment's organisations by kind, level and place."""

from pathlib import Path

import pytest

from phaodai.core.scoping import Jurisdiction
from phaodai.directives.mapping import candidates, map_names
from phaodai.directives.parsing import parse
from phaodai.directives.proposal import propose

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).with_name("seeds")


@pytest.fixture
def province_candidates(tree, bodies):
    return candidates(jurisdiction=Jurisdiction.of([tree.province.path]))


def test_the_usual_bodies_map_by_kind_and_level(bodies, province_candidates):
    assert map_names(["Sở Y tế"], province_candidates).organisations == [bodies.health]
    assert map_names(["CDC"], province_candidates).organisations == [bodies.cdc]
    assert map_names(["Các Bệnh viện tuyến tỉnh"], province_candidates).organisations == [bodies.hospital]
    assert map_names(["Sở Giao thông vận tải"], province_candidates).organisations == [bodies.transport]
    centres = map_names(["Trung tâm Y tế các huyện, thành phố"], province_candidates).organisations
    assert set(centres) == {bodies.district_centre, bodies.other_district_centre}


def test_a_named_place_picks_that_unit_only(bodies, province_candidates):
    mapped = map_names(["Trung tâm Y tế huyện Sìn Hồ"], province_candidates)
    assert mapped.organisations == [bodies.other_district_centre]
    assert map_names(["UBND huyện Phong Thổ"], province_candidates).organisations == [
        bodies.district_committee
    ]


def test_a_body_the_deployment_lacks_stays_unmapped_and_is_never_guessed(province_candidates):
    mapped = map_names(
        ["Sở Tài chính", "Sở Kế hoạch và Đầu tư", "các Chốt kiểm soát COVID-19", "Ban Tuyên giáo"],
        province_candidates,
    )
    assert mapped.organisations == []
    assert mapped.unmapped == [
        "Sở Tài chính",
        "Sở Kế hoạch và Đầu tư",
        "các Chốt kiểm soát COVID-19",
        "Ban Tuyên giáo",
    ]


def test_outside_the_issuers_jurisdiction_nothing_maps(tree, bodies):
    district = candidates(jurisdiction=Jurisdiction.of([tree.district.path]))
    assert map_names(["Sở Y tế"], district).unmapped == ["Sở Y tế"]
    assert map_names(["Trung tâm Y tế các huyện, thành phố"], district).organisations == [
        bodies.district_centre
    ]


def test_the_letters_proposal_maps_its_addressees(tree, bodies, province_candidates):
    parsed = parse((SEEDS / "cv_syt_lai_chau_2021_11.txt").read_text(encoding="utf-8"))
    proposal = propose(parsed, text="…", issuer=bodies.health, candidates=province_candidates)
    assert proposal.directive["symbol"] == "SYT-NVY"
    assert proposal.directive["issuer"] == bodies.health.pk
    by_ref = {task["ref"]: task for task in proposal.tasks}
    assert by_ref["1.1"]["leads"] == [bodies.cdc.pk]
    assert set(by_ref["1.1"]["coordinating"]) == {bodies.district_centre.pk, bodies.other_district_centre.pk}
    assert by_ref["2.1"]["leads"] == [bodies.hospital.pk]
    assert by_ref["3.2"]["unmapped_coordinating"] == "các Chốt kiểm soát COVID-19"
    assert by_ref["3.2"]["unmapped_leads"] == ""
