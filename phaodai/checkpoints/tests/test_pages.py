"""The pages: the barrier form (one-tap choices from this checkpoint's recent passages, defaults from the
last one), the checkpoint's day, the dashboards, the arrivals worklist, zones; outsiders get 404."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.checkpoints.models import FollowUp, Passage, Zone
from phaodai.checkpoints.reference import Decision
from phaodai.checkpoints.tests.factories import at, record

pytestmark = pytest.mark.django_db
TODAY = dt.date(2021, 11, 20)


@pytest.fixture
def seen(checkpoint, places, tree):
    """Yesterday's traffic: what the barrier form offers as one tap today."""
    yesterday = TODAY - dt.timedelta(days=1)
    for hour in (7, 8, 9):
        record(
            checkpoint,
            at=at(yesterday, hour),
            plate="25C-123.45",
            origin=places.dien_bien,
            destination=tree.commune,
        )
    record(
        checkpoint,
        at=at(yesterday, 10),
        plate="",
        full_name="Lò Văn Pọm",
        national_id="012345678901",
        origin=places.dien_bien,
        destination=tree.commune,
    )
    return checkpoint


def test_the_barrier_form_offers_recent_vehicles_people_and_places_as_one_tap(officer, seen, places):
    page = client_for(officer).get(reverse("checkpoints:passage_new", args=[seen.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="25C-123.45"' in html
    assert "Lò Văn Pọm" in html
    assert f'value="{places.dien_bien.pk}" class="chip" id="id_origin_pick_1" checked' in html.replace(
        "\n", ""
    )


def test_one_tap_entries_record_a_passage_and_come_back_for_the_next(officer, seen, places, tree):
    form = {
        "direction": "in",
        "plate_pick": "25C-123.45",
        "origin_pick": places.dien_bien.pk,
        "destination_pick": tree.commune.pk,
        "purpose": "goods",
        "decision": "pass",
    }
    response = client_for(officer).post(reverse("checkpoints:passage_new", args=[seen.pk]), form)
    assert response.status_code == 302
    passage = Passage.objects.get(day=TODAY)
    assert (passage.plate, passage.origin, passage.recorded_by) == ("25C-123.45", places.dien_bien, officer)


def test_a_typed_plate_in_a_wrong_format_comes_back_with_the_message(officer, checkpoint):
    form = {"direction": "in", "plate": "ABC", "purpose": "goods", "decision": "pass"}
    response = client_for(officer).post(reverse("checkpoints:passage_new", args=[checkpoint.pk]), form)
    assert response.status_code == 200
    assert "không đúng dạng biển số Việt Nam" in response.content.decode()
    assert Passage.objects.count() == 0


def test_the_day_page_shows_counters_and_the_latest_passages(officer, checkpoint):
    record(
        checkpoint, at=at(TODAY, 9), plate="30E-123.45", decision=Decision.TURNED_BACK, reason="Không giấy"
    )
    html = client_for(officer).get(reverse("checkpoints:today", args=[checkpoint.pk])).content.decode()
    assert "30E-123.45" in html
    assert "Không giấy" in html
    assert '<span class="value">1</span><span class="label">Quay đầu</span>' in html


def test_the_commune_sees_and_closes_its_arrivals(team, checkpoint, places, tree):
    record(
        checkpoint, plate="", full_name="Lò Thị Mai", origin=places.hanoi_commune, destination=tree.commune
    )
    client = client_for(team)
    html = client.get(reverse("checkpoints:arrivals")).content.decode()
    assert "Lò Thị Mai" in html
    assert "Cách ly" in html
    item = FollowUp.objects.get()
    client.post(reverse("checkpoints:follow_up_close", args=[item.pk]), {"outcome": "Đã cách ly tại nhà"})
    item.refresh_from_db()
    assert item.status == "closed"


def test_the_dashboard_reads_the_counters(district_user, checkpoint, places, tree):
    record(checkpoint, at=at(TODAY, 9), origin=places.hanoi_commune, destination=tree.commune)
    html = client_for(district_user).get(reverse("checkpoints:dashboard")).content.decode()
    assert "Chốt Ma Lù Thàng" in html
    assert "1/0/0" in html
    assert "Thành phố Hà Nội" in html


def test_a_health_lead_lists_a_zone_by_code(province_user, places):
    client = client_for(province_user)
    response = client.post(
        reverse("checkpoints:zones"),
        {"unit_code": "11", "level": 3, "valid_from": "15/11/2021", "reason": "Thông báo số 12/TB-BCĐ"},
    )
    assert response.status_code == 302
    assert Zone.objects.get(unit=places.dien_bien).level == 3
    assert "Đã giao xã theo dõi" not in client.get(response["Location"]).content.decode()  # none earlier
    refused = client.post(
        reverse("checkpoints:zones"),
        {"unit_code": "77777", "level": 3, "valid_from": "15/11/2021", "reason": "x"},
    )
    assert "Không có đơn vị mang mã này" in refused.content.decode()


def test_listing_a_zone_from_a_past_day_says_how_many_earlier_arrivals_went_to_the_communes(
    province_user, checkpoint, places, tree
):
    record(
        checkpoint,
        at=at(TODAY, 8),
        plate="",
        full_name="Lò Văn Sáng",
        origin=places.dien_bien,
        destination=tree.commune,
    )
    client = client_for(province_user)
    response = client.post(
        reverse("checkpoints:zones"),
        {"unit_code": "11", "level": 4, "valid_from": "15/11/2021", "reason": "Thông báo số 12/TB-BCĐ"},
        follow=True,
    )
    assert "Đã giao xã theo dõi 1 người đến từ vùng này từ ngày 15/11/2021." in response.content.decode()
    assert FollowUp.objects.get().unit == tree.commune


def test_it_returns_404_outside_jurisdiction(outside_officer, outsider, checkpoint, places, tree):
    record(
        checkpoint, plate="", full_name="Lò Thị Mai", origin=places.hanoi_commune, destination=tree.commune
    )
    client = client_for(outside_officer)
    for name in ("today", "passage_new", "handover_new"):
        assert client.get(reverse(f"checkpoints:{name}", args=[checkpoint.pk])).status_code == 404
    item = FollowUp.objects.get()
    assert (
        client_for(outsider)
        .post(reverse("checkpoints:follow_up_close", args=[item.pk]), {"outcome": "x"})
        .status_code
        == 404
    )
    assert "Lò Thị Mai" not in client_for(outsider).get(reverse("checkpoints:arrivals")).content.decode()


def test_pages_need_the_permission(team, checkpoint):
    assert client_for(team).get(reverse("checkpoints:passage_new", args=[checkpoint.pk])).status_code == 403


def test_the_home_page_counts_todays_passages_and_overdue_arrivals(officer, team, checkpoint, places, tree):
    record(
        checkpoint,
        at=at(TODAY - dt.timedelta(days=3), 9),
        origin=places.hanoi_commune,
        destination=tree.commune,
    )
    record(checkpoint, at=at(TODAY, 9))
    officer_home = client_for(officer).get(reverse("core:home")).content.decode()
    assert '<span class="value">1</span><span class="label">Lượt qua chốt hôm nay</span>' in officer_home
    team_home = client_for(team).get(reverse("core:home")).content.decode()
    assert (
        '<span class="value">1</span><span class="label">Người đến từ vùng dịch quá hạn theo dõi' in team_home
    )
