"""Directive and task pages: list, detail, a unit's inbox, overdue and due-soon lists, progress reports,
closure by the issuer, the compliance table; everything out of scope is 404."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import client_for
from phaodai.directives.models import ProgressReport
from phaodai.directives.reference import AssignmentStatus
from phaodai.directives.services import Attachment
from phaodai.directives.tests.factories import make_directive, part, report, task

pytestmark = pytest.mark.django_db


def test_the_list_shows_directives_issued_or_assigning_in_scope(directive, district_user, steering_user):
    for user in (district_user, steering_user):
        response = client_for(user).get(reverse("directives:list"))
        assert [d.pk for d in response.context["page"].object_list] == [directive.pk]
        assert response.context["page"].object_list[0].task_count == 3


def test_the_list_fragment_for_htmx(directive, steering_user):
    response = client_for(steering_user).get(reverse("directives:list"), headers={"HX-Request": "true"})
    assert response.content.decode().startswith('<div id="rows">')


def test_the_list_reads_in_a_fixed_number_of_queries(bodies, steering_user, django_assert_max_num_queries):
    for n in range(5):
        make_directive(bodies.steering, [task(f"Nhiệm vụ {n}", [bodies.district_centre])])
    client = client_for(steering_user)
    client.get(reverse("directives:list"))
    with django_assert_max_num_queries(8):
        client.get(reverse("directives:list"))


def test_the_detail_shows_tasks_deadlines_and_parts(directive, steering_user):
    response = client_for(steering_user).get(reverse("directives:detail", args=[directive.pk]))
    page = response.content.decode()
    assert "chậm nhất ngày 25/11/2021" in page
    assert response.context["can_close"] is True
    assert [t.ref for t in response.context["tasks"]] == ["1", "2", "3"]


def test_the_original_file_downloads(directive, district_user):
    response = client_for(district_user).get(reverse("directives:file", args=[directive.pk]))
    assert response.content == b"%PDF-1.4 ban goc"
    assert 'filename="thong-bao.pdf"' in response["Content-Disposition"]


def test_the_inbox_holds_the_units_own_tasks_soonest_first(directive, district_user):
    response = client_for(district_user).get(reverse("directives:inbox"))
    rows = list(response.context["page"].object_list)
    assert [a.task.ref for a in rows] == ["2", "1"]
    assert len(response.context["notifications"]) == 2


def test_notifications_are_marked_read(directive, district_user):
    client = client_for(district_user)
    assert client.post(reverse("directives:notifications_read")).status_code == 302
    assert client.get(reverse("directives:inbox")).context["notifications"] == []


def test_overdue_and_due_soon_pages(directive, steering_user):
    client = client_for(steering_user)
    overdue = client.get(reverse("directives:overdue")).context["page"].object_list
    assert [(a.task.ref, a.organisation.name) for a in overdue] == [
        ("2", "Trung tâm Y tế huyện Sìn Hồ"),
        ("2", "district_health_centre ttyt"),
    ]
    due = client.get(reverse("directives:due_soon")).context["page"].object_list
    assert [a.task.ref for a in due] == ["1"]


def test_the_unit_reports_progress_with_an_attachment(directive, bodies, district_user):
    assignment = part(directive, bodies.district_centre)
    upload = SimpleUploadedFile("ket-qua.xlsx", b"PK bang tong hop")
    response = client_for(district_user).post(
        reverse("directives:assignment", args=[assignment.pk]),
        {"text": "Đã rà soát xong 14 trạm.", "done": "on", "file": upload},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.text, report.done, report.file_name) == ("Đã rà soát xong 14 trạm.", True, "ket-qua.xlsx")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.REPORTED
    download = client_for(district_user).get(reverse("directives:report_file", args=[report.pk]))
    assert download.content == b"PK bang tong hop"


def test_the_issuer_sees_reports_but_has_no_report_form(directive, bodies, steering_user):
    assignment = part(directive, bodies.district_centre)
    report(assignment, text="Đang làm")
    response = client_for(steering_user).get(reverse("directives:assignment", args=[assignment.pk]))
    assert [r.text for r in response.context["reports"]] == ["Đang làm"]
    assert response.context["form"] is None
    assert response.context["can_close"] is True


def test_the_issuer_closes_a_units_part(directive, bodies, steering_user):
    assignment = part(directive, bodies.district_centre)
    response = client_for(steering_user).post(reverse("directives:assignment_close", args=[assignment.pk]))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CLOSED


def test_the_assigned_unit_cannot_close_its_own_part(directive, bodies, district_user):
    assignment = part(directive, bodies.district_centre)
    client = client_for(district_user)
    response = client.post(reverse("directives:assignment_close", args=[assignment.pk]), follow=True)
    assert "Chỉ cơ quan ban hành văn bản mới kết thúc được nhiệm vụ." in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.OPEN


def test_the_compliance_table(directive, bodies, steering_user):
    report(part(directive, bodies.district_centre), done=True)
    rows = {
        row.name: row
        for row in client_for(steering_user).get(reverse("directives:compliance")).context["rows"]
    }
    centre = rows[bodies.district_centre.name]
    assert (centre.on_time, centre.late, centre.open, centre.overdue) == (1, 0, 1, 1)
    assert (rows[bodies.health.name].open, rows[bodies.health.name].overdue) == (1, 0)


def test_the_compliance_table_is_for_those_who_manage(directive, commune_user):
    assert client_for(commune_user).get(reverse("directives:compliance")).status_code == 403


def test_it_returns_404_outside_jurisdiction(directive, bodies, outsider):
    client = client_for(outsider)
    assignment = part(directive, bodies.district_centre)
    saved = report(
        assignment,
        text="Xong",
        file=Attachment("a.txt", b"x"),
    )
    for url in (
        reverse("directives:detail", args=[directive.pk]),
        reverse("directives:file", args=[directive.pk]),
        reverse("directives:assignment", args=[assignment.pk]),
        reverse("directives:report_file", args=[saved.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert list(client.get(reverse("directives:list")).context["page"].object_list) == []
    assert list(client.get(reverse("directives:overdue")).context["page"].object_list) == []


def test_another_district_sees_the_directive_it_has_a_part_in_but_not_others_parts(
    directive, bodies, other_centre_user
):
    client = client_for(other_centre_user)
    page = client.get(reverse("directives:detail", args=[directive.pk]))
    parts = [a.organisation for t in page.context["tasks"] for a in t.assignments.all()]
    assert parts == [bodies.other_district_centre]
    mine = part(directive, bodies.other_district_centre, position=1)
    assert client.get(reverse("directives:assignment", args=[mine.pk])).status_code == 200
    theirs = part(directive, bodies.district_centre, position=1)
    assert client.get(reverse("directives:assignment", args=[theirs.pk])).status_code == 404


def test_only_the_assigned_unit_may_post_a_report(directive, bodies, steering_user):
    url = reverse("directives:assignment", args=[part(directive, bodies.district_centre).pk])
    assert client_for(steering_user).post(url, {"text": "Thay mặt"}).status_code == 403
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("name", ["directives:inbox", "directives:overdue", "directives:compliance"])
def test_the_task_lists_read_in_a_fixed_number_of_queries(
    name, bodies, district_user, steering_user, django_assert_max_num_queries
):
    for n in range(6):
        make_directive(
            bodies.steering, [task(f"Nhiệm vụ {n}", [bodies.district_centre], due=dt.date(2021, 11, n + 1))]
        )
    user = steering_user if name == "directives:compliance" else district_user
    client = client_for(user)
    client.get(reverse(name))
    with django_assert_max_num_queries(10):
        assert client.get(reverse(name)).status_code == 200
