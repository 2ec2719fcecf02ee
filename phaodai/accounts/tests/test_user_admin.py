"""Administrators open and edit the accounts of the organisations in their jurisdiction."""

import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from phaodai.accounts import selectors, services
from phaodai.accounts.models import Organisation, OrganisationKind, User
from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import OrganisationFactory, UserFactory
from phaodai.core.access import access_for_user
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

USERS = reverse("accounts:users")
CREATE = reverse("accounts:user_create")
NEW_PASSWORD = "Chong-dich-nhu-chong-giac-2021"


def _edit(user):
    return reverse("accounts:user_edit", args=[user.pk])


def _form(organisation, username="tramyte_san", password=NEW_PASSWORD, **extra):
    return {
        "username": username,
        "full_name": "Lò Thị Xuân",
        "role": Role.COMMUNE_HEALTH,
        "organisation": organisation.pk if organisation else "",
        "password": password,
        "password_confirm": password,
        **extra,
    }


def _jurisdiction(user):
    return access_for_user(user).jurisdiction


def test_an_account_opened_by_an_administrator_signs_in_and_sees_only_its_organisations_units(
    province_admin, tree
):
    admin = client_for(province_admin)
    admin.post(
        reverse("accounts:organisation_create"),
        {
            "name": "Trạm Y tế xã Dào San",
            "kind": OrganisationKind.COMMUNE_HEALTH_STATION,
            "unit": tree.commune.pk,
        },
    )
    station = Organisation.objects.get(name="Trạm Y tế xã Dào San")
    response = admin.post(CREATE, _form(station))
    assert response.status_code == 302

    client = Client()
    login = client.post(reverse("accounts:login"), {"username": "tramyte_san", "password": NEW_PASSWORD})
    assert login.status_code == 302
    page = client.get(reverse("geo:browse")).content.decode()
    assert "Xã Dào San" in page
    assert "Xã Sì Lở Lầu" not in page
    assert "Xã Pa Tần" not in page
    created = User.objects.get(username="tramyte_san")
    assert _jurisdiction(created).prefixes == (tree.commune.path,)

    event = AuditEvent.objects.get(entity="accounts.user", entity_id=str(created.pk))
    assert event.action == "create"
    assert event.unit_path == tree.commune.path  # filed at the organisation: its administrators read it
    assert event.changes["role"] == Role.COMMUNE_HEALTH
    assert NEW_PASSWORD not in json.dumps(event.changes)
    assert "password" not in event.changes


def test_a_weak_password_is_refused_in_vietnamese_and_nothing_is_saved(district_admin, tree):
    station = OrganisationFactory(unit=tree.commune)
    response = client_for(district_admin).post(CREATE, _form(station, password="12345678"))
    assert response.status_code == 200
    errors = response.context["form"].errors["password"]
    assert errors == [
        "Mật khẩu quá ngắn: cần ít nhất 12 ký tự.",
        "Mật khẩu này quá phổ biến.",
        "Mật khẩu này hoàn toàn là số.",
    ]
    assert not User.objects.filter(username="tramyte_san").exists()
    assert not AuditEvent.objects.filter(entity="accounts.user").exists()


def test_a_password_like_the_login_name_is_refused(district_admin, tree):
    station = OrganisationFactory(unit=tree.commune)
    with pytest.raises(DomainError) as refused:
        services.user_create(
            actor=district_admin,
            jurisdiction=_jurisdiction(district_admin),
            username="tramyte_daosan",
            full_name="Lò Thị Xuân",
            role=Role.COMMUNE_HEALTH,
            organisation=station,
            password="tramyte_daosan1",
        )
    assert refused.value.errors["password"] == ["Mật khẩu quá giống với Tên đăng nhập."]


def test_the_two_passwords_must_match(district_admin, tree):
    station = OrganisationFactory(unit=tree.commune)
    data = {**_form(station), "password_confirm": NEW_PASSWORD + "x"}
    response = client_for(district_admin).post(CREATE, data)
    assert response.context["form"].errors["password_confirm"] == ["Hai lần nhập mật khẩu không khớp."]
    assert not User.objects.filter(username="tramyte_san").exists()


def test_a_login_name_taken_in_any_case_is_refused(district_admin, commune_user, tree):
    station = OrganisationFactory(unit=tree.commune)
    response = client_for(district_admin).post(CREATE, _form(station, username="TramYTe"))
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == ["Tên đăng nhập này đã có người dùng."]
    assert User.objects.filter(username__iexact="tramyte").count() == 1
    with pytest.raises(ConflictError):
        services.user_create(
            actor=district_admin,
            jurisdiction=_jurisdiction(district_admin),
            username="TRAMYTE",
            full_name="Lò Thị Xuân",
            role=Role.COMMUNE_HEALTH,
            organisation=station,
            password=NEW_PASSWORD,
        )


