"""``/api/cases/``, ``/api/monitoring-entries/``, ``/api/escalations/``, ``/api/clusters/``: the same
selectors (scoped) and services (the rules) as the pages, errors in the one error shape."""

import datetime as dt

import pytest

from conftest import client_for
from phaodai.cases.models import Case, Cluster, Escalation, MonitoringEntry
from phaodai.cases.reference import CaseStatus, ClusterSetting, TestKind
from phaodai.cases.tests.factories import make_cluster, register
from phaodai.core import clock
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2021, 11, 15)
REPORTED = TODAY - dt.timedelta(days=2)
CASES, ENTRIES, ESCALATIONS, CLUSTERS = (
    "/api/cases/",
    "/api/monitoring-entries/",
    "/api/escalations/",
    "/api/clusters/",
)


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


@pytest.fixture
def person(tree):
    return make_person(tree.village, "Lò Văn Pọm", birth_year=1950)


@pytest.fixture
def case(person):
    return register(person, report_date=REPORTED)


def _post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def _an_hour_ago() -> str:
    """An hour ago, but still on the pinned day (the suite may run just after midnight)."""
    now = clock.now()
    return max(
        now - dt.timedelta(hours=1), now.replace(hour=0, minute=0, second=0, microsecond=0)
    ).isoformat()


