"""The order pages: the list and what is due, the order and its schedule, the forms, the PDF downloads."""

import datetime as dt
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import OrganisationFactory, UserFactory
from phaodai.cases.tests.factories import register
from phaodai.contacts.models import Contact
from phaodai.contacts.tests.factories import expose
from phaodai.core import clock
from phaodai.core.access import access_for_user
from phaodai.core.home import counters, nav_items
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.facilities.models import FacilityKind, Stay
from phaodai.facilities.tests.factories import FacilityFactory
from phaodai.people.tests.factories import make_person
from phaodai.quarantine.models import Order
from phaodai.quarantine.reference import OrderKind, OrderPlace, OrderStatus
from phaodai.quarantine.tests.factories import issue_f1, quarantine_centre, release

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2021, 11, 16)


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


@pytest.fixture
def centre(tree):
    return quarantine_centre(tree.commune, name="Khu cách ly Trường PTDTBT Dào San")


@pytest.fixture
def order(tree, centre, commune_user):
    """Day 7 of 14 today (16/11), the day-7 test due."""
    return issue_f1(make_person(tree.village, "Lò Văn Pọm"), start_date=D(2021, 11, 10), facility=centre)


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _rows(page: str) -> str:
    return page.split('id="orders"', 1)[1].split("</table>", 1)[0]


class TestList:
    def test_it_shows_active_orders_with_their_day_and_what_is_due(self, order, commune_user):
        rows = _rows(_page(client_for(commune_user).get(reverse("quarantine:list"))))
        assert "Lò Văn Pọm" in rows
        assert "Ngày 7/14" in rows
        assert "Xét nghiệm hôm nay" in rows
        assert "5599/BYT-MT" in rows

    def test_it_filters_tests_due_today_and_orders_due_for_release(self, tree, order, centre, commune_user):
        issue_f1(
            make_person(tree.commune, "Vàng A Sủ"), start_date=D(2021, 11, 2), facility=centre
        )  # ends 15/11
        client = client_for(commune_user)
        tests = _rows(_page(client.get(reverse("quarantine:list"), {"loc": "tests_today"})))
        release_due = _rows(_page(client.get(reverse("quarantine:list"), {"loc": "release"})))
        assert "Lò Văn Pọm" in tests
        assert "Vàng A Sủ" not in tests
        assert "Vàng A Sủ" in release_due
        assert "Đến ngày kết thúc" in release_due
        assert "Lò Văn Pọm" not in release_due

    def test_the_list_costs_the_same_queries_for_more_orders(self, tree, order, centre, commune_user):
        client = client_for(commune_user)
        client.get(reverse("quarantine:list"))
        with CaptureQueriesContext(connection) as one:
            client.get(reverse("quarantine:list"))
        for name in ("Vàng A Sủ", "Giàng A Lử", "Lò Thị Xuân"):
            issue_f1(make_person(tree.commune, name), facility=centre)
        with CaptureQueriesContext(connection) as four:
            client.get(reverse("quarantine:list"))
        assert len(four) == len(one)

    def test_nav_item_and_home_counters(self, order, commune_user):
        access = access_for_user(commune_user)
        assert "quarantine:list" in [item.url_name for item in nav_items(access)]
        found = {counter.label: counter.value for counter in counters(access)}
        assert (found["Đang cách ly"], found["Cần xét nghiệm hôm nay"]) == (1, 1)


class TestDetail:
    def test_it_shows_the_schedule_and_the_rule_and_logs_the_view(self, order, commune_user):
        page = _page(client_for(commune_user).get(reverse("quarantine:detail", args=[order.pk])))
        assert "Ngày 7/14" in page
        assert "Từ ngày 10/11/2021 đến hết ngày 23/11/2021 (14 ngày)" in page
        tests = page.split('id="tests"', 1)[1].split("</table>", 1)[0]
        assert "16/11/2021" in tests
        assert "Hôm nay" in tests
        assert "07/12/2021" in page  # end of self-monitoring
        assert "Công văn 5599/BYT-MT ngày 14/7/2021" in page
        assert AuditEvent.objects.filter(
            entity="quarantine.order", entity_id=str(order.pk), action=AuditAction.VIEW, actor=commune_user
        ).exists()


