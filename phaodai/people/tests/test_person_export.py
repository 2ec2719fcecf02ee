"""Exports stream CSV of the caller's jurisdiction only, keep IDs as text, and are audited."""

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _body(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_list_export_streams_only_the_jurisdiction(tree, district_user):
    make_person(tree.commune, "Lò Văn Pọm", national_id="012085001234", phone="0912345678")
    make_person(tree.other_commune, "Tẩn Láo Lở")
    response = client_for(district_user).get(reverse("people:export_list"))
    assert response.streaming
    body = _body(response)
    assert body.splitlines()[0].startswith('"Họ và tên"')
    assert '"012085001234"' in body
    assert '"0912345678"' in body
    assert "Tẩn Láo Lở" not in body
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.row_count == 1
    assert event.actor == district_user


def test_list_export_follows_the_search(tree, commune_user):
    make_person(tree.commune, "Lò Văn Pọm")
    make_person(tree.commune, "Vàng A Sủ")
    body = _body(client_for(commune_user).get(reverse("people:export_list"), {"q": "vang"}))
    assert "Vàng A Sủ" in body
    assert "Lò Văn Pọm" not in body


def test_it_returns_404_outside_jurisdiction(tree, outsider):
    person = make_person(tree.commune, "Lò Văn Pọm")
    assert client_for(outsider).get(reverse("people:export", args=[person.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_one_record_export_is_audited(tree, commune_user):
    person = make_person(tree.commune, "Lò Văn Pọm")
    body = _body(client_for(commune_user).get(reverse("people:export", args=[person.pk])))
    assert "Lò Văn Pọm" in body
    assert AuditEvent.objects.get(action=AuditAction.EXPORT).entity_id == str(person.pk)


def test_community_team_cannot_export(tree):
    from conftest import _user
    from phaodai.accounts.models import OrganisationKind
    from phaodai.accounts.roles import Role

    team = _user(tree.commune, Role.COMMUNITY_TEAM, OrganisationKind.COMMUNITY_TEAM, "tocovid")
    assert client_for(team).get(reverse("people:export_list")).status_code == 403


def test_text_that_looks_like_a_formula_is_defused(tree, commune_user):
    person = make_person(tree.commune, "Lò Văn Pọm", address='=HYPERLINK("http://x.invalid","bấm")')
    body = _body(client_for(commune_user).get(reverse("people:export", args=[person.pk])))
    assert "\"'=HYPERLINK(" in body
