"""Placing by hand the rows the map switch left at a new province (their commune was split).

Real units are needed (the switch goes through the official conversion tables), so these tests load
the three-tier map instead of using the small ``tree``. geo must not import the apps that place rows
on units, so organisations and users are looked up at run time (``apps.get_model``).
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.geo.catalogue import successor_codes
from phaodai.geo.models import AdminUnit, UnitLevel, UnitMap, UnplacedRow
from phaodai.geo.placement import unplaced_assign
from phaodai.geo.services import units_load, village_create
from phaodai.geo.switching import switch_to_two_tier

pytestmark = pytest.mark.django_db


@dataclass
class Switched:
    old_commune: AdminUnit
    village: AdminUnit
    village_row: UnplacedRow
    province: AdminUnit
    candidates: list[AdminUnit]
    outsider_commune: AdminUnit  # in the same new province, not a candidate


def _organisation(unit: AdminUnit, name: str) -> Any:
    organisation_model = apps.get_model("accounts", "Organisation")
    return organisation_model.objects.create(
        name=name, kind="health_department", unit=unit, unit_path=unit.path
    )


def _split_commune() -> AdminUnit:
    communes = AdminUnit.objects.filter(unit_map=UnitMap.THREE_TIER, level=UnitLevel.COMMUNE).order_by("path")
    return next(c for c in communes if len(successor_codes(UnitLevel.COMMUNE, c.code)) >= 2)


@pytest.fixture
def switched() -> Switched:
    units_load(unit_map=UnitMap.THREE_TIER)
    old_commune = _split_commune()
    village = village_create(actor=None, commune=old_commune, name="Thôn Đông")
    switch_to_two_tier(actor=None)
    village.refresh_from_db()
    row = UnplacedRow.objects.get(model_label="geo.adminunit", row_id=village.pk)
    candidates = list(row.candidates.order_by("code"))
    province = row.unit
    outsider_commune = (
        AdminUnit.objects.filter(parent=province, level=UnitLevel.COMMUNE)
        .exclude(pk__in=[c.pk for c in candidates])
        .first()
    )
    assert outsider_commune is not None
    return Switched(old_commune, village, row, province, candidates, outsider_commune)


def test_the_switch_lists_a_village_on_a_split_commune_at_the_new_province(switched):
    assert switched.province.level == UnitLevel.PROVINCE
    assert switched.province.unit_map == UnitMap.TWO_TIER
    assert len(switched.candidates) >= 2
    assert switched.village.parent_id == switched.province.pk


def test_assigning_a_village_moves_it_and_the_rows_on_it_under_the_chosen_commune(switched):
    organisation = _organisation(switched.village, "Tổ COVID cộng đồng Thôn Đông")
    commune = switched.candidates[-1]

    unplaced_assign(actor=None, row=switched.village_row, unit=commune)

    switched.village.refresh_from_db()
    assert switched.village.parent_id == commune.pk
    assert switched.village.path == f"{commune.path}{switched.village.code}/"
    organisation.refresh_from_db()
    assert organisation.unit_id == switched.village.pk
    assert organisation.unit_path == switched.village.path
    switched.village_row.refresh_from_db()
    assert switched.village_row.resolved
    assert switched.village_row.unit_id == commune.pk
    assert switched.village_row.unit_path == commune.path


def test_a_row_on_the_split_commune_can_go_to_a_village_under_a_candidate():
    units_load(unit_map=UnitMap.THREE_TIER)
    organisation = _organisation(_split_commune(), "Trạm Y tế xã")
    switch_to_two_tier(actor=None)
    row = UnplacedRow.objects.get(model_label="accounts.organisation", row_id=organisation.pk)
    village = village_create(actor=None, commune=row.candidates.order_by("code")[0], name="Bản Mới")

    unplaced_assign(actor=None, row=row, unit=village)

    organisation.refresh_from_db()
    assert (organisation.unit_id, organisation.unit_path) == (village.pk, village.path)


def test_it_refuses_a_unit_that_is_not_a_candidate_and_changes_nothing(switched):
    with pytest.raises(DomainError) as caught:
        unplaced_assign(actor=None, row=switched.village_row, unit=switched.outsider_commune)

    assert "unit" in caught.value.errors
    assert "đề xuất" in caught.value.message
    switched.village.refresh_from_db()
    assert switched.village.parent_id == switched.province.pk
    switched.village_row.refresh_from_db()
    assert not switched.village_row.resolved
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_it_refuses_to_put_a_village_under_another_village(switched):
    other = village_create(actor=None, commune=switched.candidates[0], name="Bản Khác")
    with pytest.raises(DomainError, match="đề xuất"):
        unplaced_assign(actor=None, row=switched.village_row, unit=other)


def test_it_refuses_an_already_resolved_row(switched):
    unplaced_assign(actor=None, row=switched.village_row, unit=switched.candidates[0])

    with pytest.raises(ConflictError, match="đã được gán"):
        unplaced_assign(actor=None, row=switched.village_row, unit=switched.candidates[1])
    switched.village.refresh_from_db()
    assert switched.village.parent_id == switched.candidates[0].pk


def test_it_writes_one_audit_row_with_the_old_and_new_unit(switched):
    commune = switched.candidates[0]
    unplaced_assign(actor=None, row=switched.village_row, unit=commune)

    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.entity == "geo.adminunit"
    assert event.entity_id == str(switched.village.pk)
    assert event.changes == {"unit": [switched.province.pk, commune.pk]}
    assert event.unit_path.startswith(commune.path)


# The page


def _client(unit: AdminUnit, username: str, role: str = "health_department") -> Client:
    organisation = _organisation(unit, f"Sở Y tế {username}")
    user = get_user_model().objects.create_user(username=username, role=role, organisation=organisation)
    client = Client()
    client.force_login(user)
    return client


def _another_province(province: AdminUnit) -> AdminUnit:
    other = (
        AdminUnit.objects.filter(unit_map=UnitMap.TWO_TIER, level=UnitLevel.PROVINCE)
        .exclude(pk=province.pk)
        .first()
    )
    assert other is not None
    return other


def test_a_province_user_sees_the_row_with_its_old_unit_and_candidates(switched):
    response = _client(switched.province, "soyte").get(reverse("geo:unplaced"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Thôn Đông" in body
    assert switched.old_commune.name in body
    assert switched.old_commune.code in body
    for candidate in switched.candidates:
        assert f'value="{candidate.pk}"' in body
    assert reverse("geo:unplaced_assign", args=[switched.village_row.pk]) in body


def test_the_list_costs_the_same_queries_for_more_rows_of_several_models(switched):
    client = _client(switched.province, "soyte")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("geo:unplaced"))
    communes = [switched.old_commune, *AdminUnit.objects.filter(parent=switched.old_commune.parent)[:3]]
    for index, commune in enumerate(communes):
        UnplacedRow.objects.create(
            model_label="accounts.organisation",
            row_id=_organisation(switched.province, f"Tổ chức {index}").pk,
            old_unit=commune,
            unit=switched.province,
            unit_path=switched.province.path,
        ).candidates.set(switched.candidates)

    with CaptureQueriesContext(connection) as many:
        body = client.get(reverse("geo:unplaced")).content.decode()

    assert "Tổ chức 3" in body
    assert len(many) == len(few) + 1  # one more model to describe, not one more query per row


def test_posting_a_candidate_assigns_and_redirects_with_a_message(switched):
    client = _client(switched.province, "soyte")
    commune = switched.candidates[0]

    response = client.post(
        reverse("geo:unplaced_assign", args=[switched.village_row.pk]), {"unit": commune.pk}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("geo:unplaced")
    assert commune.name in response.content.decode()
    assert "Thôn Đông" not in response.content.decode()
    switched.village.refresh_from_db()
    assert switched.village.parent_id == commune.pk


def test_posting_a_non_candidate_shows_the_error_next_to_the_row_and_changes_nothing(switched):
    client = _client(switched.province, "soyte")

    response = client.post(
        reverse("geo:unplaced_assign", args=[switched.village_row.pk]), {"unit": switched.outsider_commune.pk}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="loi-{switched.village_row.pk}"' in body
    assert "không thuộc các xã/phường được đề xuất" in body
    switched.village.refresh_from_db()
    assert switched.village.parent_id == switched.province.pk
    switched.village_row.refresh_from_db()
    assert not switched.village_row.resolved


def test_posting_an_already_resolved_row_says_so(switched):
    client = _client(switched.province, "soyte")
    url = reverse("geo:unplaced_assign", args=[switched.village_row.pk])
    client.post(url, {"unit": switched.candidates[0].pk})

    response = client.post(url, {"unit": switched.candidates[1].pk})

    assert "đã được gán đơn vị" in response.content.decode()
    switched.village.refresh_from_db()
    assert switched.village.parent_id == switched.candidates[0].pk


def test_a_get_on_the_assign_url_goes_back_to_the_list(switched):
    response = _client(switched.province, "soyte").get(
        reverse("geo:unplaced_assign", args=[switched.village_row.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("geo:unplaced")


def test_it_returns_404_outside_jurisdiction(switched):
    client = _client(_another_province(switched.province), "ngoaivung")

    assert "Thôn Đông" not in client.get(reverse("geo:unplaced")).content.decode()
    response = client.post(
        reverse("geo:unplaced_assign", args=[switched.village_row.pk]), {"unit": switched.candidates[0].pk}
    )
    assert response.status_code == 404
    switched.village_row.refresh_from_db()
    assert not switched.village_row.resolved


def test_a_role_without_unit_management_is_refused(switched):
    client = _client(switched.province, "quansat", role="observer")

    assert client.get(reverse("geo:unplaced")).status_code == 403
    response = client.post(
        reverse("geo:unplaced_assign", args=[switched.village_row.pk]), {"unit": switched.candidates[0].pk}
    )
    assert response.status_code == 403