class TestCases:
    def test_registering_a_case_decides_it_under_the_rules_in_force(self, person, commune_user):
        response = _post(
            client_for(commune_user),
            CASES,
            {
                "person": person.pk,
                "report_date": REPORTED.isoformat(),
                "test_kind": TestKind.PCR,
                "detected_in": "community",
                "place_of_care": "home",
                "symptoms": ["cough"],
            },
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["status"] == CaseStatus.ACTIVE
        assert body["definition_rules"] == "RT-PCR-2020"
        assert body["home_care_rules"] == "4038/QĐ-BYT"
        assert body["risk_flags"] == ["age_65", "unvaccinated"]
        assert [item["kind"] for item in body["timeline"]] == ["registered"]
        assert AuditEvent.objects.filter(
            entity="cases.case", entity_id=str(body["id"]), action=AuditAction.CREATE, actor=commune_user
        ).exists()

    def test_bad_input_names_the_fields_and_saves_nothing(self, tree, commune_user):
        outside = make_person(tree.other_commune, "Tẩn A Lử")
        response = _post(client_for(commune_user), CASES, {"person": outside.pk, "report_date": "15/13/2021"})
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert errors["person"] == ["Người này không tồn tại hoặc không thuộc địa bàn bạn quản lý."]
        assert "report_date" in errors
        assert not Case.objects.exists()

    def test_the_services_rules_come_back_on_their_fields(self, person, commune_user):
        response = _post(
            client_for(commune_user),
            CASES,
            {"person": person.pk, "report_date": TODAY.isoformat(), "test_kind": "", "spo2": 140},
        )
        assert response.status_code == 400
        body = response.json()
        assert body["errors"]["test_kind"] == ["Chọn loại xét nghiệm."]
        assert body["errors"]["spo2"] == ["SpO₂ phải từ 0 đến 100 (%)."]
        assert body["errors"]["place_of_care"] == ["Chọn nơi điều trị."]
        assert not Case.objects.exists()

    def test_the_list_filters_by_status_and_name_within_the_jurisdiction(self, tree, case, district_user):
        register(make_person(tree.commune, "Vàng A Sủ"), test_kind=TestKind.RAT_STAFF)
        register(make_person(tree.other_commune, "Tẩn A Lử"), report_date=REPORTED)
        client = client_for(district_user)
        names = [row["person_name"] for row in client.get(CASES).json()["results"]]
        assert sorted(names) == ["Lò Văn Pọm", "Vàng A Sủ"]
        suspected = client.get(CASES, {"status": CaseStatus.SUSPECTED}).json()["results"]
        assert [row["person_name"] for row in suspected] == ["Vàng A Sủ"]
        by_name = client.get(CASES, {"q": "lo van pom"}).json()["results"]
        assert [row["id"] for row in by_name] == [case.pk]

    def test_reading_a_case_gives_the_timeline_and_is_logged(self, case, commune_user):
        _post(client_for(commune_user), ENTRIES, {"case": case.pk, "at": _an_hour_ago(), "spo2": 97})
        body = client_for(commune_user).get(f"{CASES}{case.pk}/").json()
        kinds = [item["kind"] for item in body["timeline"]]
        assert "monitoring" in kinds
        assert "registered" in kinds
        entry = next(item["entry"] for item in body["timeline"] if item["kind"] == "monitoring")
        assert entry["spo2"] == 97
        assert AuditEvent.objects.filter(
            entity="cases.case", entity_id=str(case.pk), action=AuditAction.VIEW, actor=commune_user
        ).exists()

    def test_it_returns_404_outside_jurisdiction(self, case, outsider):
        client = client_for(outsider)
        assert client.get(f"{CASES}{case.pk}/").status_code == 404
        assert _post(client, f"{CASES}{case.pk}/close/", {"outcome": "deceased"}).status_code == 404
        assert client.get(CASES).json()["results"] == []
        case.refresh_from_db()
        assert case.status == CaseStatus.ACTIVE

    def test_transfer_and_close_go_through_the_services(self, tree, commune_user):
        suspected = register(make_person(tree.commune, "Vàng A Sủ"), test_kind=TestKind.RAT_STAFF)
        client = client_for(commune_user)
        moved = _post(
            client,
            f"{CASES}{suspected.pk}/transfer/",
            {"place_of_care": "commune_station", "at": _an_hour_ago(), "reason": "Theo dõi tại trạm"},
        )
        assert moved.status_code == 200, moved.json()
        assert moved.json()["place_of_care"] == "commune_station"
        assert "transfer" in [item["kind"] for item in moved.json()["timeline"]]
        refused = _post(client, f"{CASES}{suspected.pk}/close/", {"outcome": "nothing"})
        assert refused.status_code == 400
        assert "outcome" in refused.json()["errors"]
        closed = _post(
            client, f"{CASES}{suspected.pk}/close/", {"outcome": "discarded", "note": "PCR âm tính"}
        )
        assert closed.status_code == 200, closed.json()
        assert closed.json()["status"] == CaseStatus.DISCARDED
        assert closed.json()["outcome_date"] == TODAY.isoformat()


class TestMonitoringAndEscalations:
    def test_a_warning_recorded_over_the_api_opens_an_escalation_that_is_handled_over_the_api(
        self, case, commune_user
    ):
        client = client_for(commune_user)
        at = _an_hour_ago()
        waited = int((clock.now() - dt.datetime.fromisoformat(at)).total_seconds() // 60)
        recorded = _post(client, ENTRIES, {"case": case.pk, "at": at, "spo2": 95, "temperature": "38.2"})
        assert recorded.status_code == 201, recorded.json()
        body = recorded.json()
        assert body["warning_signs"] == ["SpO₂ 95% (≤ 95%)"]
        assert body["warning_rules"] == "4377/QĐ-BYT"
        assert body["severity"] == "moderate"
        escalation = Escalation.objects.get(case=case)
        assert body["escalation"] == escalation.pk

        listed = client.get(ESCALATIONS).json()["results"]
        assert [row["id"] for row in listed] == [escalation.pk]
        assert listed[0]["person_name"] == "Lò Văn Pọm"
        assert waited <= listed[0]["waited_minutes"] <= waited + 1

        handled = _post(client, f"{ESCALATIONS}{escalation.pk}/handle/", {"action": "Đã gọi điện, đến nhà"})
        assert handled.status_code == 200, handled.json()
        assert handled.json()["handled_by"] == commune_user.pk
        assert handled.json()["action"] == "Đã gọi điện, đến nhà"
        assert client.get(ESCALATIONS).json()["results"] == []

    def test_handling_without_an_action_is_refused_on_the_action_field(self, case, commune_user):
        client = client_for(commune_user)
        _post(client, ENTRIES, {"case": case.pk, "at": _an_hour_ago(), "spo2": 93})
        escalation = Escalation.objects.get(case=case)
        response = _post(client, f"{ESCALATIONS}{escalation.pk}/handle/", {})
        assert response.status_code == 400
        assert response.json()["errors"]["action"] == [
            "Ghi rõ đã xử lý thế nào (gọi điện, đến nhà, chuyển viện...)."
        ]
        escalation.refresh_from_db()
        assert escalation.handled_at is None

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"spo2": 101}, "spo2"),
            ({}, "spo2"),
            ({"spo2": 97, "at": "2099-01-01T08:00:00+07:00"}, "at"),
            ({"spo2": "nhiều"}, "spo2"),
            ({"temperature": "ba bảy"}, "temperature"),
        ],
    )
    def test_bad_readings_get_400_naming_the_field_and_write_nothing(
        self, case, commune_user, payload, field
    ):
        response = _post(
            client_for(commune_user), ENTRIES, {"case": case.pk, "at": _an_hour_ago(), **payload}
        )
        assert response.status_code == 400
        assert field in response.json()["errors"]
        assert not MonitoringEntry.objects.exists()

    def test_shape_errors_are_worded_in_vietnamese(self, case, commune_user):
        response = _post(
            client_for(commune_user),
            ENTRIES,
            {"case": "một", "spo2": "nhiều", "temperature": "ba bảy", "symptoms": "ho", "at": "sáng nay"},
        )
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert errors["case"] == ["Mã phải là số nguyên."]
        assert errors["spo2"] == ["Phải là số nguyên."]
        assert errors["temperature"] == ["Phải là số, ví dụ 37.5."]
        assert errors["symptoms"] == ["Phải là một danh sách."]
        assert errors["at"] == ["Thời điểm phải theo dạng ISO 8601, ví dụ 2021-11-15T08:30+07:00."]

    def test_the_entries_list_is_scoped_and_filters_by_case(self, tree, case, commune_user, outsider):
        other = register(make_person(tree.commune, "Vàng A Sủ"), report_date=REPORTED)
        client = client_for(commune_user)
        _post(client, ENTRIES, {"case": case.pk, "at": _an_hour_ago(), "spo2": 97})
        _post(client, ENTRIES, {"case": other.pk, "at": _an_hour_ago(), "spo2": 98})
        assert client.get(ENTRIES).json()["count"] == 2
        assert [row["spo2"] for row in client.get(ENTRIES, {"case": case.pk}).json()["results"]] == [97]
        bad = client.get(ENTRIES, {"case": "abc"})
        assert bad.status_code == 400
        assert "case" in bad.json()["errors"]
        assert client_for(outsider).get(ENTRIES).json()["count"] == 0

    def test_the_outsider_can_neither_record_nor_handle(self, case, commune_user, outsider):
        _post(client_for(commune_user), ENTRIES, {"case": case.pk, "at": _an_hour_ago(), "spo2": 93})
        escalation = Escalation.objects.get(case=case)
        client = client_for(outsider)
        recorded = _post(client, ENTRIES, {"case": case.pk, "at": _an_hour_ago(), "spo2": 90})
        assert recorded.status_code == 400
        assert recorded.json()["errors"]["case"] == [
            "Ca bệnh không tồn tại hoặc không thuộc địa bàn bạn quản lý."
        ]
        assert _post(client, f"{ESCALATIONS}{escalation.pk}/handle/", {"action": "x"}).status_code == 404
        assert client.get(ESCALATIONS).json()["results"] == []
        assert MonitoringEntry.objects.count() == 1


