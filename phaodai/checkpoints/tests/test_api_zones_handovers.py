"""Zones and handovers over the API: zones are national (any checkpoint user reads them, a manager lists
and ends them where they were declared); handovers are cut to the caller's area (404 outside), recorded
through the same service as the page, refused with the reason."""

import pytest
from django.urls import reverse

from conftest import _user, client_for
from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.checkpoints.models import Handover, Zone
from phaodai.checkpoints.tests.factories import make_checkpoint
from phaodai.checkpoints.transport import handover_record
from phaodai.core.scoping import Jurisdiction

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_lead(tree):
    return _user(tree.district, Role.DISTRICT_HEALTH, OrganisationKind.DISTRICT_HEALTH_CENTRE, "ttyt_pt")


@pytest.fixture
def province_lead(tree):
    return _user(tree.province, Role.HEALTH_DEPARTMENT, OrganisationKind.HEALTH_DEPARTMENT, "soyte_lc")


@pytest.fixture
def hub(tree):
    return make_checkpoint(tree.commune, name="Điểm trung chuyển Ma Lù Thàng", transshipment=True)


def _zone(client, where, **fields):
    payload = {
        "unit": where.pk,
        "level": 3,
        "valid_from": "2021-11-15",
        "reason": "Thông báo số 12/TB",
        **fields,
    }
    return client.post(reverse("zone-list"), payload, content_type="application/json")


def test_a_manager_lists_a_zone_and_every_checkpoint_user_reads_it(province_lead, officer, places):
    created = _zone(client_for(province_lead), places.hanoi_commune)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["unit"], body["level"], body["valid_to"]) == (places.hanoi_commune.pk, 3, None)
    reader = client_for(officer)
    assert reader.get(reverse("zone-detail", args=[body["id"]])).json()["reason"] == "Thông báo số 12/TB"
    in_hanoi = reader.get(reverse("zone-list"), {"unit": places.hanoi.pk, "day": "2021-11-20"}).json()
    assert {row["unit_path"] for row in in_hanoi["results"]} == {
        places.hanoi_district.path,
        places.hanoi_commune.path,
    }
    before = reader.get(reverse("zone-list"), {"unit": places.hanoi.pk, "day": "2021-11-14"}).json()
    assert [row["unit_path"] for row in before["results"]] == [places.hanoi_district.path]
    assert _zone(reader, places.hanoi_commune).status_code == 403  # staff at the barrier read only


def test_a_zone_is_refused_with_the_reason(province_lead, places):
    client = client_for(province_lead)
    bad_level = _zone(client, places.hanoi_commune, level=7)
    assert bad_level.status_code == 400
    assert "Cấp độ vùng phải từ 1 đến 4" in bad_level.json()["errors"]["level"][0]
    no_unit = _zone(client, places.hanoi_commune, unit=99999999)
    assert no_unit.json()["errors"]["unit"] == ["Không có đơn vị hành chính mang mã này."]
    backwards = _zone(client, places.hanoi_commune, valid_to="2021-11-01")
    assert "valid_to" in backwards.json()["errors"]
    assert client.get(reverse("zone-list"), {"unit": 99999999}).status_code == 404
    assert client.get(reverse("zone-list"), {"day": "20-11-2021x"}).status_code == 400
    assert Zone.objects.count() == 1  # the fixture's, nothing half-saved


def test_a_district_lead_ends_only_the_zones_its_district_declared(district_lead, province_lead, places):
    provincial = _zone(client_for(province_lead), places.hanoi_commune).json()["id"]
    district = _zone(client_for(district_lead), places.dien_bien).json()["id"]
    lead = client_for(district_lead)
    end = {"valid_to": "2021-11-20"}
    refused = lead.post(reverse("zone-end", args=[provincial]), end, content_type="application/json")
    assert refused.status_code == 403
    assert "chỉ nơi đã xác định mới kết thúc được" in refused.json()["detail"]
    assert Zone.objects.get(pk=provincial).valid_to is None
    ended = lead.post(reverse("zone-end", args=[district]), end, content_type="application/json")
    assert (ended.status_code, ended.json()["valid_to"]) == (200, "2021-11-20")
    by_province = client_for(province_lead).post(
        reverse("zone-end", args=[provincial]), end, content_type="application/json"
    )
    assert by_province.status_code == 200


def test_the_zone_page_offers_to_end_only_the_zones_the_lead_may_end(district_lead, province_lead, places):
    provincial = _zone(client_for(province_lead), places.hanoi_commune).json()["id"]
    page = client_for(district_lead).get(reverse("checkpoints:zones"))
    assert reverse("checkpoints:zone_end", args=[provincial]) not in page.content.decode()
    posted = client_for(district_lead).post(
        reverse("checkpoints:zone_end", args=[provincial]), {"valid_to": "20/11/2021"}
    )
    assert posted.status_code in (302, 400, 403)
    assert Zone.objects.get(pk=provincial).valid_to is None


def _handover(client, checkpoint, **fields):
    payload = {
        "checkpoint": checkpoint.pk,
        "from_plate": "25C12345",
        "to_plate": "25C54321",
        "goods": "Rau",
        **fields,
    }
    return client.post(reverse("handover-list"), payload, content_type="application/json")


def test_a_handover_is_recorded_listed_and_read_in_the_area(officer, hub, checkpoint):
    client = client_for(officer)
    created = _handover(client, hub, at="2021-11-20T09:30:00+07:00")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["from_plate"], body["to_plate"]) == ("25C-123.45", "25C-543.21")
    listed = client.get(
        reverse("handover-list"), {"checkpoint": hub.pk, "from": "2021-11-20", "to": "2021-11-20"}
    )
    assert [row["id"] for row in listed.json()["results"]] == [body["id"]]
    other_day = client.get(reverse("handover-list"), {"from": "2021-11-21"}).json()
    assert other_day["count"] == 0
    assert client.get(reverse("handover-list"), {"checkpoint": checkpoint.pk}).json()["count"] == 0
    assert client.get(reverse("handover-detail", args=[body["id"]])).json()["goods"] == "Rau"


def test_a_handover_is_refused_with_the_reason_and_nothing_saved(officer, hub, checkpoint):
    client = client_for(officer)
    not_a_hub = _handover(client, checkpoint)
    assert "không phải điểm trung chuyển" in not_a_hub.json()["errors"]["checkpoint"][0]
    bad_plate = _handover(client, hub, to_plate="XYZ")
    assert "to_plate" in bad_plate.json()["errors"]
    no_goods = _handover(client, hub, goods=" ")
    assert "goods" in no_goods.json()["errors"]
    assert client.get(reverse("handover-list"), {"checkpoint": "abc"}).status_code == 400
    assert Handover.objects.count() == 0


def test_it_returns_404_outside_jurisdiction(officer, outside_officer, hub, tree):
    handover = handover_record(
        actor=officer,
        jurisdiction=Jurisdiction.of([tree.district.path]),
        checkpoint=hub,
        from_plate="25C12345",
        to_plate="25C54321",
        goods="Rau",
    )
    outside = client_for(outside_officer)
    assert outside.get(reverse("handover-detail", args=[handover.pk])).status_code == 404
    assert outside.get(reverse("handover-list")).json()["count"] == 0
    assert outside.get(reverse("handover-list"), {"unit": tree.district.pk}).status_code == 404
    refused = _handover(outside, hub)
    assert refused.status_code == 400
    assert "không thuộc địa bàn" in refused.json()["errors"]["checkpoint"][0]
    assert Handover.objects.count() == 1
