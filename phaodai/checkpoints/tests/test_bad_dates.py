"""Dates at the edge of the calendar (year 1, year 9999) in queries, forms and the API get a clear answer
naming the field, never a server error."""

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.checkpoints.models import DutyShift, Passage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", ["0001-01-01", "0001-01-13"])
def test_the_dashboard_for_a_day_at_the_start_of_the_calendar_falls_back_to_today(officer, checkpoint, day):
    page = client_for(officer).get(f"/chot-kiem-soat/tong-hop/?ngay={day}")
    assert page.status_code == 200
    assert page.context["until"].year == 2021


def test_a_shift_starting_in_year_one_is_refused_naming_the_start(officer, checkpoint):
    data = {"starts_at": "0001-01-01T00:00", "ends_at": "0001-01-01T08:00", "leader": "Lò Văn Sáng"}
    response = client_for(officer).post(f"/chot-kiem-soat/{checkpoint.pk}/ca-truc/", data, follow=True)
    assert response.status_code == 200
    assert "bắt đầu ca" in " ".join(str(m) for m in response.context["messages"])
    assert not DutyShift.objects.exists()


def test_a_test_sampled_in_year_one_is_refused_on_the_barrier_form(officer, checkpoint):
    data = {
        "direction": "in",
        "purpose": "home",
        "decision": "pass",
        "full_name": "Lò Văn Pọm",
        "test_kind": "pcr",
        "test_outcome": "negative",
        "test_taken_at": "0001-01-01T00:00",
    }
    page = client_for(officer).post(f"/chot-kiem-soat/{checkpoint.pk}/qua-chot/", data)
    assert page.status_code == 200
    assert page.context["form"].errors["test_taken_at"]
    assert not Passage.objects.exists()


@pytest.mark.parametrize(
    "extra",
    [
        {"at": "0001-01-01T00:00:00"},
        {"test_kind": "pcr", "test_outcome": "negative", "test_taken_at": "0001-01-01T00:00:00"},
    ],
)
def test_the_api_refuses_a_year_one_time_naming_the_field(officer, checkpoint, extra):
    payload = {
        "checkpoint": checkpoint.pk,
        "direction": "in",
        "purpose": "home",
        "decision": "pass",
        "full_name": "Lò Văn Pọm",
        **extra,
    }
    response = client_for(officer).post(reverse("passage-list"), payload, content_type="application/json")
    assert response.status_code == 400
    field = next(iter(set(extra) - {"test_kind", "test_outcome"}))
    assert "Ngày" in response.json()["errors"][field][0]
    assert not Passage.objects.exists()
