"""The access log (Personal Data Protection Law): who opened or changed which record, for administrators."""

import pytest
from django.urls import reverse

from conftest import _user, client_for
from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_an_administrator_sees_who_opened_a_record(tree, commune_user):
    person = make_person(tree.commune, "Lò Văn Pọm")
    client_for(commune_user).get(reverse("people:detail", args=[person.pk]))
    admin = _user(tree.province, Role.SYSTEM_ADMIN, OrganisationKind.HEALTH_DEPARTMENT, "quantri")
    page = client_for(admin).get(reverse("core:audit"), {"action": "view"}).content.decode()
    assert "tramyte" in page
    assert "Lò Văn Pọm" in page


def test_other_roles_cannot_read_the_log(tree, commune_user):
    assert client_for(commune_user).get(reverse("core:audit")).status_code == 403


def test_an_administrator_of_another_district_does_not_see_these_events(tree, commune_user):
    person = make_person(tree.commune, "Lò Văn Pọm")
    client_for(commune_user).get(reverse("people:detail", args=[person.pk]))
    admin = _user(tree.other_district, Role.SYSTEM_ADMIN, OrganisationKind.HEALTH_DEPARTMENT, "quantri2")
    response = client_for(admin).get(reverse("core:audit"))
    assert response.status_code == 200
    assert "Lò Văn Pọm" not in response.content.decode()
