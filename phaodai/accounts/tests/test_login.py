import pytest
from django.test import Client, override_settings
from django.urls import reverse

from phaodai.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(username, password):
    return Client().post(reverse("accounts:login"), {"username": username, "password": password})


def test_right_password_signs_in(commune_user):
    response = _login("tramyte", PASSWORD)
    assert response.status_code == 302


def test_wrong_password_says_so_in_vietnamese(commune_user):
    response = _login("tramyte", "sai-mat-khau")
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


@override_settings(LOCKOUT_MAX_FAILURES=3)
def test_repeated_failures_lock_the_account_even_for_the_right_password(commune_user):
    for _ in range(3):
        _login("tramyte", "sai-mat-khau")
    response = _login("tramyte", PASSWORD)
    assert response.status_code == 200
    assert "Tài khoản tạm khoá" in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(tree):
    response = Client().get(reverse("people:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_api_refuses_anonymous_callers(tree):
    assert Client().get("/api/persons/").status_code in (401, 403)


def test_token_auth_resolves_to_the_users_jurisdiction(commune_user, tree):
    from rest_framework.authtoken.models import Token

    from phaodai.people.tests.factories import make_person

    make_person(tree.commune, "Lò Văn Pọm")
    make_person(tree.other_commune, "Tẩn Láo Lở")
    token = Token.objects.create(user=commune_user)
    response = Client().get("/api/persons/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert [row["full_name"] for row in response.json()["results"]] == ["Lò Văn Pọm"]


def test_home_shows_real_counts_for_the_jurisdiction(commune_user, tree):
    from conftest import client_for
    from phaodai.people.tests.factories import make_person

    make_person(tree.commune, "Lò Văn Pọm")
    make_person(tree.other_commune, "Tẩn Láo Lở")
    page = client_for(commune_user).get(reverse("core:home")).content.decode()
    assert '<span class="value">1</span><span class="label">Người dân</span>' in page


def test_language_can_be_switched_to_english(commune_user):
    from conftest import client_for

    client = client_for(commune_user)
    client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get(reverse("core:home")).content.decode()


def test_a_token_is_obtained_with_the_password_and_respects_the_lockout(commune_user):
    client = Client()
    response = client.post("/api/token/", {"username": "tramyte", "password": PASSWORD})
    assert response.status_code == 200
    assert len(response.json()["token"]) == 40
    assert client.post("/api/token/", {"username": "tramyte", "password": "sai"}).status_code == 400
