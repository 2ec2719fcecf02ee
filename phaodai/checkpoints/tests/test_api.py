"""The API a barrier app uses: passages recorded through the same service (201 or 400 with the
Vietnamese reason), lists cut to the caller's area, follow-ups closed by the commune."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.checkpoints.models import FollowUp, Passage
from phaodai.checkpoints.tests.factories import other_map_commune

pytestmark = pytest.mark.django_db


def _post(client, payload):
    return client.post(reverse("passage-list"), payload, content_type="application/json")


def test_a_passage_is_recorded_or_refused_with_the_reason(officer, checkpoint, places, tree):
    client = client_for(officer)
    base = {
        "checkpoint": checkpoint.pk,
        "direction": "in",
        "purpose": "home",
        "decision": "pass",
        "full_name": "Lò Văn Pọm",
        "national_id": "012345678901",
    }
    created = _post(
        client,
        {
            **base,
            "plate": "29-b1 12345",
            "origin": places.hanoi_commune.pk,
            "destination": tree.commune.pk,
            "test_kind": "pcr",
            "test_outcome": "negative",
            "test_taken_at": "2021-11-19T08:00:00+07:00",
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["plate"], body["test_valid"], body["zone_level"]) == ("29-B1 123.45", True, 4)
    assert FollowUp.objects.filter(passage_id=body["id"]).exists()
    refused = _post(
        client,
        {
            **base,
            "test_kind": "rapid",
            "test_outcome": "negative",
            "test_taken_at": "2021-11-21T08:00:00+07:00",
        },
    )
    assert refused.status_code == 400
    assert "ở sau thời điểm qua chốt" in refused.json()["errors"]["test_taken_at"][0]
    other_map = _post(client, {**base, "origin": other_map_commune("80", "27694").pk})
    assert other_map.status_code == 400
    assert "không chuyển đổi được" in other_map.json()["detail"]
    assert Passage.objects.count() == 1


def test_lists_are_cut_to_the_callers_area(officer, outside_officer, checkpoint):
    _post(
        client_for(officer),
        {
            "checkpoint": checkpoint.pk,
            "direction": "in",
            "purpose": "goods",
            "decision": "pass",
            "plate": "29A12345",
        },
    )
    mine = client_for(officer).get(reverse("passage-list"), {"checkpoint": checkpoint.pk}).json()
    assert [row["plate"] for row in mine["results"]] == ["29A-123.45"]
    outside = client_for(outside_officer)
    assert outside.get(reverse("passage-list"), {"checkpoint": checkpoint.pk}).status_code == 404
    assert outside.get(reverse("checkpoint-list")).json()["count"] == 0
    refused = _post(
        outside,
        {
            "checkpoint": checkpoint.pk,
            "direction": "in",
            "purpose": "goods",
            "decision": "pass",
            "plate": "29A12345",
        },
    )
    assert refused.status_code == 400
    assert "Chốt không tồn tại" in refused.json()["errors"]["checkpoint"][0]


def test_the_commune_closes_a_follow_up_over_the_api(officer, team, outsider, checkpoint, places, tree):
    body = _post(
        client_for(officer),
        {
            "checkpoint": checkpoint.pk,
            "direction": "in",
            "purpose": "home",
            "decision": "pass",
            "full_name": "Lò Thị Mai",
            "origin": places.hanoi_commune.pk,
            "destination": tree.commune.pk,
        },
    ).json()
    item = FollowUp.objects.get(passage_id=body["id"])
    url = reverse("arrival-follow-up-close", args=[item.pk])
    assert (
        client_for(outsider).post(url, {"outcome": "x"}, content_type="application/json").status_code == 404
    )
    listed = client_for(team).get(reverse("arrival-follow-up-list")).json()
    assert [row["full_name"] for row in listed["results"]] == ["Lò Thị Mai"]
    closed = client_for(team).post(url, {"outcome": "Đã xét nghiệm âm tính"}, content_type="application/json")
    assert closed.json()["status"] == "closed"
    assert dt.date.fromisoformat(closed.json()["due_on"]) == dt.date(2021, 11, 21)
