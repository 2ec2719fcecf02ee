"""The daily work lists: escalations by risk then waiting time, handled inline; cases not checked today."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import OrganisationFactory, UserFactory
from phaodai.cases import worklists
from phaodai.cases.models import Escalation
from phaodai.cases.monitoring import MonitoringInput, record_monitoring
from phaodai.cases.reference import CaseStatus, PlaceOfCare, TestKind
from phaodai.cases.services import case_close
from phaodai.cases.tests.factories import register
from phaodai.cases.worklist_views import waited_text
from phaodai.core import clock
from phaodai.core.scoping import Jurisdiction
from phaodai.facilities.models import FacilityKind
from phaodai.facilities.tests.factories import FacilityFactory, local
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2021, 11, 15)
REPORTED = TODAY - dt.timedelta(days=2)  # so a check hours ago is never before the report, whatever the hour


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


def case_of(unit, name: str, birth_year: int = 1990, **fields):
    return register(make_person(unit, name, birth_year=birth_year), report_date=REPORTED, **fields)


def warn(case, minutes_ago: int):
    """A check with SpO₂ 93% (a warning sign under 4377/QĐ-BYT) taken ``minutes_ago``."""
    at = clock.now() - dt.timedelta(minutes=minutes_ago)
    return record_monitoring(actor=None, case=case, data=MonitoringInput(at=at, spo2=93))


@pytest.fixture
def waiting(tree):
    """Three escalations in Dào San, one in the neighbouring commune, one in the outsider's district."""
    old = case_of(tree.village, "Lò Văn Già", birth_year=1950)  # 65+ and unvaccinated: risk 20
    su = case_of(tree.commune, "Vàng A Sủ")  # unvaccinated: risk 4
    mai = case_of(tree.commune, "Giàng Thị Mai")
    ben = case_of(tree.neighbour_commune, "Lý Văn Bên")
    lu = case_of(tree.other_commune, "Tẩn A Lử")
    warn(old, 180)
    warn(su, 300)
    warn(mai, 135)
    warn(ben, 60)
    warn(lu, 30)
    return {"old": old, "su": su, "mai": mai, "ben": ben, "lu": lu}


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _rows(page: str, table: str) -> str:
    return page.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]


def _order(rows: str, *names: str) -> list[str]:
    return sorted(names, key=rows.index)


