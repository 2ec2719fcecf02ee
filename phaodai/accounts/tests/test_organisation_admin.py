"""Administrators add and edit the organisations of their jurisdiction (whose units their users see)."""

import unicodedata

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.accounts import services
from phaodai.accounts.models import Organisation, OrganisationKind
from phaodai.accounts.tests.factories import OrganisationFactory
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

CREATE = reverse("accounts:organisation_create")


def _edit(organisation):
    return reverse("accounts:organisation_edit", args=[organisation.pk])


def _form(unit, name="Đội phản ứng nhanh huyện Phong Thổ", served=(), **extra):
    return {
        "name": name,
        "short_name": "",
        "kind": OrganisationKind.COMMUNITY_TEAM,
        "unit": unit.pk,
        "served_units": [u.pk for u in served],
        **extra,
    }


def test_an_administrator_adds_an_organisation_serving_chosen_communes(district_admin, tree):
    decomposed = unicodedata.normalize("NFD", "Đội  phản ứng nhanh huyện Phong Thổ ")
    response = client_for(district_admin).post(
        CREATE, _form(tree.district, name=decomposed, served=[tree.commune, tree.neighbour_commune])
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(unit=tree.district, kind=OrganisationKind.COMMUNITY_TEAM)
    assert organisation.name == "Đội phản ứng nhanh huyện Phong Thổ"  # NFC, spaces collapsed
    assert organisation.unit_path == tree.district.path
    assert set(organisation.served_units.all()) == {tree.commune, tree.neighbour_commune}
    event = AuditEvent.objects.get(entity="accounts.organisation", entity_id=str(organisation.pk))
    assert event.action == "create"
    assert event.unit_path == tree.district.path
    assert sorted(event.changes["served_units"]) == sorted([tree.commune.pk, tree.neighbour_commune.pk])


def test_an_administrator_edits_an_organisation_and_the_change_is_audited(district_admin, tree):
    organisation = OrganisationFactory(unit=tree.commune, name="Tổ COVID bản Tả Phìn")
    response = client_for(district_admin).post(
        _edit(organisation), _form(tree.commune, name="Tổ COVID cộng đồng bản Tả Phìn", served=[tree.commune])
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Tổ COVID cộng đồng bản Tả Phìn"
    assert list(organisation.served_units.all()) == [tree.commune]
    event = AuditEvent.objects.get(entity="accounts.organisation", action="update")
    assert event.changes["name"] == ["Tổ COVID bản Tả Phìn", "Tổ COVID cộng đồng bản Tả Phìn"]
    assert event.changes["served_units"] == [[], [tree.commune.pk]]


def test_the_edit_form_keeps_a_served_district_it_does_not_list_as_a_commune(province_admin, tree):
    organisation = OrganisationFactory(unit=tree.commune, name="Chốt Dào San")
    organisation.served_units.set([tree.district])
    page = client_for(province_admin).get(_edit(organisation)).content.decode()
    assert f'<option value="{tree.district.pk}" selected>' in page


def test_the_list_offers_adding_and_editing_to_administrators_only(province_admin, province_user, tree):
    organisation = OrganisationFactory(unit=tree.commune, name="Trạm Y tế xã Dào San")
    url = reverse("accounts:organisations")
    page = client_for(province_admin).get(url).content.decode()
    assert "Thêm tổ chức" in page
    assert _edit(organisation) in page
    page = client_for(province_user).get(url).content.decode()  # Sở Y tế: sees, does not manage
    assert "Thêm tổ chức" not in page
    assert _edit(organisation) not in page


def test_a_home_unit_outside_the_jurisdiction_is_a_field_error_and_saves_nothing(district_admin, tree):
    before = Organisation.objects.count()
    response = client_for(district_admin).post(CREATE, _form(tree.other_commune))
    assert response.status_code == 200
    assert "Đơn vị này không thuộc địa bàn bạn quản lý." in response.context["form"].errors["unit"]
    assert Organisation.objects.count() == before
    assert not AuditEvent.objects.filter(entity="accounts.organisation").exists()


def test_a_served_commune_outside_the_jurisdiction_is_a_field_error(district_admin, tree):
    response = client_for(district_admin).post(CREATE, _form(tree.district, served=[tree.other_commune]))
    assert response.status_code == 200
    assert response.context["form"].errors["served_units"]
    with pytest.raises(DomainError) as refused:
        services.organisation_create(
            actor=district_admin,
            jurisdiction=_jurisdiction(district_admin),
            name="Đội phản ứng nhanh",
            kind=OrganisationKind.COMMUNITY_TEAM,
            unit=tree.district,
            served_units=[tree.commune, tree.other_commune],
        )
    assert refused.value.errors == {"served_units": ["«Xã Pa Tần» không thuộc địa bàn bạn quản lý."]}
    assert not Organisation.objects.filter(name="Đội phản ứng nhanh").exists()


def test_a_village_is_not_a_home_unit(district_admin, tree):
    with pytest.raises(DomainError) as refused:
        services.organisation_create(
            actor=district_admin,
            jurisdiction=_jurisdiction(district_admin),
            name="Tổ COVID bản Tả Phìn",
            kind=OrganisationKind.COMMUNITY_TEAM,
            unit=tree.village,
        )
    assert list(refused.value.errors) == ["unit"]


def test_a_duplicate_name_at_the_same_unit_is_a_field_error_in_any_case_or_accent(district_admin, tree):
    OrganisationFactory(unit=tree.commune, name="Trạm Y tế xã Dào San")
    response = client_for(district_admin).post(CREATE, _form(tree.commune, name="trạm y tế xã Dào San"))
    assert response.status_code == 200
    assert "đã có tổ chức tên" in response.context["form"].errors["name"][0]
    assert Organisation.objects.filter(unit=tree.commune).count() == 1
    with pytest.raises(ConflictError) as refused:
        services.organisation_create(
            actor=district_admin,
            jurisdiction=_jurisdiction(district_admin),
            name="Tram Y te xa Dao San",
            kind=OrganisationKind.COMMUNE_HEALTH_STATION,
            unit=tree.commune,
        )
    assert list(refused.value.errors) == ["name"]


def test_the_same_name_at_another_unit_is_fine(district_admin, tree):
    OrganisationFactory(unit=tree.commune, name="Tổ COVID cộng đồng")
    response = client_for(district_admin).post(
        CREATE, _form(tree.neighbour_commune, name="Tổ COVID cộng đồng")
    )
    assert response.status_code == 302


def test_it_returns_404_outside_jurisdiction(other_district_admin, tree):
    organisation = OrganisationFactory(unit=tree.commune, name="Trạm Y tế xã Dào San")
    client = client_for(other_district_admin)
    assert client.get(_edit(organisation)).status_code == 404
    assert client.post(_edit(organisation), _form(tree.other_commune)).status_code == 404
    organisation.refresh_from_db()
    assert organisation.unit == tree.commune


def test_an_organisation_serving_units_outside_the_jurisdiction_is_left_to_a_wider_administrator(
    district_admin, province_admin, tree
):
    """Editing it, or placing users in it, would hand out access the district administrator does not hold."""
    organisation = OrganisationFactory(unit=tree.commune, name="Bệnh viện dã chiến số 1")
    organisation.served_units.set([tree.commune, tree.other_commune])
    assert client_for(district_admin).get(_edit(organisation)).status_code == 404
    page = client_for(district_admin).get(reverse("accounts:organisations")).content.decode()
    assert "Bệnh viện dã chiến số 1" in page
    assert _edit(organisation) not in page
    assert client_for(province_admin).get(_edit(organisation)).status_code == 200


def test_others_get_403(province_user, outsider, tree):
    organisation = OrganisationFactory(unit=tree.commune)
    for user in (province_user, outsider):
        client = client_for(user)
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, _form(tree.commune)).status_code == 403
        assert client.get(_edit(organisation)).status_code == 403
    assert Organisation.objects.filter(kind=OrganisationKind.COMMUNITY_TEAM).count() == 0


def _jurisdiction(user):
    from phaodai.core.access import access_for_user

    return access_for_user(user).jurisdiction


def test_an_organisation_awaiting_placement_is_placed_from_the_unplaced_page_not_here(province_admin, tree):
    """After the map switch its row waits in «Cần gán»: moving it here would leave that row stale."""
    from phaodai.geo.models import UnplacedRow

    organisation = OrganisationFactory(unit=tree.province, name="Trạm Y tế xã bị chia tách")
    UnplacedRow.objects.create(
        model_label="accounts.organisation",
        row_id=organisation.pk,
        unit=tree.province,
        unit_path=tree.province.path,
        old_unit=tree.commune,
    )
    response = client_for(province_admin).post(
        _edit(organisation), _form(tree.commune, name="Trạm Y tế xã bị chia tách")
    )
    assert "Cần gán" in response.context["form"].errors["unit"][0]
    organisation.refresh_from_db()
    assert organisation.unit == tree.province
    renamed = client_for(province_admin).post(
        _edit(organisation), _form(tree.province, name="Trạm Y tế xã Dào San (cũ)")
    )
    assert renamed.status_code == 302