def test_the_database_refuses_two_login_names_differing_only_by_case(commune_user):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="TRAMYTE")


def test_a_login_name_with_diacritics_or_spaces_is_refused(district_admin, tree):
    station = OrganisationFactory(unit=tree.commune)
    for username in ("trạmytế", "tram yte"):
        with pytest.raises(DomainError) as refused:
            services.user_create(
                actor=district_admin,
                jurisdiction=_jurisdiction(district_admin),
                username=username,
                full_name="Lò Thị Xuân",
                role=Role.COMMUNE_HEALTH,
                organisation=station,
                password=NEW_PASSWORD,
            )
        assert list(refused.value.errors) == ["username"]


def test_an_organisation_outside_the_jurisdiction_is_a_field_error(district_admin, tree):
    elsewhere = OrganisationFactory(unit=tree.other_commune)
    response = client_for(district_admin).post(CREATE, _form(elsewhere))
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"] == ["Tổ chức này không thuộc địa bàn bạn quản lý."]
    with pytest.raises(DomainError) as refused:
        services.user_create(
            actor=district_admin,
            jurisdiction=_jurisdiction(district_admin),
            username="tramyte_patan",
            full_name="Lò Thị Xuân",
            role=Role.COMMUNE_HEALTH,
            organisation=elsewhere,
            password=NEW_PASSWORD,
        )
    assert list(refused.value.errors) == ["organisation"]
    assert not User.objects.filter(username__in=["tramyte_san", "tramyte_patan"]).exists()


def test_a_province_organisation_is_above_a_district_administrator(district_admin, tree):
    """Placing someone at the province would hand out more than the district administrator sees."""
    department = OrganisationFactory(unit=tree.province, kind=OrganisationKind.HEALTH_DEPARTMENT)
    response = client_for(district_admin).post(CREATE, _form(department))
    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(username="tramyte_san").exists()


def test_only_a_system_administrator_grants_the_administrator_role(province_user, tree):
    station = OrganisationFactory(unit=tree.commune)
    with pytest.raises(DomainError) as refused:
        services.user_create(
            actor=province_user,
            jurisdiction=_jurisdiction(province_user),
            username="quantri_moi",
            full_name="Lò Văn Pọm",
            role=Role.SYSTEM_ADMIN,
            organisation=station,
            password=NEW_PASSWORD,
        )
    assert refused.value.errors == {"role": ["Chỉ quản trị hệ thống mới được cấp vai trò quản trị hệ thống."]}


def test_an_administrator_opens_another_administrators_account(province_admin, tree):
    centre = OrganisationFactory(unit=tree.district, kind=OrganisationKind.DISTRICT_HEALTH_CENTRE)
    response = client_for(province_admin).post(
        CREATE, _form(centre, username="quantri_huyen", role=Role.SYSTEM_ADMIN)
    )
    assert response.status_code == 302
    assert User.objects.get(username="quantri_huyen").role == Role.SYSTEM_ADMIN


def test_an_administrator_edits_role_organisation_and_active_flag(district_admin, commune_user, tree):
    team = OrganisationFactory(unit=tree.neighbour_commune, kind=OrganisationKind.COMMUNITY_TEAM)
    response = client_for(district_admin).post(
        _edit(commune_user),
        {"full_name": "Lò Văn Pọm", "role": Role.COMMUNITY_TEAM, "organisation": team.pk, "is_active": ""},
    )
    assert response.status_code == 302
    commune_user.refresh_from_db()
    assert (commune_user.role, commune_user.organisation, commune_user.is_active) == (
        Role.COMMUNITY_TEAM,
        team,
        False,
    )
    event = AuditEvent.objects.get(entity="accounts.user", action="update")
    assert event.changes["is_active"] == [True, False]
    assert event.changes["organisation"][1] == team.pk
    assert event.unit_path == tree.neighbour_commune.path


def test_an_administrator_cannot_disable_or_demote_themselves(district_admin, tree):
    with pytest.raises(DomainError) as refused:
        services.user_update(
            actor=district_admin,
            jurisdiction=_jurisdiction(district_admin),
            user=district_admin,
            full_name="Quản trị huyện",
            role=Role.OBSERVER,
            organisation=district_admin.organisation,
            is_active=False,
        )
    assert set(refused.value.errors) == {"role", "is_active"}
    district_admin.refresh_from_db()
    assert district_admin.role == Role.SYSTEM_ADMIN


