"""The barrier's hot path: a passage POSTed through the API costs a pinned number of queries (the
caller's token, user and served units, the rule version in force, the units named and the origin's zone
come from the memo), and the memo never outlives a change made in this process: a new rule version,
served units, a pending placement, a zone, a locked account or a deleted token count at once."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models.signals import post_save, pre_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from phaodai.checkpoints import rulesets, services
from phaodai.checkpoints.models import Passage
from phaodai.command.metrics import SOURCE_OF
from phaodai.core import rules
from phaodai.core.models import AuditEvent
from phaodai.geo.models import UnplacedRow

pytestmark = pytest.mark.django_db

# checkpoint, vehicle, passage, counters (one statement on PostgreSQL, two on SQLite), audit; the test's
# SAVEPOINT/RELEASE stand where a request has BEGIN/COMMIT.
QUERIES = {"postgresql": 7, "sqlite": 8}


def _client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def _passage(client, checkpoint, places, tree, **fields):
    payload = {
        "checkpoint": checkpoint.pk,
        "direction": "in",
        "purpose": "goods",
        "decision": "pass",
        "plate": "29A12345",
        "origin": places.dien_bien.pk,
        "destination": tree.commune.pk,
        "test_kind": "rapid",
        "test_outcome": "negative",
        "test_taken_at": "2021-11-20T08:00:00+07:00",
        **fields,
    }
    return client.post(reverse("passage-list"), payload, format="json")


def test_a_passage_post_costs_a_pinned_number_of_queries(memo_on, officer, checkpoint, places, tree):
    client = _client(officer)
    assert _passage(client, checkpoint, places, tree).status_code == 201  # fills the memo
    with CaptureQueriesContext(connection) as queries:
        response = _passage(client, checkpoint, places, tree)
    assert response.status_code == 201, response.json()
    assert len(queries) == QUERIES[connection.vendor], "\n".join(q["sql"][:120] for q in queries)


def test_a_new_rule_version_counts_from_the_next_passage(memo_on, officer, checkpoint, places, tree):
    client = _client(officer)
    first = _passage(client, checkpoint, places, tree).json()
    assert first["test_valid"] is True
    base = rules.in_force(rulesets.TEST_VALIDITY, on=dt.date(2021, 11, 20), unit_path=checkpoint.unit_path)
    variant = rules.adopt_variant(
        actor=None,
        base=base,
        unit_path=tree.province.path,
        code="LC-NHANH-6",
        effective_from=dt.date(2021, 11, 19),
        params={**base.params, "rapid_hours": 6},
        note="Quyết định của UBND tỉnh (thử)",
    )
    second = _passage(client, checkpoint, places, tree).json()
    assert (second["test_rules"], second["test_valid"]) == (variant.pk, False)


def test_served_units_changed_count_from_the_next_request(memo_on, officer, checkpoint, places, tree):
    client = _client(officer)
    assert _passage(client, checkpoint, places, tree).status_code == 201
    officer.organisation.served_units.set([tree.other_district])
    refused = _passage(client, checkpoint, places, tree)
    assert refused.status_code == 400
    assert "checkpoint" in refused.json()["errors"]
    officer.organisation.served_units.clear()
    assert _passage(client, checkpoint, places, tree).status_code == 201


def test_an_organisation_awaiting_placement_sees_nothing_from_the_next_request(
    memo_on, officer, checkpoint, tree
):
    client = _client(officer)
    assert client.get(reverse("checkpoint-list")).json()["count"] == 1
    UnplacedRow.objects.create(
        model_label="accounts.organisation",
        row_id=officer.organisation.pk,
        old_unit=tree.district,
        unit=tree.province,
        unit_path=tree.province.path,
    )
    assert client.get(reverse("checkpoint-list")).status_code == 403


def test_a_zone_declared_counts_from_the_next_arrival(memo_on, officer, checkpoint, places, tree):
    client = _client(officer)
    assert _passage(client, checkpoint, places, tree).json()["zone_level"] is None  # memoised: no zone
    services.zone_create(
        actor=None,
        unit=places.dien_bien,
        level=3,
        valid_from=dt.date(2021, 11, 19),
        valid_to=None,
        reason="Thông báo của Bộ Y tế (thử)",
    )
    assert _passage(client, checkpoint, places, tree).json()["zone_level"] == 3


def test_a_locked_account_is_refused_from_the_next_request(memo_on, officer, checkpoint, places, tree):
    client = _client(officer)
    assert _passage(client, checkpoint, places, tree).status_code == 201  # token memoised
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert _passage(client, checkpoint, places, tree).status_code in (401, 403)


def test_a_deleted_token_is_refused_from_the_next_request(memo_on, officer, checkpoint, places, tree):
    client = _client(officer)
    assert _passage(client, checkpoint, places, tree).status_code == 201
    Token.objects.filter(user=officer).get().delete()
    assert _passage(client, checkpoint, places, tree).status_code in (401, 403)


def test_a_closed_checkpoint_refuses_the_next_passage(memo_on, officer, checkpoint, places, tree):
    client = _client(officer)
    assert _passage(client, checkpoint, places, tree).status_code == 201
    services.checkpoint_close(actor=None, checkpoint=checkpoint, closed_on=dt.date(2021, 11, 20))
    refused = _passage(client, checkpoint, places, tree)
    assert refused.status_code == 400
    assert "không hoạt động" in refused.json()["errors"]["checkpoint"][0]


def test_passages_and_audit_rows_need_no_signal():
    """``core.rows.insert_row`` writes them and sends no signals: the only receivers for them are the daily
    counts' catch-all ones, which count neither (a receiver added for them would silently miss rows)."""
    catch_all = {"phaodai.command.receivers._remember", "phaodai.command.receivers._saved"}
    for model in (Passage, AuditEvent):
        assert model not in SOURCE_OF
        for signal in (pre_save, post_save):
            sync, asynchronous = signal._live_receivers(model)
            assert {f"{r.__module__}.{r.__qualname__}" for r in [*sync, *asynchronous]} <= catch_all