class TestEscalationList:
    URL = reverse("cases:escalations")

    def test_the_commune_sees_its_own_by_risk_then_the_longest_waiting(self, waiting, commune_user):
        rows = _rows(_page(client_for(commune_user).get(self.URL)), "escalations")
        names = ("Lò Văn Già", "Vàng A Sủ", "Giàng Thị Mai")
        assert _order(rows, *names) == list(names)
        assert "Lý Văn Bên" not in rows
        assert "Tẩn A Lử" not in rows

    def test_it_sorts_by_waiting_time_on_request(self, waiting, commune_user):
        page = _page(client_for(commune_user).get(self.URL, {"sap-xep": "waiting"}))
        rows = _rows(page, "escalations")
        assert _order(rows, "Lò Văn Già", "Vàng A Sủ", "Giàng Thị Mai") == [
            "Vàng A Sủ",
            "Lò Văn Già",
            "Giàng Thị Mai",
        ]

    def test_the_district_sees_every_commune_of_the_district(self, waiting, district_user):
        rows = _rows(_page(client_for(district_user).get(self.URL)), "escalations")
        names = ("Lò Văn Già", "Vàng A Sủ", "Giàng Thị Mai", "Lý Văn Bên")
        assert _order(rows, *names) == list(names)
        assert "Tẩn A Lử" not in rows

    def test_it_returns_404_outside_jurisdiction(self, waiting, outsider):
        client = client_for(outsider)
        rows = _rows(_page(client.get(self.URL)), "escalations")
        assert "Tẩn A Lử" in rows
        assert "Lò Văn Già" not in rows
        assert "Lý Văn Bên" not in rows
        escalation = Escalation.objects.get(case=waiting["old"])
        handle = reverse("cases:escalation_handle", args=[escalation.pk])
        assert client.post(handle, {"action": "Gọi điện"}).status_code == 404
        assert client.get(reverse("cases:monitor", args=[waiting["old"].pk])).status_code == 404
        escalation.refresh_from_db()
        assert escalation.handled_at is None

    def test_a_row_shows_who_the_risk_the_signs_how_long_and_links_to_the_case(self, waiting, commune_user):
        rows = _rows(_page(client_for(commune_user).get(self.URL)), "escalations")
        mai = waiting["mai"]
        row = rows.split(f'id="esc-{Escalation.objects.get(case=mai).pk}"', 1)[1].split("</tr>", 1)[0]
        assert f'href="{reverse("cases:detail", args=[mai.pk])}"' in row
        assert "31 tuổi" in row
        assert '<span class="badge danger">Chưa tiêm vắc xin</span>' in row
        assert "SpO₂ 93% (≤ 95%)" in row
        assert "đã chờ 2 giờ 15 phút" in row
        assert 'hx-post="' in row
        assert ">Đã xử lý</button>" in row
        old_row = rows.split(f'id="esc-{Escalation.objects.get(case=waiting["old"]).pk}"', 1)[1]
        assert "Từ 65 tuổi" in old_row.split("</tr>", 1)[0]

    def test_the_list_costs_the_same_queries_for_one_escalation_or_many(self, tree, commune_user):
        client = client_for(commune_user)
        warn(case_of(tree.commune, "Người 0"), 10)
        client.get(self.URL)
        with CaptureQueriesContext(connection) as one:
            _page(client.get(self.URL))
        for number in range(1, 6):
            warn(case_of(tree.village, f"Người {number}"), 10 + number)
        with CaptureQueriesContext(connection) as six:
            page = _page(client.get(self.URL))
        assert page.count('<tr id="esc-') == 6
        assert len(six.captured_queries) == len(one.captured_queries)

    def test_an_htmx_request_gets_only_the_rows(self, waiting, commune_user):
        page = _page(client_for(commune_user).get(self.URL, {"sap-xep": "waiting"}, HTTP_HX_REQUEST="true"))
        assert page.startswith('<div id="results">')
        assert '<tr id="esc-' in page
        assert "Vàng A Sủ" in page
        assert "<h1>" not in page

    def test_a_reader_without_the_monitoring_permission_gets_no_handle_form(self, tree, waiting):
        steering = UserFactory(
            role=Role.PROVINCIAL_STEERING,
            organisation=OrganisationFactory(unit=tree.province, kind=OrganisationKind.OTHER),
        )
        client = client_for(steering)
        rows = _rows(_page(client.get(self.URL)), "escalations")
        assert "Lò Văn Già" in rows
        assert "<form" not in rows
        escalation = Escalation.objects.get(case=waiting["old"])
        response = client.post(reverse("cases:escalation_handle", args=[escalation.pk]), {"action": "x"})
        assert response.status_code == 403


class TestHandling:
    def _url(self, case) -> str:
        return reverse("cases:escalation_handle", args=[Escalation.objects.get(case=case).pk])

    def test_handling_inline_swaps_the_row_and_takes_it_off_the_list(self, waiting, commune_user):
        client = client_for(commune_user)
        response = client.post(
            self._url(waiting["old"]), {"action": "Đã gọi điện, chuyển viện"}, HTTP_HX_REQUEST="true"
        )
        row = _page(response)
        assert row.startswith(
            f'<tr id="esc-{Escalation.objects.get(case=waiting["old"]).pk}" class="handled">'
        )
        assert "Đã gọi điện, chuyển viện" in row
        escalation = Escalation.objects.get(case=waiting["old"])
        assert escalation.handled_by == commune_user
        assert escalation.action == "Đã gọi điện, chuyển viện"
        rows = _rows(_page(client.get(reverse("cases:escalations"))), "escalations")
        assert "Lò Văn Già" not in rows

    def test_handling_without_an_action_shows_the_error_in_the_row(self, waiting, commune_user):
        response = client_for(commune_user).post(
            self._url(waiting["old"]), {"action": "  "}, HTTP_HX_REQUEST="true"
        )
        row = _page(response)
        assert row.startswith("<tr id=")
        assert "Ghi rõ đã xử lý thế nào" in row
        assert "Lò Văn Già" in row
        assert Escalation.objects.get(case=waiting["old"]).handled_at is None

    def test_without_htmx_it_redirects_back_to_the_list_or_shows_the_error_on_the_row(
        self, waiting, commune_user
    ):
        client = client_for(commune_user)
        refused = _rows(_page(client.post(self._url(waiting["su"]), {"action": ""})), "escalations")
        su_row = refused.split("Vàng A Sủ", 1)[1].split("</tr>", 1)[0]
        assert "Ghi rõ đã xử lý thế nào" in su_row
        assert "Ghi rõ đã xử lý thế nào" not in refused.split("Vàng A Sủ", 1)[0]
        response = client.post(self._url(waiting["su"]), {"action": "Đến nhà khám"})
        assert response.status_code == 302
        assert response["Location"] == reverse("cases:escalations")
        assert Escalation.objects.get(case=waiting["su"]).handled_at is not None

    def test_handling_one_already_handled_says_so(self, waiting, commune_user, district_user):
        url = self._url(waiting["old"])
        client_for(district_user).post(url, {"action": "Huyện đã xử lý"})
        page = _page(client_for(commune_user).post(url, {"action": "Xã xử lý"}))
        assert "Cảnh báo này đã được xử lý." in page
        assert Escalation.objects.get(case=waiting["old"]).action == "Huyện đã xử lý"

    def test_a_case_that_ends_leaves_the_list_with_the_reason_recorded(self, waiting, commune_user):
        case_close(actor=commune_user, case=waiting["old"], outcome=CaseStatus.DECEASED, on=clock.today())
        page = _page(client_for(commune_user).get(TestEscalationList.URL))
        assert "Lò Văn Già" not in _rows(page, "escalations")
        assert Escalation.objects.get(case=waiting["old"]).action.startswith("Ca bệnh đã kết thúc")


