"""An administrator sets a new password for someone who forgot theirs or locked themselves out."""

import datetime as dt
import json

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from conftest import client_for
from phaodai.accounts import services
from phaodai.accounts.tests.factories import PASSWORD
from phaodai.core.access import access_for_user
from phaodai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Ban-moi-cua-tram-y-te-2021"


def _url(user):
    return reverse("accounts:user_password", args=[user.pk])


def _login(username, password):
    return Client().post(reverse("accounts:login"), {"username": username, "password": password})


def _lock(user):
    user.failed_logins, user.locked_until = 3, timezone.now() + dt.timedelta(minutes=15)
    user.save(update_fields=["failed_logins", "locked_until"])


def test_a_reset_lifts_the_lockout_and_is_audited_without_the_password(district_admin, commune_user, tree):
    _lock(commune_user)
    client = client_for(district_admin)
    assert "đang tạm khoá" in client.get(_url(commune_user)).content.decode()
    response = client.post(_url(commune_user), {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert response.status_code == 302

    commune_user.refresh_from_db()
    assert (commune_user.failed_logins, commune_user.locked_until) == (0, None)
    assert _login("tramyte", NEW_PASSWORD).status_code == 302
    assert _login("tramyte", PASSWORD).status_code == 200  # the old password no longer works

    event = AuditEvent.objects.get(entity="accounts.user", entity_id=str(commune_user.pk))
    assert event.actor == district_admin
    assert event.unit_path == tree.commune.path
    assert event.changes == {"password_reset": True, "lockout_cleared": True, "tokens_revoked": 0}
    recorded = json.dumps(event.changes) + event.summary
    assert NEW_PASSWORD not in recorded
    assert commune_user.password not in recorded


def test_a_reset_revokes_the_accounts_api_tokens(district_admin, commune_user):
    Token.objects.create(user=commune_user)
    services.user_set_password(
        actor=district_admin,
        jurisdiction=access_for_user(district_admin).jurisdiction,
        user=commune_user,
        password=NEW_PASSWORD,
    )
    assert not Token.objects.filter(user=commune_user).exists()


def test_a_weak_password_is_refused_and_the_old_one_still_works(district_admin, commune_user):
    response = client_for(district_admin).post(
        _url(commune_user), {"password": "tramyte123", "password_confirm": "tramyte123"}
    )
    assert response.status_code == 200
    assert "Mật khẩu quá ngắn: cần ít nhất 12 ký tự." in response.context["form"].errors["password"]
    assert _login("tramyte", PASSWORD).status_code == 302
    assert not AuditEvent.objects.filter(entity="accounts.user").exists()


def test_the_confirmation_must_match(district_admin, commune_user):
    response = client_for(district_admin).post(
        _url(commune_user), {"password": NEW_PASSWORD, "password_confirm": "khac"}
    )
    assert response.context["form"].errors["password_confirm"] == ["Hai lần nhập mật khẩu không khớp."]
    assert _login("tramyte", PASSWORD).status_code == 302


def test_an_administrator_resetting_their_own_password_stays_signed_in(district_admin):
    client = client_for(district_admin)
    client.post(_url(district_admin), {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert client.get(reverse("accounts:users")).status_code == 200


def test_it_returns_404_outside_jurisdiction(other_district_admin, commune_user):
    response = client_for(other_district_admin).post(
        _url(commune_user), {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    )
    assert response.status_code == 404
    assert _login("tramyte", PASSWORD).status_code == 302
    with pytest.raises(Http404):  # the service checks too: a caller that skipped the selector fails closed
        services.user_set_password(
            actor=other_district_admin,
            jurisdiction=access_for_user(other_district_admin).jurisdiction,
            user=commune_user,
            password=NEW_PASSWORD,
        )


def test_others_get_403(province_user, commune_user):
    response = client_for(province_user).post(
        _url(commune_user), {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    )
    assert response.status_code == 403
    assert _login("tramyte", PASSWORD).status_code == 302
