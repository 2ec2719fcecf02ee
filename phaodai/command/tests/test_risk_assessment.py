"""Weekly levels computed from the counts, overridden with a reason, rolled up, and scoped."""

import datetime as dt

import pytest

from conftest import client_for
from phaodai.command import services
from phaodai.command.models import RiskAssessment
from phaodai.command.tests import scenario
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import Population

pytestmark = pytest.mark.django_db
WEEK_END = dt.date(2021, 11, 20)


@pytest.fixture
def populated(tree):
    for commune, people in (
        (tree.commune, 4_000),
        (tree.neighbour_commune, 3_000),
        (tree.other_commune, 5_000),
    ):
        Population.objects.create(unit=commune, unit_path=commune.path, year=2021, band="18-49", count=people)
    return tree


def _assess(tree):
    everything = Jurisdiction.of([tree.province.path])
    return services.risk_assess_week(
        actor=None, jurisdiction=everything, unit=tree.province, week_end=WEEK_END
    )


def _level(unit):
    return RiskAssessment.objects.get(unit=unit, week_end=WEEK_END)


def test_communes_get_a_level_from_their_weeks_community_cases(populated):
    scenario.run(populated)
    written = _assess(populated)
    assert written == 6  # three communes, two districts, the province
    dao_san = _level(populated.commune)
    assert dao_san.figures["community_cases"] == 2  # Pọm's is from 12 days ago, Sủ's found in quarantine
    assert dao_san.figures["cases_per_100k"] == 50.0
    assert dao_san.level == 3  # band 3 (50 to < 150) with no doses recorded (< 70%)
    assert dao_san.rules.code == "4800/QĐ-BYT"
    assert _level(populated.other_commune).level == 2  # no cases, no doses
    assert _level(populated.province).level == 3
    assert _level(populated.province).method == "worst"


def test_an_override_needs_a_reason_is_audited_and_counts_in_the_rollup(populated):
    scenario.run(populated)
    _assess(populated)
    row = _level(populated.commune)
    with pytest.raises(DomainError) as refused:
        services.risk_override(actor=None, assessment=row, level=3, reason="vì")
    assert "reason" in refused.value.errors
    services.risk_override(actor=None, assessment=row, level=1, reason="Theo Thông báo 246/TB-BCĐ của tỉnh")
    assert AuditEvent.objects.filter(entity="command.riskassessment", entity_id=str(row.pk)).exists()
    _assess(populated)  # recomputing keeps the person's level
    row.refresh_from_db()
    assert (row.level, row.override_level, row.effective_level) == (3, 1, 1)
    assert _level(populated.district).level == 2  # Sì Lở Lầu's 2 now leads: the roll-up reads what people see


def test_a_week_before_any_level_rule_is_refused_clearly(populated):
    with pytest.raises(DomainError) as refused:
        services.risk_assess_week(
            actor=None,
            jurisdiction=Jurisdiction.of([populated.province.path]),
            unit=populated.province,
            week_end=dt.date(2021, 9, 26),
        )
    assert "Cấp độ dịch" in refused.value.message


def test_the_outsider_cannot_open_a_level_of_phong_tho(populated, outsider, province_user):
    _assess(populated)
    row = _level(populated.commune)
    assert client_for(outsider).get(f"/chi-huy/cap-do/{row.pk}/").status_code == 404
    assert client_for(outsider).get(f"/api/risk-levels/{row.pk}/").status_code == 404
    page = client_for(province_user).get(f"/chi-huy/cap-do/{row.pk}/")
    assert page.status_code == 200
    assert "cần đối chiếu văn bản gốc" in page.content.decode()


def test_override_through_the_page_shows_the_error_on_the_reason_field(populated, province_user):
    _assess(populated)
    row = _level(populated.commune)
    page = client_for(province_user).post(f"/chi-huy/cap-do/{row.pk}/", {"level": "2", "reason": ""})
    assert page.status_code == 400
    assert "Lý do, căn cứ là bắt buộc." in page.content.decode()
    row.refresh_from_db()
    assert row.override_level is None


def test_the_levels_api_lists_the_week_for_the_unit(populated, district_user):
    _assess(populated)
    data = client_for(district_user).get(f"/api/risk-levels/?week_end={WEEK_END.isoformat()}").json()
    names = {row["unit_name"] for row in data["results"]}
    assert names == {"Xã Dào San", "Xã Sì Lở Lầu", "Huyện Phong Thổ"}
    assert all(row["rules_need_checking"] for row in data["results"])


def test_a_commune_without_population_is_shown_as_such(tree, province_user):
    _assess(tree)  # no population rows at all
    row = _level(tree.commune)
    assert row.level is None
    assert _level(tree.province).level is None
    page = client_for(province_user).get(f"/chi-huy/cap-do/{row.pk}/")
    assert "Thiếu dân số" in page.content.decode()


def test_a_province_variant_with_broken_thresholds_is_refused_when_adopted(populated):
    from phaodai.command import rulesets
    from phaodai.core import rules

    base = rules.in_force(rulesets.RISK_LEVEL, on=WEEK_END)
    with pytest.raises(DomainError) as refused:
        rules.adopt_variant(
            actor=None,
            base=base,
            unit_path=populated.province.path,
            code="LC-01",
            effective_from=WEEK_END,
            params={**base.params, "case_bands": [20, 50]},
            note="Quyết định 1234/QĐ-UBND",
        )
    assert "case_bands" in refused.value.message


def test_criterion_3_reads_oxygen_at_the_commune_station_from_the_readiness_records(populated):
    from phaodai.readiness.tests.factories import cylinders, receive, staffing

    _assess(populated)
    assert any("chưa đánh giá" in reason for reason in _level(populated.commune).reasons)  # no records yet
    staffing(populated.commune, doctors=1)
    staffing(populated.neighbour_commune, doctors=1)
    receive(populated.commune, cylinders(), 4)
    _assess(populated)
    assert any("đáp ứng (trạm y tế có oxy)" in reason for reason in _level(populated.commune).reasons)
    assert any("chưa có oxy" in reason for reason in _level(populated.neighbour_commune).reasons)


def test_assessing_one_district_again_updates_its_province_too(populated):
    scenario.run(populated)
    _assess(populated)
    assert _level(populated.province).level == 3
    Population.objects.filter(unit=populated.commune).update(
        count=400_000
    )  # the week's cases now weigh little
    written = services.risk_assess_week(
        actor=None,
        jurisdiction=Jurisdiction.of([populated.district.path]),
        unit=populated.district,
        week_end=WEEK_END,
    )
    assert written == 4  # two communes, the district, and the province above it
    assert _level(populated.commune).level == 2
    assert _level(populated.province).level == 2


def test_the_levels_page_names_the_rollup_method_in_words(populated, province_user):
    _assess(populated)
    page = client_for(province_user).get(f"/chi-huy/cap-do/?tuan=20/11/2021&don-vi={populated.province.pk}")
    assert "cấp cao nhất của các đơn vị" in page.content.decode()