class TestNotMonitoredToday:
    URL = reverse("cases:not_monitored")

    @pytest.fixture
    def cases(self, tree):
        facility = FacilityFactory(unit=tree.commune, kind=FacilityKind.TREATMENT_FACILITY, name="CSĐT")
        found = {
            "old": case_of(tree.village, "Lò Văn Già", birth_year=1950),
            "young": case_of(tree.commune, "Vàng A Sủ"),
            "station": case_of(tree.commune, "Giàng Thị Mai", place_of_care=PlaceOfCare.COMMUNE_STATION),
            "checked": case_of(tree.commune, "Sùng A Páo"),
            "in_facility": case_of(
                tree.commune, "Hờ A Dình", place_of_care=PlaceOfCare.TREATMENT_FACILITY, facility=facility
            ),
            "suspected": case_of(tree.commune, "Lù Thị Nghi", test_kind=TestKind.RAT_STAFF),
            "neighbour": case_of(tree.neighbour_commune, "Lý Văn Bên"),
            "outside": case_of(tree.other_commune, "Tẩn A Lử"),
        }
        record_monitoring(
            actor=None,
            case=found["young"],
            data=MonitoringInput(at=local(TODAY - dt.timedelta(days=1), 20), spo2=98),
        )
        record_monitoring(actor=None, case=found["checked"], data=MonitoringInput(at=clock.now(), spo2=98))
        return found

    def test_it_lists_cases_at_home_or_at_the_station_not_checked_today_by_risk(self, cases, commune_user):
        rows = _rows(_page(client_for(commune_user).get(self.URL)), "not-monitored")
        assert rows.index("Lò Văn Già") < rows.index("Vàng A Sủ")
        assert "Giàng Thị Mai" in rows
        assert "Chưa theo dõi lần nào" in rows
        assert "20:00 14/11/2021" in rows
        assert f'href="{reverse("cases:monitor", args=[cases["old"].pk])}"' in rows
        for absent in ("Sùng A Páo", "Hờ A Dình", "Lù Thị Nghi", "Lý Văn Bên", "Tẩn A Lử"):
            assert absent not in rows

    def test_a_case_leaves_the_list_once_checked_today(self, cases, commune_user):
        client = client_for(commune_user)
        client.post(
            reverse("cases:monitor", args=[cases["old"].pk]),
            {"at": f"{clock.now():%Y-%m-%dT%H:%M}", "spo2": "97"},
        )
        rows = _rows(_page(client.get(self.URL)), "not-monitored")
        assert "Lò Văn Già" not in rows
        assert "Vàng A Sủ" in rows

    def test_the_longest_unchecked_come_first_on_request(self, cases, commune_user):
        rows = _rows(_page(client_for(commune_user).get(self.URL, {"sap-xep": "last"})), "not-monitored")
        assert rows.index("Giàng Thị Mai") < rows.index("Vàng A Sủ")  # never checked before checked yesterday

    def test_the_list_costs_the_same_queries_for_one_case_or_many(self, tree, commune_user):
        client = client_for(commune_user)
        case_of(tree.commune, "Người 0")
        client.get(self.URL)
        with CaptureQueriesContext(connection) as one:
            _page(client.get(self.URL))
        for number in range(1, 6):
            case_of(tree.village, f"Người {number}")
        with CaptureQueriesContext(connection) as six:
            rows = _rows(_page(client.get(self.URL)), "not-monitored")
        assert rows.count("Ghi theo dõi") == 6
        assert len(six.captured_queries) == len(one.captured_queries)

    def test_the_district_sees_every_commune_and_the_outsider_none(self, cases, district_user, outsider):
        district = _rows(_page(client_for(district_user).get(self.URL)), "not-monitored")
        assert "Lý Văn Bên" in district
        assert "Lò Văn Già" in district
        assert "Tẩn A Lử" not in district
        outside = _rows(_page(client_for(outsider).get(self.URL)), "not-monitored")
        assert "Tẩn A Lử" in outside
        assert "Lò Văn Già" not in outside

    def test_it_returns_404_outside_jurisdiction(self, cases, outsider):
        assert client_for(outsider).get(reverse("cases:monitor", args=[cases["old"].pk])).status_code == 404

    def test_a_closed_case_is_not_listed(self, cases, commune_user):
        cases["old"].status, cases["old"].outcome_date = CaseStatus.RECOVERED, TODAY
        cases["old"].save()
        rows = _rows(_page(client_for(commune_user).get(self.URL)), "not-monitored")
        assert "Lò Văn Già" not in rows


