"""Clusters: cases join them (or inherit their source's), counters follow, and a cluster ends only when
none of its cases is open."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from phaodai.cases.clusters import cluster_assign, cluster_set_status
from phaodai.cases.models import Cluster, EventKind
from phaodai.cases.reference import CaseStatus, ClusterSetting, ClusterStatus
from phaodai.cases.services import case_close
from phaodai.cases.tests.factories import TODAY, make_cluster, register
from phaodai.core import clock
from phaodai.core.errors import DomainError
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def code(rule) -> str | None:
    return rule.code if rule is not None else None


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


@pytest.fixture
def cluster(tree):
    return make_cluster(tree.village, opened_on=dt.date(2021, 11, 10))


def _fresh(cluster: Cluster) -> Cluster:
    cluster.refresh_from_db()
    return cluster


class TestMembership:
    def test_a_case_inherits_its_source_cases_cluster_and_the_counters_follow(self, tree, cluster):
        source = register(
            make_person(tree.village, "Lò Văn Pọm"), cluster=cluster, report_date=dt.date(2021, 11, 12)
        )
        infected = register(
            make_person(tree.village, "Lò Thị Dung", sex="F"),
            source_case=source,
            report_date=dt.date(2021, 11, 15),
        )
        assert infected.cluster == cluster
        assert (_fresh(cluster).case_count, cluster.last_case_on) == (2, dt.date(2021, 11, 15))

    def test_an_earlier_report_does_not_move_the_last_case_date_back(self, tree, cluster):
        register(make_person(tree.village, "Lò Văn Pọm"), cluster=cluster, report_date=dt.date(2021, 11, 15))
        register(make_person(tree.village, "Vàng A Sủ"), cluster=cluster, report_date=dt.date(2021, 11, 12))
        assert (_fresh(cluster).case_count, cluster.last_case_on) == (2, dt.date(2021, 11, 15))

    def test_moving_a_case_to_another_cluster_moves_the_counts(self, tree, cluster):
        other = make_cluster(tree.commune, "Ổ dịch chợ Dào San", setting=ClusterSetting.MARKET)
        register(make_person(tree.village, "Vàng A Sủ"), cluster=cluster, report_date=dt.date(2021, 11, 12))
        case = register(
            make_person(tree.village, "Lò Văn Pọm"), cluster=cluster, report_date=dt.date(2021, 11, 16)
        )
        cluster_assign(actor=None, case=case, cluster=other)
        assert (_fresh(cluster).case_count, cluster.last_case_on) == (1, dt.date(2021, 11, 12))
        assert (_fresh(other).case_count, other.last_case_on) == (1, dt.date(2021, 11, 16))
        assert case.events.filter(kind=EventKind.CLUSTER).get().summary == "Gắn vào ổ dịch Ổ dịch chợ Dào San"

    def test_taking_the_only_case_out_empties_the_cluster(self, tree, cluster):
        case = register(make_person(tree.village, "Lò Văn Pọm"), cluster=cluster)
        cluster_assign(actor=None, case=case, cluster=None)
        assert (_fresh(cluster).case_count, cluster.last_case_on) == (0, None)

    def test_assigning_the_same_cluster_again_changes_nothing(self, tree, cluster):
        case = register(make_person(tree.village, "Lò Văn Pọm"), cluster=cluster)
        cluster_assign(actor=None, case=case, cluster=cluster)
        assert _fresh(cluster).case_count == 1
        assert not case.events.filter(kind=EventKind.CLUSTER).exists()

    def test_a_closed_cluster_takes_no_new_case_and_is_not_inherited(self, tree, cluster):
        source = register(
            make_person(tree.village, "Lò Văn Pọm"), cluster=cluster, report_date=dt.date(2021, 11, 11)
        )
        case_close(actor=None, case=source, outcome=CaseStatus.DECEASED, on=dt.date(2021, 11, 12))
        cluster_set_status(actor=None, cluster=cluster, status=ClusterStatus.CLOSED, on=TODAY)
        with pytest.raises(DomainError) as caught:
            register(make_person(tree.village, "Vàng A Sủ"), cluster=cluster)
        assert caught.value.errors == {"cluster": ["Ổ dịch đã kết thúc, không thêm ca được."]}
        infected = register(make_person(tree.village, "Lò Thị Dung", sex="F"), source_case=source)
        assert infected.cluster is None
        assert _fresh(cluster).case_count == 1


class TestStatus:
    def test_closing_a_cluster_with_open_cases_is_refused(self, tree, cluster):
        case = register(
            make_person(tree.village, "Lò Văn Pọm"), cluster=cluster, report_date=dt.date(2021, 11, 11)
        )
        with pytest.raises(DomainError) as caught:
            cluster_set_status(actor=None, cluster=cluster, status=ClusterStatus.CLOSED, on=TODAY)
        assert caught.value.errors == {
            "status": ["Ổ dịch còn 1 ca bệnh chưa kết thúc, chưa đóng ổ dịch được."]
        }
        assert _fresh(cluster).status == ClusterStatus.ACTIVE
        case_close(actor=None, case=case, outcome=CaseStatus.RECOVERED, on=TODAY, test_negative=True)
        cluster_set_status(actor=None, cluster=cluster, status=ClusterStatus.CLOSED, on=TODAY)
        assert (_fresh(cluster).status, cluster.closed_on) == (ClusterStatus.CLOSED, TODAY)

    def test_a_date_before_the_cluster_was_found_is_refused(self, cluster):
        with pytest.raises(DomainError) as caught:
            cluster_set_status(
                actor=None, cluster=cluster, status=ClusterStatus.MONITORING, on=dt.date(2021, 11, 1)
            )
        assert caught.value.errors == {"on": ["Ngày không được trước ngày phát hiện ổ dịch."]}


class TestPages:
    def test_the_list_shows_setting_place_status_count_and_last_case(self, tree, cluster, commune_user):
        register(make_person(tree.village, "Lò Văn Pọm"), cluster=cluster, report_date=dt.date(2021, 11, 14))
        page = client_for(commune_user).get(reverse("cases:clusters")).content.decode()
        rows = page.split('id="clusters"', 1)[1]
        assert "Ổ dịch bản Tả Phìn" in rows
        assert "Thôn, bản, khu dân cư" in rows
        assert "Bản Tả Phìn" in rows
        assert "Đang hoạt động" in rows
        assert "<td>1</td><td>14/11/2021</td>" in rows

    def test_the_list_costs_the_same_queries_for_one_cluster_or_many(self, tree, cluster, commune_user):
        client = client_for(commune_user)
        client.get(reverse("cases:clusters"))
        with CaptureQueriesContext(connection) as one:
            client.get(reverse("cases:clusters"))
        for number in range(4):
            make_cluster(tree.commune, f"Ổ dịch số {number}")
        with CaptureQueriesContext(connection) as five:
            page = client.get(reverse("cases:clusters")).content.decode()
        assert all(f"Ổ dịch số {number}" in page for number in range(4))
        assert len(five.captured_queries) == len(one.captured_queries)

    def test_a_cluster_is_created_from_the_form(self, tree, commune_user):
        response = client_for(commune_user).post(
            reverse("cases:cluster_create"),
            {
                "name": "Ổ dịch trường Dào San",
                "setting": ClusterSetting.SCHOOL,
                "unit": tree.commune.pk,
                "opened_on": "15/11/2021",
            },
        )
        cluster = Cluster.objects.get()
        assert response["Location"] == reverse("cases:cluster", args=[cluster.pk])
        assert (cluster.opened_on, cluster.unit_path) == (dt.date(2021, 11, 15), tree.commune.path)

    def test_the_form_refuses_a_unit_outside_the_jurisdiction_and_a_future_date(self, tree, commune_user):
        response = client_for(commune_user).post(
            reverse("cases:cluster_create"),
            {
                "name": "Ổ dịch",
                "setting": ClusterSetting.SCHOOL,
                "unit": tree.other_commune.pk,
                "opened_on": "21/11/2021",
            },
        )
        assert response.context["form"].errors["unit"] == ["Đơn vị này không thuộc địa bàn bạn quản lý."]
        response = client_for(commune_user).post(
            reverse("cases:cluster_create"),
            {
                "name": "Ổ dịch",
                "setting": ClusterSetting.SCHOOL,
                "unit": tree.commune.pk,
                "opened_on": "21/11/2021",
            },
        )
        assert response.context["form"].errors["opened_on"] == [
            "Ngày phát hiện ổ dịch không được sau ngày hôm nay."
        ]
        assert not Cluster.objects.exists()

    def test_the_detail_shows_the_cases_and_the_curve_with_days_without_a_case(
        self, tree, cluster, commune_user
    ):
        for name, day in (("Lò Văn Pọm", 12), ("Vàng A Sủ", 12), ("Lò Thị Dung", 14)):
            register(
                make_person(tree.village, name, sex="F"), cluster=cluster, report_date=dt.date(2021, 11, day)
            )
        page = client_for(commune_user).get(reverse("cases:cluster", args=[cluster.pk])).content.decode()
        curve = page.split('id="curve"', 1)[1].split("</table>", 1)[0]
        assert "<td>12/11/2021</td><td>2</td>" in curve
        assert "<td>13/11/2021</td><td>0</td>" in curve
        assert '<meter min="0" max="2" value="1">' in curve
        assert "Lò Thị Dung" in page.split('id="cases"', 1)[1]

    def test_the_status_form_shows_the_refusal(self, tree, cluster, commune_user):
        register(make_person(tree.village, "Lò Văn Pọm"), cluster=cluster)
        response = client_for(commune_user).post(
            reverse("cases:cluster_status", args=[cluster.pk]),
            {"status": ClusterStatus.CLOSED, "on": "20/11/2021"},
        )
        assert response.status_code == 200
        assert response.context["status_form"].errors["status"] == [
            "Ổ dịch còn 1 ca bệnh chưa kết thúc, chưa đóng ổ dịch được."
        ]

    def test_a_case_is_assigned_from_its_page(self, tree, cluster, commune_user):
        case = register(make_person(tree.village, "Lò Văn Pọm"))
        response = client_for(commune_user).post(
            reverse("cases:assign_cluster", args=[case.pk]), {"cluster": cluster.pk}, follow=True
        )
        assert "Đã gắn ca bệnh vào ổ dịch Ổ dịch bản Tả Phìn." in response.content.decode()
        assert _fresh(cluster).case_count == 1

    def test_it_returns_404_outside_jurisdiction(self, tree, cluster, outsider):
        client = client_for(outsider)
        assert client.get(reverse("cases:cluster", args=[cluster.pk])).status_code == 404
        assert (
            client.post(
                reverse("cases:cluster_status", args=[cluster.pk]),
                {"status": "monitoring", "on": "20/11/2021"},
            ).status_code
            == 404
        )
        assert (
            "Ổ dịch bản Tả Phìn"
            not in client.get(reverse("cases:clusters"), {"trang-thai": "all"}).content.decode()
        )
        own = register(make_person(tree.other_commune, "Vàng Văn Pa"))
        response = client.post(reverse("cases:assign_cluster", args=[own.pk]), {"cluster": cluster.pk})
        assert response.context["form"].errors["cluster"] == [
            "Chọn một ổ dịch chưa kết thúc trong địa bàn bạn quản lý."
        ]
        assert _fresh(cluster).case_count == 0
