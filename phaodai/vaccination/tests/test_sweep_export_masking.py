"""The sweep list download shows the full phone only to roles that act on the numbers."""

import pytest
from django.urls import reverse

from conftest import _user, client_for
from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(tree):
    return make_person(tree.village, "Lò Văn Già", birth_year=1950, phone="0912345678")


def _body(user, tree):
    response = client_for(user).get(reverse("vaccination:sweep_export"), {"xa": tree.commune.pk})
    return b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]


def test_a_role_without_the_right_to_the_numbers_gets_the_phone_masked(tree, resident):
    steering = _user(tree.province, Role.PROVINCIAL_STEERING, OrganisationKind.STEERING_COMMITTEE, "bcd")
    body = _body(steering, tree)
    assert "Lò Văn Già" in body
    assert '"0912***678"' in body
    assert "0912345678" not in body


def test_a_role_that_acts_on_the_numbers_gets_the_full_phone(tree, commune_user, resident):
    assert '"0912345678"' in _body(commune_user, tree)