class TestClusters:
    def test_create_list_and_read_with_the_curve(self, tree, person, commune_user):
        client = client_for(commune_user)
        created = _post(
            client,
            CLUSTERS,
            {"name": "Ổ dịch bản Tả Phìn", "setting": ClusterSetting.VILLAGE, "unit": tree.village.pk},
        )
        assert created.status_code == 201, created.json()
        cluster = Cluster.objects.get(pk=created.json()["id"])
        assert created.json()["opened_on"] == TODAY.isoformat()
        register(person, report_date=REPORTED, cluster=cluster)
        assert [row["id"] for row in client.get(CLUSTERS).json()["results"]] == [cluster.pk]
        body = client.get(f"{CLUSTERS}{cluster.pk}/").json()
        assert body["case_count"] == 1
        assert body["curve"] == [{"day": REPORTED.isoformat(), "cases": 1}]

    def test_bad_input_names_the_fields(self, tree, commune_user):
        response = _post(
            client_for(commune_user), CLUSTERS, {"name": "", "setting": "", "unit": tree.other_commune.pk}
        )
        assert response.status_code == 400
        assert response.json()["errors"]["unit"] == [
            "Đơn vị không tồn tại hoặc không thuộc địa bàn bạn quản lý."
        ]
        response = _post(
            client_for(commune_user), CLUSTERS, {"name": "", "setting": "", "unit": tree.commune.pk}
        )
        assert set(response.json()["errors"]) == {"name", "setting"}
        assert not Cluster.objects.exists()

    def test_it_returns_404_outside_jurisdiction(self, tree, outsider):
        cluster = make_cluster(tree.village)
        assert client_for(outsider).get(f"{CLUSTERS}{cluster.pk}/").status_code == 404
        assert client_for(outsider).get(CLUSTERS).json()["results"] == []
