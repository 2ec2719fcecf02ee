"""Versioned rule sets: the version in force on a date, a province's variant, the rule pages."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.core import rules
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditEvent, RuleSet

pytestmark = pytest.mark.django_db

SEVERITY = "cases.severity"


def test_shipped_versions_are_installed_by_migrate():
    codes = set(RuleSet.objects.filter(kind=SEVERITY).values_list("code", flat=True))
    assert {"4689/QĐ-BYT", "250/QĐ-BYT"} <= codes


def test_installing_again_adds_nothing_and_keeps_edits():
    rule = RuleSet.objects.get(kind=SEVERITY, code="250/QĐ-BYT")
    rule.params = {**rule.params, "severe_spo2_below": 93}
    rule.save()
    assert rules.install_shipped() == 0
    rule.refresh_from_db()
    assert rule.params["severe_spo2_below"] == 93


def test_the_version_in_force_is_the_latest_not_after_the_day():
    assert rules.in_force(SEVERITY, on=dt.date(2021, 11, 20)).code == "4689/QĐ-BYT"
    assert rules.in_force(SEVERITY, on=dt.date(2022, 1, 28)).code == "250/QĐ-BYT"


def test_no_version_in_force_is_a_clear_error():
    with pytest.raises(DomainError, match="Chưa có bộ quy tắc"):
        rules.in_force(SEVERITY, on=dt.date(2019, 1, 1))


def test_a_province_variant_wins_in_that_province_only(province_user):
    base = RuleSet.objects.get(kind=SEVERITY, code="250/QĐ-BYT")
    variant = rules.adopt_variant(
        actor=province_user,
        base=base,
        unit_path="L/12/",
        code="12/QĐ-UBND",
        effective_from=base.effective_from,
        params={**base.params, "severe_spo2_below": 93},
        note="Quyết định 12/QĐ-UBND của tỉnh",
    )
    assert rules.in_force(SEVERITY, on=dt.date(2022, 2, 1), unit_path="L/12/106/03412/") == variant
    assert rules.in_force(SEVERITY, on=dt.date(2022, 2, 1), unit_path="L/01/001/00001/") == base
    assert AuditEvent.objects.filter(entity="core.ruleset", entity_id=str(variant.pk)).exists()


def test_a_variant_must_keep_the_shape_of_its_base(province_user):
    base = RuleSet.objects.get(kind=SEVERITY, code="250/QĐ-BYT")
    with pytest.raises(DomainError) as error:
        rules.adopt_variant(
            actor=province_user,
            base=base,
            unit_path="L/12/",
            code="12/QĐ-UBND",
            effective_from=base.effective_from,
            params={**base.params, "severe_spo2_below": "93"},
            note="x",
        )
    assert "params" in error.value.errors
    assert not RuleSet.objects.filter(code="12/QĐ-UBND").exists()


def test_rule_pages_mark_unconfirmed_versions(commune_user):
    response = client_for(commune_user).get(reverse("core:rules"))
    assert response.status_code == 200
    assert "cần đối chiếu văn bản gốc" in response.content.decode()


def test_adopting_from_the_page_reports_a_bad_date_on_the_field(province_user):
    base = RuleSet.objects.get(kind=SEVERITY, code="250/QĐ-BYT")
    response = client_for(province_user).post(
        reverse("core:rule", args=[base.pk]),
        {"code": "12/QĐ-UBND", "effective_from": "31/02/2022", "params": "{}", "note": "x"},
    )
    assert response.status_code == 200
    assert "dd/mm/yyyy" in response.content.decode()
    assert not RuleSet.objects.filter(code="12/QĐ-UBND").exists()
