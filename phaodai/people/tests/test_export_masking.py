"""The person CSV downloads show the full CCCD and phone only to roles that act on them."""

import pytest
from django.urls import reverse

from conftest import _user, client_for
from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def steering(tree):
    """Exports the person list, but without the right to the full numbers."""
    return _user(tree.province, Role.PROVINCIAL_STEERING, OrganisationKind.STEERING_COMMITTEE, "bcd")


@pytest.fixture
def person(tree):
    return make_person(tree.commune, "Lò Văn Pọm", national_id="012085001234", phone="0912345678")


def _body(user, url):
    return b"".join(client_for(user).get(url).streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]


@pytest.mark.parametrize("download", ["list", "record"])
def test_a_role_without_the_right_to_the_numbers_gets_them_masked(steering, person, download):
    url = reverse("people:export_list") if download == "list" else reverse("people:export", args=[person.pk])
    body = _body(steering, url)
    assert "Lò Văn Pọm" in body
    assert '"0120******34"' in body
    assert '"0912***678"' in body
    assert "012085001234" not in body
    assert "0912345678" not in body


@pytest.mark.parametrize("download", ["list", "record"])
def test_a_role_that_acts_on_the_numbers_gets_them_in_full(district_user, person, download):
    url = reverse("people:export_list") if download == "list" else reverse("people:export", args=[person.pk])
    body = _body(district_user, url)
    assert '"012085001234"' in body
    assert '"0912345678"' in body