def test_the_list_searches_login_and_full_name_without_diacritics(district_admin, tree):
    station = OrganisationFactory(unit=tree.commune)
    UserFactory(username="daotv", full_name="Đào Thị Vân", organisation=station)
    UserFactory(username="lopom", full_name="Lò Văn Pọm", organisation=station)
    client = client_for(district_admin)
    for query in ("dao thi", "Đào", "DAOTV", "van dao"):
        page = client.get(USERS, {"q": query}).content.decode()
        assert "Đào Thị Vân" in page, query
        assert "Lò Văn Pọm" not in page, query
    fragment = client.get(USERS, {"q": "pom"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Lò Văn Pọm" in fragment
    assert "<html" not in fragment


def test_the_list_shows_the_jurisdictions_users_only(district_admin, commune_user, outsider, province_user):
    page = client_for(district_admin).get(USERS).content.decode()
    assert "tramyte" in page
    assert "ngoaivung" not in page  # Sìn Hồ
    assert "soyte" not in page  # the province, above the district


def test_it_returns_404_outside_jurisdiction(district_admin, outsider, province_user):
    client = client_for(district_admin)
    for user in (outsider, province_user):
        assert client.get(_edit(user)).status_code == 404
        assert client.get(reverse("accounts:user_password", args=[user.pk])).status_code == 404
        response = client.post(
            _edit(user),
            {"full_name": "x", "role": Role.OBSERVER, "organisation": district_admin.organisation_id},
        )
        assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.role == Role.COMMUNE_HEALTH


def test_a_user_without_organisation_is_managed_by_a_province_administrator_only(
    province_admin, district_admin, homeless_user, tree
):
    assert client_for(district_admin).get(_edit(homeless_user)).status_code == 404
    assert "khongtochuc" not in client_for(district_admin).get(USERS).content.decode()

    client = client_for(province_admin)
    assert "khongtochuc" in client.get(USERS).content.decode()
    assert "chưa thuộc tổ chức nào" in client.get(_edit(homeless_user)).content.decode()
    password = reverse("accounts:user_password", args=[homeless_user.pk])
    client.post(password, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    reset = AuditEvent.objects.get(entity="accounts.user", entity_id=str(homeless_user.pk))
    assert reset.unit_path == tree.province.path  # filed where the province administrators read it
    department = OrganisationFactory(unit=tree.province, kind=OrganisationKind.HEALTH_DEPARTMENT)
    response = client.post(
        _edit(homeless_user),
        {
            "full_name": "Vàng A Dế",
            "role": Role.HEALTH_DEPARTMENT,
            "organisation": department.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert _jurisdiction(User.objects.get(pk=homeless_user.pk)).prefixes == (tree.province.path,)


def test_superusers_are_not_managed_from_these_pages(province_admin, tree):
    root = UserFactory(
        username="root", is_superuser=True, organisation=OrganisationFactory(unit=tree.commune)
    )
    assert client_for(province_admin).get(_edit(root)).status_code == 404


def test_others_get_403(province_user, commune_user):
    client = client_for(province_user)  # Sở Y tế: a wide jurisdiction is not a licence to manage accounts
    assert client.get(USERS).status_code == 403
    assert client.get(CREATE).status_code == 403
    assert client.get(_edit(commune_user)).status_code == 403
    assert client.get(reverse("accounts:user_password", args=[commune_user.pk])).status_code == 403
    assert "Người dùng" not in client.get(reverse("core:home")).content.decode()


def test_the_nav_shows_users_to_administrators(province_admin):
    page = client_for(province_admin).get(reverse("core:home")).content.decode()
    assert f'href="{USERS}"' in page


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(USERS).status_code == 200
    return len(queries)


def test_the_user_list_makes_no_query_per_row(province_admin, tree):
    client = client_for(province_admin)
    for index, unit in enumerate((tree.commune, tree.neighbour_commune)):
        station = OrganisationFactory(unit=unit)
        UserFactory(username=f"a{index}", organisation=station)
    few = _list_queries(client)
    for index, unit in enumerate((tree.commune, tree.other_commune, tree.district) * 4):
        station = OrganisationFactory(unit=unit)
        UserFactory(username=f"b{index}", organisation=station, full_name=f"Người {index}")
    assert _list_queries(client) == few
    assert selectors.user_list(jurisdiction=_jurisdiction(province_admin)).count() == 15
