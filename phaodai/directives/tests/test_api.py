"""``/api/directives/``, ``/api/directive-tasks/``, ``/api/progress-reports/``: the pages' selectors and
services over JSON, scoped and paginated."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import client_for
from phaodai.directives.models import Directive, ProgressReport

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).with_name("seeds")


def post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def test_parse_proposes_the_structure_with_mapped_organisations(bodies, province_user):
    text = (SEEDS / "cv_syt_lai_chau_2021_11.txt").read_text(encoding="utf-8")
    response = post(client_for(province_user), "/api/directives/parse/", {"text": text})
    assert response.status_code == 200
    body = response.json()
    assert (body["symbol"], body["kind"], body["date"]) == ("SYT-NVY", "cong_van", None)
    first = body["tasks"][0]
    assert (first["ref"], first["lead_units"], first["lead_organisations"]) == (
        "1.1",
        ["Trung tâm kiểm soát bệnh tật"],
        [bodies.cdc.pk],
    )
    assert not Directive.objects.exists()


def test_create_then_read_a_directive(bodies, province_user):
    client = client_for(province_user)
    payload = {
        "kind": "cong_van",
        "issuer": bodies.health.pk,
        "symbol": "SYT-NVY",
        "subject": "V/v tiêm vắc xin",
        "tasks": [
            {
                "ref": "1",
                "text": "Tổ chức tiêm",
                "lead_organisations": [bodies.district_centre.pk],
                "unmapped_leads": ["Sở Tài chính"],
                "deadlines": [
                    {
                        "type": "in_period",
                        "start": "2022-01-01",
                        "end": "2022-01-31",
                        "text": "trong tháng 01 năm 2022",
                    }
                ],
            }
        ],
    }
    created = post(client, "/api/directives/", payload)
    assert created.status_code == 201, created.json()
    body = created.json()
    (first,) = body["tasks"]
    assert (first["due_on"], first["unmapped_leads"]) == ("2022-01-31", ["Sở Tài chính"])
    assert first["assignments"][0]["organisation"] == bodies.district_centre.pk
    listed = client.get("/api/directives/").json()
    assert [d["id"] for d in listed["results"]] == [body["id"]]


def test_create_refuses_an_organisation_outside_the_jurisdiction(bodies, district_user):
    payload = {
        "kind": "thong_bao",
        "issuer": bodies.district_centre.pk,
        "subject": "Kết luận",
        "tasks": [{"text": "Xét nghiệm", "lead_organisations": [bodies.other_district_centre.pk]}],
    }
    response = post(client_for(district_user), "/api/directives/", payload)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "tasks.0.lead_organisations": [
            f"Tổ chức {bodies.other_district_centre.pk} không tồn tại hoặc không thuộc địa bàn bạn quản lý."
        ]
    }


def test_a_unit_lists_its_tasks_and_reports_with_a_file(directive, district_user):
    client = client_for(district_user)
    mine = client.get("/api/directive-tasks/?mine=1").json()["results"]
    assert [row["ref"] for row in mine] == ["2", "1"]
    overdue = client.get("/api/directive-tasks/?overdue=1").json()["results"]
    assert [row["ref"] for row in overdue] == ["2"]
    upload = SimpleUploadedFile("bao-cao.txt", b"xong")
    created = client.post(
        "/api/progress-reports/",
        {"assignment": mine[1]["id"], "text": "Đã rà soát", "done": "true", "file": upload},
    )
    assert created.status_code == 201, created.json()
    assert ProgressReport.objects.get().file_name == "bao-cao.txt"
    assert client.get(f"/api/directive-tasks/{mine[1]['id']}/").json()["status"] == "reported"


def test_the_issuer_closes_over_the_api(directive, steering_user):
    client = client_for(steering_user)
    first = client.get("/api/directive-tasks/").json()["results"][0]
    closed = post(client, f"/api/directive-tasks/{first['id']}/close/", {})
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"


def test_a_unit_without_the_manage_permission_cannot_close(directive, commune_user, district_user):
    first = client_for(district_user).get("/api/directive-tasks/?mine=1").json()["results"][0]
    assert post(client_for(commune_user), f"/api/directive-tasks/{first['id']}/close/", {}).status_code in (
        403,
        404,
    )


def test_it_returns_404_outside_jurisdiction(directive, outsider, district_user):
    first = client_for(district_user).get("/api/directive-tasks/?mine=1").json()["results"][0]
    client = client_for(outsider)
    assert client.get(f"/api/directives/{directive.pk}/").status_code == 404
    assert client.get(f"/api/directive-tasks/{first['id']}/").status_code == 404
    assert client.get("/api/directives/").json()["results"] == []
    refused = client.post("/api/progress-reports/", {"assignment": first["id"], "text": "x"})
    assert refused.status_code == 404