class TestSelectors:
    def test_today_starts_at_local_midnight(self, tree):
        late, early = case_of(tree.commune, "Trước nửa đêm"), case_of(tree.commune, "Sau nửa đêm")
        yesterday = TODAY - dt.timedelta(days=1)
        record_monitoring(actor=None, case=late, data=MonitoringInput(at=local(yesterday, 23, 59), spo2=98))
        record_monitoring(actor=None, case=early, data=MonitoringInput(at=local(TODAY, 0, 0), spo2=98))
        commune = Jurisdiction.of([tree.commune.path])
        listed = worklists.not_monitored_today(jurisdiction=commune, today=TODAY)
        assert [case.pk for case in listed] == [late.pk]
        assert worklists.not_monitored_count(jurisdiction=commune, today=TODAY) == 1

    def test_counts_follow_the_jurisdiction(self, tree, waiting):
        district = Jurisdiction.of([tree.district.path])
        assert worklists.escalation_count(jurisdiction=district) == 4
        assert worklists.escalation_count(jurisdiction=Jurisdiction.of([tree.commune.path])) == 3
        assert worklists.escalation_count(jurisdiction=Jurisdiction.nothing()) == 0

    def test_each_escalation_carries_how_long_it_has_waited(self, tree, waiting):
        rows = list(worklists.escalation_list(jurisdiction=Jurisdiction.of([tree.district.path])))
        assert [row.escalation.case.person.full_name for row in rows] == [
            "Lò Văn Già",
            "Vàng A Sủ",
            "Giàng Thị Mai",
            "Lý Văn Bên",
        ]
        waited = {row.escalation.case_id: row.waited for row in rows}
        assert dt.timedelta(minutes=135) <= waited[waiting["mai"].pk] < dt.timedelta(minutes=136)

    def test_monitoring_history_is_newest_first(self, tree):
        case = case_of(tree.commune, "Lò Văn Pọm")
        for hour in (8, 20, 14):
            record_monitoring(actor=None, case=case, data=MonitoringInput(at=local(REPORTED, hour), spo2=98))
        hours = [timezone.localtime(entry.at).hour for entry in worklists.monitoring_history(case=case)]
        assert hours == [20, 14, 8]


@pytest.mark.parametrize(
    ("waited", "text"),
    [
        (dt.timedelta(seconds=40), "đã chờ 0 phút"),
        (dt.timedelta(minutes=59), "đã chờ 59 phút"),
        (dt.timedelta(hours=2, minutes=15, seconds=59), "đã chờ 2 giờ 15 phút"),
        (dt.timedelta(days=1, hours=3, minutes=5), "đã chờ 1 ngày 3 giờ"),
    ],
)
def test_the_waiting_time_reads_in_days_hours_and_minutes(waited, text):
    assert waited_text(waited) == text