class TestIssue:
    def test_without_a_person_it_offers_a_search(self, tree, commune_user):
        make_person(tree.commune, "Lò Văn Pọm")
        page = _page(client_for(commune_user).get(reverse("quarantine:create"), {"q": "pom"}))
        assert "Lò Văn Pọm" in page.split('id="found"', 1)[1]

    def test_it_issues_an_f1_order_for_a_person(self, tree, centre, commune_user):
        person = make_person(tree.commune, "Vàng A Sủ")
        url = f"{reverse('quarantine:create')}?person={person.pk}"
        client = client_for(commune_user)
        assert "5599/BYT-MT" in _page(client.get(url))
        response = client.post(
            url,
            {
                "start_date": "15/11/2021",
                "vaccine_doses": "0",
                "place": OrderPlace.FACILITY,
                "facility": centre.pk,
            },
        )
        order = Order.objects.get(person=person)
        assert response.status_code == 302
        assert response["Location"] == reverse("quarantine:detail", args=[order.pk])
        assert (order.end_date, order.facility, order.created_by) == (D(2021, 11, 28), centre, commune_user)

    def test_a_refusal_shows_on_the_form_next_to_its_field(self, tree, commune_user):
        person = make_person(tree.commune, "Vàng A Sủ")
        response = client_for(commune_user).post(
            f"{reverse('quarantine:create')}?person={person.pk}",
            {"start_date": "15/11/2021", "vaccine_doses": "0", "place": OrderPlace.HOME},
        )
        field = _page(response).split('id="field-place"', 1)[1].split('id="field-facility"', 1)[0]
        assert "phải cách ly tập trung (14 ngày)" in field
        assert not Order.objects.exists()

    def test_a_bad_date_is_named(self, tree, commune_user):
        person = make_person(tree.commune, "Vàng A Sủ")
        response = client_for(commune_user).post(
            f"{reverse('quarantine:create')}?person={person.pk}",
            {"start_date": "31/02/2021", "place": "home"},
        )
        assert "Ngày phải theo dạng dd/mm/yyyy." in _page(response).split('id="field-start_date"', 1)[1]

    def test_it_issues_from_a_traced_contact_starting_on_the_last_exposure(self, tree, centre, commune_user):
        index = register(make_person(tree.commune, "Giàng Thị Mai", sex="F"), report_date=D(2021, 11, 15))
        expose(index.person, make_person(tree.village, "Lò Thị Xuân", sex="F"), day=D(2021, 11, 14))
        contact = Contact.objects.get(person__full_name="Lò Thị Xuân")
        url = f"{reverse('quarantine:create')}?contact={contact.pk}"
        client = client_for(commune_user)
        assert 'value="14/11/2021"' in _page(client.get(url))
        client.post(url, {"start_date": "14/11/2021", "place": OrderPlace.FACILITY, "facility": centre.pk})
        assert Order.objects.get(contact=contact).start_date == D(2021, 11, 14)

    def test_it_isolates_an_f0_from_the_case(self, tree, commune_user):
        ward = FacilityFactory(unit=tree.commune, kind=FacilityKind.TREATMENT_FACILITY, name="CSĐT Dào San")
        case = register(make_person(tree.commune, "Giàng Thị Mai", sex="F"), report_date=D(2021, 11, 15))
        url = f"{reverse('quarantine:create_f0')}?case={case.pk}"
        client = client_for(commune_user)
        assert "CSĐT Dào San" in _page(client.get(url))
        response = client.post(
            url, {"start_date": "15/11/2021", "place": OrderPlace.FACILITY, "facility": ward.pk}
        )
        assert response.status_code == 302
        order = Order.objects.get(case=case)
        assert (order.kind, order.end_date) == (OrderKind.F0_ISOLATION, D(2021, 11, 24))
        assert Stay.objects.get(person=case.person).facility == ward
        detail = _page(client.get(reverse("quarantine:detail", args=[order.pk])))
        assert reverse("cases:detail", args=[case.pk]) in detail
        assert "4689/QĐ-BYT-ravien" in detail


