"""API tokens: a valid one signs in (its user's organisation loaded with it), a bad or disabled one is
refused in Vietnamese."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from phaodai.accounts.tokens import OrganisationTokenAuthentication

pytestmark = pytest.mark.django_db


def test_a_token_brings_its_users_organisation_in_one_query(province_user):
    token = Token.objects.create(user=province_user)
    with CaptureQueriesContext(connection) as queries:
        user, _token = OrganisationTokenAuthentication().authenticate_credentials(token.key)
        assert user.organisation.name == province_user.organisation.name
    assert len(queries.captured_queries) == 1


def test_an_unknown_or_disabled_token_is_refused_in_vietnamese(province_user):
    client = Client(HTTP_AUTHORIZATION="Token khong-co")
    assert "không hợp lệ" in client.get("/api/persons/").json()["detail"]
    token = Token.objects.create(user=province_user)
    province_user.is_active = False
    province_user.save()
    refused = Client(HTTP_AUTHORIZATION=f"Token {token.key}").get("/api/persons/")
    assert refused.status_code == 401
    assert "khoá" in refused.json()["detail"]
