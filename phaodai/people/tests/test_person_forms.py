"""Creating and editing through the HTML form and the API: Vietnamese errors by field, nothing half-saved."""

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _form(tree, **overrides):
    data = {
        "full_name": "Sùng A Dính",
        "birth_year": "1985",
        "sex": "M",
        "unit": tree.village.pk,
        "ethnicity": "12",
        "national_id": "",
        "phone": "",
    }
    data.update(overrides)
    return data


def test_bad_id_shows_the_error_next_to_the_field(tree, commune_user):
    response = client_for(commune_user).post(reverse("people:create"), _form(tree, national_id="12345"))
    assert response.status_code == 200
    page = response.content.decode()
    field = page[page.index('id="field-national_id"') :]
    assert "Số CCCD phải có 12 chữ số" in field[: field.index("</div>\n")]
    assert not Person.objects.exists()


def test_a_valid_form_saves_and_redirects_to_the_record(tree, commune_user):
    response = client_for(commune_user).post(
        reverse("people:create"), _form(tree, national_id="012085000111")
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.unit_path == tree.village.path


def test_a_unit_outside_the_jurisdiction_is_not_offered(tree, commune_user):
    response = client_for(commune_user).post(
        reverse("people:create"), _form(tree, unit=tree.other_commune.pk)
    )
    assert "Đơn vị này không thuộc địa bàn bạn quản lý." in response.content.decode()
    assert not Person.objects.exists()


def test_observer_cannot_create(tree):
    from conftest import _user
    from phaodai.accounts.models import OrganisationKind
    from phaodai.accounts.roles import Role

    observer = _user(tree.province, Role.OBSERVER, OrganisationKind.STEERING_COMMITTEE, "quansat")
    assert client_for(observer).post(reverse("people:create"), _form(tree)).status_code == 403
    assert not Person.objects.exists()


def test_api_create_returns_vietnamese_errors_by_field(tree, commune_user):
    payload = _form(tree, national_id="12345", birth_year=1985)
    response = client_for(commune_user).post("/api/persons/", payload, content_type="application/json")
    assert response.status_code == 400
    assert "12 chữ số" in response.json()["errors"]["national_id"][0]
    assert not Person.objects.exists()


def test_api_missing_fields_are_named_in_vietnamese(tree, commune_user):
    response = client_for(commune_user).post("/api/persons/", {}, content_type="application/json")
    errors = response.json()["errors"]
    assert {"full_name", "birth_year", "sex", "unit"} <= set(errors)
    assert errors["full_name"] == ["Trường này là bắt buộc."]


def test_api_create_and_update(tree, commune_user):
    client = client_for(commune_user)
    created = client.post("/api/persons/", _form(tree, birth_year=1985), content_type="application/json")
    assert created.status_code == 201
    pk = created.json()["id"]
    updated = client.put(
        f"/api/persons/{pk}/", _form(tree, phone="0987654321"), content_type="application/json"
    )
    assert updated.status_code == 200
    assert Person.objects.get(pk=pk).phone == "0987654321"


def test_api_refuses_a_unit_outside_the_jurisdiction(tree, commune_user):
    payload = _form(tree, unit=tree.other_commune.pk)
    response = client_for(commune_user).post("/api/persons/", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["unit"] == ["Đơn vị không tồn tại hoặc không thuộc địa bàn bạn quản lý."]
    assert not Person.objects.exists()


def test_api_garbage_json_is_a_400_not_a_500(tree, commune_user):
    response = client_for(commune_user).post("/api/persons/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_delete_is_audited_and_scoped(tree, district_user):
    person = make_person(tree.commune, "Vàng Thị Mỷ", sex="F")
    response = client_for(district_user).post(reverse("people:delete", args=[person.pk]))
    assert response.status_code == 302
    assert not Person.objects.exists()
    from phaodai.core.models import AuditAction, AuditEvent

    deleted = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert deleted.actor == district_user
    assert deleted.changes["full_name"] == "Vàng Thị Mỷ"
