"""Daily health checks: warning signs under the rule set in force open one escalation per case; the case
follows its latest check; the phone form shows refusals on the field and writes nothing then."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import OrganisationFactory, UserFactory
from phaodai.cases.models import CaseEvent, Escalation, EventKind, MonitoringEntry
from phaodai.cases.monitoring import MonitoringInput, escalation_handle, record_monitoring
from phaodai.cases.reference import Severity, Symptom
from phaodai.cases.tests.factories import register
from phaodai.core import clock
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.facilities.tests.factories import local
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2021, 11, 15)  # warning signs of 4377/QĐ-BYT (SpO₂ ≤ 95%), severity of 4689/QĐ-BYT
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


@pytest.fixture
def case(tree):
    return register(make_person(tree.village, "Lò Văn Pọm", birth_year=1980), report_date=YESTERDAY)


def check(case, actor, at=None, **vitals):
    return record_monitoring(
        actor=actor, case=case, data=MonitoringInput(at=at or local(YESTERDAY, 20), **vitals)
    )


def _field(page: str, name: str) -> str:
    return page.split(f'id="field-{name}"', 1)[1].split("</div>", 1)[0]


class TestRecording:
    def test_spo2_95_under_4377_opens_an_escalation_with_the_reason(self, case, commune_user):
        entry = check(case, commune_user, spo2=95, temperature=Decimal("37.8"))
        assert entry.warning_signs == ["SpO₂ 95% (≤ 95%)"]
        assert entry.warning_rules.code == "4377/QĐ-BYT"
        escalation = Escalation.objects.get(case=case)
        assert escalation.handled_at is None
        assert escalation.signs == ["SpO₂ 95% (≤ 95%)"]
        assert escalation.entry == entry
        assert escalation.opened_at == entry.at
        assert escalation.unit_path == case.unit_path
        assert escalation.risk_score == case.risk_score
        warning = CaseEvent.objects.get(case=case, kind=EventKind.WARNING)
        assert warning.summary == "SpO₂ 95% (≤ 95%)"

    def test_a_second_warning_while_one_is_open_does_not_open_another(self, case, commune_user):
        check(case, commune_user, spo2=95)
        check(case, commune_user, at=local(YESTERDAY, 21), symptoms=[Symptom.DYSPNOEA])
        assert Escalation.objects.filter(case=case).count() == 1
        assert Escalation.objects.get(case=case).signs == ["SpO₂ 95% (≤ 95%)"]

    def test_a_warning_after_the_escalation_was_handled_opens_a_new_one(self, case, commune_user):
        check(case, commune_user, spo2=95)
        escalation_handle(
            actor=commune_user, escalation=Escalation.objects.get(case=case), action="Đã gọi điện"
        )
        check(case, commune_user, at=local(YESTERDAY, 22), spo2=94)
        assert Escalation.objects.filter(case=case, handled_at__isnull=True).count() == 1
        assert Escalation.objects.filter(case=case).count() == 2

    def test_a_check_without_warning_opens_nothing(self, case, commune_user):
        entry = check(case, commune_user, spo2=98, temperature=Decimal("37.0"))
        assert entry.warning_signs == []
        assert not Escalation.objects.filter(case=case).exists()

    def test_the_case_follows_its_latest_check_and_the_timeline_shows_the_severity_change(
        self, case, commune_user
    ):
        assert case.severity == Severity.ASYMPTOMATIC
        entry = check(case, commune_user, spo2=95)
        case.refresh_from_db()
        assert case.last_monitored_at == entry.at
        assert case.severity == Severity.MODERATE
        assert case.severity_rules.code == "4689/QĐ-BYT"
        change = CaseEvent.objects.get(case=case, kind=EventKind.SEVERITY)
        assert change.summary == "Không triệu chứng → Trung bình"
        assert change.details["rules"] == "4689/QĐ-BYT"

    def test_an_older_check_entered_late_does_not_move_the_case_back(self, case, commune_user):
        latest = check(case, commune_user, at=local(YESTERDAY, 20), spo2=98)
        check(case, commune_user, at=local(YESTERDAY, 9), spo2=93)
        case.refresh_from_db()
        assert case.last_monitored_at == latest.at

    def test_the_entry_is_audited_and_placed_with_the_case(self, case, commune_user):
        entry = check(case, commune_user, spo2=97)
        assert entry.unit_path == case.unit_path
        assert entry.recorded_by == commune_user
        assert AuditEvent.objects.filter(
            entity="cases.monitoringentry", entity_id=str(entry.pk), action=AuditAction.CREATE
        ).exists()

    @pytest.mark.parametrize(
        ("vitals", "field"),
        [
            ({"spo2": 101}, "spo2"),
            ({}, "spo2"),
            ({"temperature": Decimal("47.0")}, "temperature"),
            ({"pulse": 400}, "pulse"),
            ({"symptoms": ["hiccups"]}, "symptoms"),
        ],
    )
    def test_it_refuses_bad_readings_on_their_field_and_writes_nothing(
        self, case, commune_user, vitals, field
    ):
        with pytest.raises(DomainError) as refused:
            check(case, commune_user, **vitals)
        assert field in refused.value.errors
        assert not MonitoringEntry.objects.exists()

    def test_blood_pressure_alone_is_a_reading(self, case, commune_user):
        entry = check(case, commune_user, systolic=120, diastolic=80)
        assert entry.systolic == 120

    def test_it_refuses_a_check_in_the_future_or_before_the_report(self, case, commune_user):
        with pytest.raises(DomainError) as future:
            check(case, commune_user, at=clock.now() + dt.timedelta(hours=1), spo2=97)
        with pytest.raises(DomainError) as before:
            check(case, commune_user, at=local(YESTERDAY - dt.timedelta(days=1), 20), spo2=97)
        assert "at" in future.value.errors
        assert "at" in before.value.errors
        assert not MonitoringEntry.objects.exists()


class TestHandling:
    def test_handling_requires_an_action(self, case, commune_user):
        check(case, commune_user, spo2=95)
        escalation = Escalation.objects.get(case=case)
        with pytest.raises(DomainError) as refused:
            escalation_handle(actor=commune_user, escalation=escalation, action="   ")
        assert "action" in refused.value.errors
        escalation.refresh_from_db()
        assert escalation.handled_at is None

    def test_handling_records_who_what_and_how_long_it_waited(self, case, commune_user):
        check(case, commune_user, spo2=95)
        escalation = escalation_handle(
            actor=commune_user, escalation=Escalation.objects.get(case=case), action="Đã đến nhà, chuyển viện"
        )
        escalation.refresh_from_db()
        assert escalation.handled_by == commune_user
        assert escalation.action == "Đã đến nhà, chuyển viện"
        handled = CaseEvent.objects.get(case=case, kind=EventKind.ESCALATION_HANDLED)
        assert handled.details["waited_minutes"] >= 0

    def test_an_escalation_is_handled_once(self, case, commune_user, district_user):
        check(case, commune_user, spo2=95)
        stale = Escalation.objects.get(case=case)
        escalation_handle(actor=commune_user, escalation=Escalation.objects.get(case=case), action="Gọi điện")
        with pytest.raises(DomainError, match="đã được xử lý"):
            escalation_handle(actor=district_user, escalation=stale, action="Đến nhà")
        stale.refresh_from_db()
        assert stale.handled_by == commune_user


class TestForm:
    def _url(self, case) -> str:
        return reverse("cases:monitor", args=[case.pk])

    def test_the_form_is_phone_first_with_the_time_now_and_the_home_care_reasons(self, case, commune_user):
        page = client_for(commune_user).get(self._url(case)).content.decode()
        assert 'inputmode="numeric"' in _field(page, "spo2")
        assert 'inputmode="decimal"' in _field(page, "temperature")
        shown = _field(page, "at").split('value="', 1)[1].split('"', 1)[0]
        prefilled = timezone.make_aware(dt.datetime.strptime(shown, "%Y-%m-%dT%H:%M"))
        assert dt.timedelta(0) <= clock.now() - prefilled < dt.timedelta(minutes=2)
        assert 'class="btn secondary" for="id_symptoms_0"' in page
        assert "<script" not in page.split("<main>", 1)[1]
        home_care = page.split('id="home-care"', 1)[1].split("</div>", 1)[0]
        assert "theo 4038/QĐ-BYT" in home_care
        assert "Tự chăm sóc được hoặc có người chăm sóc" in home_care

    def test_opening_the_form_is_logged_like_the_case_page(self, case, commune_user):
        client_for(commune_user).get(self._url(case))
        assert AuditEvent.objects.filter(
            entity="cases.case", entity_id=str(case.pk), action=AuditAction.VIEW, actor=commune_user
        ).exists()

    def test_it_shows_the_last_three_checks_newest_first(self, case, commune_user):
        for hour, spo2 in [(8, 97), (12, 98), (16, 99), (20, 96)]:
            check(case, commune_user, at=local(YESTERDAY, hour), spo2=spo2)
        page = client_for(commune_user).get(self._url(case)).content.decode()
        history = page.split('id="history"', 1)[1].split("</ul>", 1)[0]
        assert history.index("20:00 14/11/2021") < history.index("16:00") < history.index("12:00")
        assert "08:00 14/11/2021" not in history

    def test_saving_a_warning_says_which_signs_and_that_the_case_is_on_the_escalation_list(
        self, case, commune_user
    ):
        response = client_for(commune_user).post(
            self._url(case), {"at": f"{clock.now():%Y-%m-%dT%H:%M}", "spo2": "95", "temperature": "37,9"}
        )
        assert response.status_code == 302
        entry = MonitoringEntry.objects.get(case=case)
        assert entry.temperature == Decimal("37.9")
        page = client_for(commune_user).get(response["Location"]).content.decode()
        result = page.split('id="result"', 1)[1].split("</div>", 1)[0]
        assert "SpO₂ 95% (≤ 95%)" in result
        assert "danh sách cảnh báo" in result
        assert Escalation.objects.filter(case=case, handled_at__isnull=True).exists()

    def test_saving_a_normal_check_says_no_warning_sign(self, case, commune_user):
        response = client_for(commune_user).post(
            self._url(case),
            {"at": f"{clock.now():%Y-%m-%dT%H:%M}", "spo2": "98", "symptoms": [Symptom.COUGH]},
            follow=True,
        )
        result = response.content.decode().split('id="result"', 1)[1].split("</div>", 1)[0]
        assert "Không có dấu hiệu cảnh báo" in result
        assert MonitoringEntry.objects.get(case=case).symptoms == [Symptom.COUGH]

    @pytest.mark.parametrize(
        ("posted", "field", "message"),
        [
            ({"spo2": "101"}, "spo2", "SpO₂ phải từ 0 đến 100 (%)."),
            ({"spo2": "chín lăm"}, "spo2", "SpO₂ (%) phải là số nguyên."),
            ({"temperature": "ba bảy"}, "temperature", "Nhiệt độ (°C) phải là số, ví dụ 37,5."),
            ({}, "spo2", "Nhập ít nhất một chỉ số"),
        ],
    )
    def test_bad_input_is_shown_on_its_field_and_nothing_is_saved(
        self, case, commune_user, posted, field, message
    ):
        response = client_for(commune_user).post(
            self._url(case), {"at": f"{clock.now():%Y-%m-%dT%H:%M}", **posted}
        )
        assert response.status_code == 200
        assert message in _field(response.content.decode(), field)
        assert not MonitoringEntry.objects.exists()

    def test_a_time_in_the_future_is_shown_on_the_time_field(self, case, commune_user):
        later = clock.now() + dt.timedelta(hours=2)
        response = client_for(commune_user).post(
            self._url(case), {"at": f"{later:%Y-%m-%dT%H:%M}", "spo2": "97"}
        )
        assert "Thời điểm theo dõi không được ở tương lai." in _field(response.content.decode(), "at")
        assert not MonitoringEntry.objects.exists()

    def test_a_closed_case_is_refused_at_the_top_of_the_form(self, case, commune_user):
        case.status = "recovered"
        case.outcome_date = TODAY
        case.save()
        response = client_for(commune_user).post(
            self._url(case), {"at": f"{clock.now():%Y-%m-%dT%H:%M}", "spo2": "97"}
        )
        assert "Ca bệnh đã kết thúc, không ghi theo dõi được." in response.content.decode()
        assert not MonitoringEntry.objects.exists()

    def test_it_returns_404_outside_jurisdiction(self, case, outsider):
        client = client_for(outsider)
        assert client.get(self._url(case)).status_code == 404
        assert client.post(self._url(case), {"spo2": "95"}).status_code == 404
        assert not MonitoringEntry.objects.exists()

    def test_it_needs_the_monitoring_permission(self, tree, case):
        steering = UserFactory(
            role=Role.PROVINCIAL_STEERING,
            organisation=OrganisationFactory(unit=tree.province, kind=OrganisationKind.OTHER),
        )
        assert client_for(steering).get(self._url(case)).status_code == 403
