"""The tracing pages: the 24-hour worklist, the exposure form, a case's contacts, the chain drawings; all cut
to the jurisdiction (404 outside)."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.accounts.roles import Role
from phaodai.cases.tests.factories import TODAY, make_cluster, register
from phaodai.contacts import views
from phaodai.contacts.models import Contact, Exposure
from phaodai.contacts.reference import TraceStatus
from phaodai.contacts.tests.factories import expose
from phaodai.core import clock
from phaodai.core.access import access_for_user
from phaodai.core.home import counters, nav_items
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


@pytest.fixture
def f0(tree):
    with clock.pinned(D(2021, 11, 16)):
        return register(make_person(tree.commune, "Lò Văn Pọm"), report_date=D(2021, 11, 16))


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _table(page: str, table: str) -> str:
    return page.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]


def _field(page: str, name: str) -> str:
    """The markup of one form field, up to the next one."""
    return page.split(f'id="field-{name}"', 1)[1].split('class="field', 1)[0]


def _listed_on(day: dt.date, source, contact) -> Contact:
    with clock.pinned(day):
        expose(source, contact, day=day)
    return Contact.objects.get(person=contact)


class TestWorklist:
    def test_the_overdue_come_first_and_are_flagged_against_the_24_hour_target(self, tree, f0, commune_user):
        newest = _listed_on(D(2021, 11, 20), f0.person, make_person(tree.commune, "Vàng A Sủ"))
        oldest = _listed_on(D(2021, 11, 17), f0.person, make_person(tree.commune, "Giàng Thị Mai", sex="F"))
        middle = _listed_on(D(2021, 11, 18), f0.person, make_person(tree.village, "Sùng A Páo"))
        rows = _table(_page(client_for(commune_user).get(reverse("contacts:worklist"))), "worklist")
        assert rows.index("Giàng Thị Mai") < rows.index("Sùng A Páo") < rows.index("Vàng A Sủ")
        assert f'id="contact-{oldest.pk}" class="overdue"' in rows
        assert f'id="contact-{middle.pk}" class="overdue"' in rows
        assert f'id="contact-{newest.pk}">' in rows
        assert "Quá hạn: 72 giờ" in rows or "Quá hạn: 71 giờ" in rows

    def test_reached_contacts_leave_the_list(self, tree, f0, commune_user):
        contact = _listed_on(TODAY, f0.person, make_person(tree.commune, "Vàng A Sủ"))
        client = client_for(commune_user)
        response = client.post(reverse("contacts:reached", args=[contact.pk]), HTTP_HX_REQUEST="true")
        row = _page(response)
        assert row.startswith(f'<tr id="contact-{contact.pk}"')
        assert "Đã liên hệ lúc" in row
        contact.refresh_from_db()
        assert (contact.status, contact.reached_by) == (TraceStatus.REACHED, commune_user)
        assert "Vàng A Sủ" not in _table(_page(client.get(reverse("contacts:worklist"))), "worklist")

    def test_it_filters_by_level_in_an_htmx_fragment(self, tree, f0, commune_user):
        wife = make_person(tree.commune, "Giàng Thị Mai", sex="F")
        expose(f0.person, wife)
        expose(wife, make_person(tree.commune, "Vàng A Sủ"))
        url = reverse("contacts:worklist")
        fragment = _page(client_for(commune_user).get(url, {"muc": "F2"}, HTTP_HX_REQUEST="true"))
        assert fragment.startswith('<div id="results">')
        rows = _table(fragment, "worklist")
        assert rows.count("<tr id=") == 1
        assert "Vàng A Sủ" in rows
        assert "qua Giàng Thị Mai" in rows

    def test_an_index_case_outside_the_jurisdiction_is_not_named(self, tree, commune_user):
        with clock.pinned(D(2021, 11, 16)):
            far = register(make_person(tree.other_commune, "Hờ A Chứ"), report_date=D(2021, 11, 16))
        expose(far.person, make_person(tree.commune, "Vàng A Sủ"))
        rows = _table(_page(client_for(commune_user).get(reverse("contacts:worklist"))), "worklist")
        assert "Vàng A Sủ" in rows
        assert "Ca bệnh ngoài địa bàn" in rows
        assert "Hờ A Chứ" not in rows

    def test_the_list_has_no_n_plus_one(self, tree, f0, commune_user, django_assert_max_num_queries):
        for i in range(15):
            expose(f0.person, make_person(tree.commune, f"Vàng A Sủ {i}"))
        client = client_for(commune_user)
        with django_assert_max_num_queries(10):
            rows = _table(_page(client.get(reverse("contacts:worklist"))), "worklist")
        assert rows.count("<tr id=") == 15

    def test_the_nav_and_the_home_counter(self, tree, f0, commune_user):
        expose(f0.person, make_person(tree.commune, "Vàng A Sủ"))
        access = access_for_user(commune_user)
        assert "contacts:worklist" in [item.url_name for item in nav_items(access)]
        found = {str(c.label): c.value for c in counters(access)}
        assert found["Tiếp xúc chưa liên hệ"] == 1

    def test_it_shows_nothing_of_another_district(self, tree, f0, outsider):
        expose(f0.person, make_person(tree.commune, "Vàng A Sủ"))
        rows = _table(_page(client_for(outsider).get(reverse("contacts:worklist"))), "worklist")
        assert "Vàng A Sủ" not in rows

    def test_it_returns_404_outside_jurisdiction(self, tree, f0, outsider):
        contact = _listed_on(TODAY, f0.person, make_person(tree.commune, "Vàng A Sủ"))
        response = client_for(outsider).post(reverse("contacts:reached", args=[contact.pk]))
        assert response.status_code == 404
        contact.refresh_from_db()
        assert contact.status == TraceStatus.LISTED


class TestExposureForm:
    def _post(self, client, **data):
        return client.post(reverse("contacts:exposure_create"), data)

    def test_it_records_a_contact_says_the_level_and_offers_the_next(self, tree, f0, commune_user):
        wife = make_person(tree.commune, "Giàng Thị Mai", sex="F")
        client = client_for(commune_user)
        response = self._post(
            client, source=f0.person_id, contact=wife.pk, setting="household", last_exposure_date="18/11/2021"
        )
        assert response.status_code == 302
        assert response.url == f"{reverse('contacts:exposure_create')}?source={f0.person_id}"
        page = _page(client.get(response.url))
        assert "Đã ghi nhận: Giàng Thị Mai là F1 (tiếp xúc với Lò Văn Pọm)." in page
        assert "Giàng Thị Mai" in _table(page, "named")

    def test_a_contact_of_oneself_is_refused_on_the_contact_field_and_nothing_saved(self, f0, commune_user):
        page = _page(
            self._post(
                client_for(commune_user),
                source=f0.person_id,
                contact=f0.person_id,
                setting="household",
                last_exposure_date="18/11/2021",
            )
        )
        assert "Một người không thể là tiếp xúc của chính mình." in _field(page, "contact")
        assert not Exposure.objects.exists()

    def test_a_malformed_date_and_a_person_outside_are_refused_on_their_fields(self, tree, f0, commune_user):
        stranger = make_person(tree.other_commune, "Hờ A Chứ")
        page = _page(
            self._post(
                client_for(commune_user),
                source=f0.person_id,
                contact=stranger.pk,
                setting="household",
                last_exposure_date="2021/18/11",
            )
        )
        assert "Không có người mang mã này trong địa bàn bạn quản lý." in _field(page, "contact")
        assert "Ngày phải theo dạng dd/mm/yyyy." in _field(page, "last_exposure_date")
        assert not Exposure.objects.exists()

    def test_the_search_offers_people_of_the_jurisdiction_only(self, tree, f0, commune_user):
        make_person(tree.commune, "Giàng Thị Mai", sex="F")
        make_person(tree.other_commune, "Giàng Thị Máy", sex="F")
        url = reverse("contacts:exposure_create")
        found = _table(
            _page(client_for(commune_user).get(url, {"source": f0.person_id, "q": "giang"})), "found"
        )
        assert "Giàng Thị Mai" in found
        assert "Giàng Thị Máy" not in found

    def test_it_returns_404_outside_jurisdiction(self, f0, outsider):
        response = client_for(outsider).get(reverse("contacts:exposure_create"), {"source": f0.person_id})
        assert response.status_code == 404

    def test_someone_who_may_only_look_is_refused(self, tree, f0, district_user):
        district_user.role = Role.LABOUR_SOCIAL
        district_user.save()
        response = client_for(district_user).get(reverse("contacts:exposure_create"))
        assert response.status_code == 403


class TestCaseContacts:
    def test_it_lists_the_f1_and_f2_of_a_case_with_their_status(self, tree, f0, commune_user):
        wife = make_person(tree.commune, "Giàng Thị Mai", sex="F")
        expose(f0.person, wife)
        expose(wife, make_person(tree.village, "Vàng A Sủ"))
        rows = _table(_page(client_for(commune_user).get(reverse("contacts:case", args=[f0.pk]))), "contacts")
        assert rows.index("Giàng Thị Mai") < rows.index("Vàng A Sủ")
        assert "qua Giàng Thị Mai" in rows
        assert "Mới lập danh sách, chưa liên hệ" in rows
        assert "3638/QĐ-BYT" in rows

    def test_it_returns_404_outside_jurisdiction(self, f0, outsider):
        assert client_for(outsider).get(reverse("contacts:case", args=[f0.pk])).status_code == 404


class TestChainPages:
    def test_the_chain_is_drawn_in_the_page_as_svg_coloured_by_level(self, tree, f0, commune_user):
        wife = make_person(tree.commune, "Giàng Thị Mai", sex="F")
        expose(f0.person, wife)
        expose(wife, make_person(tree.commune, "Vàng A Sủ"))
        page = _page(client_for(commune_user).get(reverse("contacts:chain", args=[f0.person_id])))
        svg = page.split('<svg xmlns="http://www.w3.org/2000/svg" id="chain-graph"', 1)[1].split("</svg>", 1)[
            0
        ]
        assert svg.count("<circle") == 3
        assert svg.count("<line") == 2
        assert 'fill="#c62828"' in svg
        assert 'fill="#ef6c00"' in svg
        assert 'fill="#f9c22e"' in svg
        assert "L.V. Pọm" in svg
        assert "G.T. Mai" in svg
        assert "Hiển thị 3/3 người" in page
        assert AuditEvent.objects.filter(entity="contacts.chain", action=AuditAction.VIEW).count() == 1

    def test_a_capped_chain_says_how_many_it_shows_and_links_the_next_page(
        self, tree, f0, commune_user, monkeypatch
    ):
        monkeypatch.setattr(views, "CHAIN_LIMIT", 2)
        for name in ("Vàng A Sủ", "Sùng A Páo", "Lò Thị Ún"):
            expose(f0.person, make_person(tree.commune, name))
        url = reverse("contacts:chain", args=[f0.person_id])
        page = _page(client_for(commune_user).get(url))
        assert "Hiển thị 2/4 người" in page
        assert '<a href="?offset=2">trang sau</a>' in page
        assert "trang trước" in _page(client_for(commune_user).get(url, {"offset": "2"}))

    def test_people_outside_the_jurisdiction_are_counted_not_named(
        self, tree, f0, commune_user, province_user
    ):
        expose(f0.person, make_person(tree.other_commune, "Hờ A Chứ"))
        page = _page(client_for(commune_user).get(reverse("contacts:chain", args=[f0.person_id])))
        assert "Hờ A Chứ" not in page
        assert "1 người ngoài địa bàn (không hiện tên)" in page
        assert "1 người ngoài địa bàn" in page.split('id="chain-graph"', 1)[1]
        assert "Hờ A Chứ" in _page(
            client_for(province_user).get(reverse("contacts:chain", args=[f0.person_id]))
        )

    def test_a_cluster_chain_page_draws_its_cases_chains(self, tree, f0, commune_user):
        cluster = make_cluster(tree.commune)
        case = register(make_person(tree.commune, "Sùng A Páo"), cluster=cluster)
        expose(case.person, make_person(tree.commune, "Vàng A Sủ"))
        page = _page(client_for(commune_user).get(reverse("contacts:cluster", args=[cluster.pk])))
        assert "S.A. Páo" in page
        assert "V.A. Sủ" in page
        assert "L.V. Pọm" not in page

    def test_it_returns_404_outside_jurisdiction(self, tree, f0, outsider):
        cluster = make_cluster(tree.commune)
        client = client_for(outsider)
        assert client.get(reverse("contacts:chain", args=[f0.person_id])).status_code == 404
        assert client.get(reverse("contacts:cluster", args=[cluster.pk])).status_code == 404


class TestLinksBetweenPages:
    def test_the_case_page_leads_to_its_contacts_and_to_an_isolation_order(self, f0, commune_user):
        page = _page(client_for(commune_user).get(reverse("cases:detail", args=[f0.pk])))
        assert reverse("contacts:case", args=[f0.pk]) in page
        assert f"{reverse('quarantine:create_f0')}?case={f0.pk}" in page

    def test_each_contact_on_the_worklist_leads_to_a_quarantine_order(self, tree, f0, commune_user):
        wife = make_person(tree.commune, "Giàng Thị Mai", sex="F")
        expose(f0.person, wife, day=TODAY)
        contact = Contact.objects.get(person=wife)
        page = _page(client_for(commune_user).get(reverse("contacts:worklist")))
        assert f"{reverse('quarantine:create')}?contact={contact.pk}" in page

    def test_the_person_page_leads_to_the_chain(self, f0, commune_user):
        page = _page(client_for(commune_user).get(reverse("people:detail", args=[f0.person_id])))
        assert reverse("contacts:chain", args=[f0.person_id]) in page