class TestRelease:
    def test_release_too_early_shows_the_last_day(self, order, commune_user):
        response = client_for(commune_user).post(
            reverse("quarantine:release", args=[order.pk]),
            {"released_on": "16/11/2021", "signer_name": "Vàng Thị Dung", "signer_title": "Trạm trưởng"},
        )
        assert "Chưa hết thời gian cách ly: đến hết ngày 23/11/2021." in _page(response)
        order.refresh_from_db()
        assert order.status == OrderStatus.ACTIVE

    def test_release_then_download_the_decision_and_the_certificate(self, order, commune_user):
        client = client_for(commune_user)
        with clock.pinned(D(2021, 11, 23)):
            response = client.post(
                reverse("quarantine:release", args=[order.pk]),
                {
                    "released_on": "23/11/2021",
                    "release_number": "12",
                    "signer_name": "Vàng Thị Dung",
                    "signer_title": "Trạm trưởng",
                },
            )
        assert response.status_code == 302
        detail = _page(client.get(reverse("quarantine:detail", args=[order.pk])))
        assert reverse("quarantine:decision_pdf", args=[order.pk]) in detail
        pdf = client.get(reverse("quarantine:decision_pdf", args=[order.pk]))
        assert pdf.status_code == 200
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        expected = quote("Quyết định hoàn thành cách ly - Lò Văn Pọm.pdf")
        assert f"filename*=utf-8''{expected}" in pdf["Content-Disposition"]
        certificate = client.get(reverse("quarantine:certificate_pdf", args=[order.pk]))
        assert certificate.content.startswith(b"%PDF")
        exports = AuditEvent.objects.filter(
            entity="quarantine.order", action=AuditAction.EXPORT, actor=commune_user
        )
        assert exports.count() == 2

    def test_an_active_order_has_no_pdf(self, order, commune_user):
        assert (
            client_for(commune_user).get(reverse("quarantine:decision_pdf", args=[order.pk])).status_code
            == 404
        )

    def test_cancel_from_its_page(self, order, commune_user):
        response = client_for(commune_user).post(
            reverse("quarantine:cancel", args=[order.pk]), {"reason": "Nhập nhầm"}
        )
        assert response.status_code == 302
        order.refresh_from_db()
        assert order.status == OrderStatus.CANCELLED


class TestOutsider:
    def test_it_returns_404_outside_jurisdiction(self, order, outsider, commune_user):
        with clock.pinned(D(2021, 11, 23)):
            release(order, actor=commune_user)
        client = client_for(outsider)
        for name in ("detail", "release", "cancel", "decision_pdf", "certificate_pdf"):
            assert client.get(reverse(f"quarantine:{name}", args=[order.pk])).status_code == 404, name
        assert "Lò Văn Pọm" not in _page(client.get(reverse("quarantine:list", query={"trang-thai": "all"})))
        assert client.get(f"{reverse('quarantine:create')}?person={order.person.pk}").status_code == 404
        assert not AuditEvent.objects.filter(actor=outsider).exists()

    def test_a_user_without_the_permission_to_issue_is_refused(self, tree, order):
        observer = UserFactory(role=Role.LABOUR_SOCIAL, organisation=OrganisationFactory(unit=tree.commune))
        client = client_for(observer)
        assert client.get(reverse("quarantine:list")).status_code == 200
        assert client.get(reverse("quarantine:release", args=[order.pk])).status_code == 403
