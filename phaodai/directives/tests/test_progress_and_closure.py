"""The assigned unit reports progress (with attachments); the issuer closes; compliance counts both."""

import pytest

from phaodai.core import clock
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.directives import selectors
from phaodai.directives.reference import AssignmentStatus
from phaodai.directives.services import Attachment, assignment_close, progress_report, task_close
from phaodai.directives.tests.conftest import TODAY
from phaodai.directives.tests.factories import part, report

pytestmark = pytest.mark.django_db


def test_the_assigned_unit_reports_with_an_attachment(directive, bodies, district_user):
    assignment = part(directive, bodies.district_centre)
    saved = report(
        assignment,
        actor=district_user,
        text="Đã rà soát 12/14 trạm y tế.",
        file=Attachment("bao-cao.pdf", b"%PDF-1.4"),
    )
    assert (saved.unit_path, saved.file_name, bytes(saved.file_content or b"")) == (
        assignment.unit_path,
        "bao-cao.pdf",
        b"%PDF-1.4",
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.OPEN
    assert (
        AuditEvent.objects.filter(entity="directives.progressreport", action=AuditAction.CREATE).count() == 1
    )


def test_reporting_done_marks_the_day_and_waits_for_the_issuer(directive, bodies):
    assignment = part(directive, bodies.district_centre)
    report(assignment, text="Xong", done=True)
    assignment.refresh_from_db()
    assert (assignment.status, assignment.completed_on) == (AssignmentStatus.REPORTED, TODAY)


def test_another_unit_cannot_report_for_it(directive, bodies):
    assignment = part(directive, bodies.district_centre)
    with pytest.raises(DomainError) as caught:
        progress_report(actor=None, organisation_id=bodies.health.pk, assignment=assignment, text="Xong")
    assert caught.value.message == "Chỉ đơn vị được giao nhiệm vụ mới báo cáo tiến độ."


def test_an_empty_report_or_a_huge_file_is_refused(directive, bodies):
    assignment = part(directive, bodies.district_centre)
    with pytest.raises(DomainError) as caught:
        report(
            assignment,
            text=" ",
            file=Attachment("x.bin", b"0" * (5 * 1024 * 1024 + 1)),
        )
    assert caught.value.errors == {
        "text": ["Nội dung báo cáo là bắt buộc."],
        "file": ["Tệp đính kèm quá lớn (tối đa 5 MB)."],
    }


def test_the_issuer_closes_and_closing_again_changes_nothing(directive, bodies, steering_user, tree):
    province = Jurisdiction.of([tree.province.path])
    assignment = part(directive, bodies.district_centre)
    assignment_close(actor=steering_user, jurisdiction=province, assignment=assignment)
    assignment_close(actor=steering_user, jurisdiction=province, assignment=assignment)
    assignment.refresh_from_db()
    assert (assignment.status, assignment.completed_on, assignment.closed_by) == (
        AssignmentStatus.CLOSED,
        TODAY,
        steering_user,
    )
    assert assignment.task.closed_at is not None  # its only unit is done
    assert AuditEvent.objects.filter(entity="directives.assignment").count() == 1
    with pytest.raises(ConflictError):
        report(assignment, text="Thêm")


def test_only_the_issuers_side_closes(directive, bodies, tree):
    assignment = part(directive, bodies.district_centre)
    with pytest.raises(DomainError) as caught:
        assignment_close(
            actor=None, jurisdiction=Jurisdiction.of([tree.district.path]), assignment=assignment
        )
    assert caught.value.message == "Chỉ cơ quan ban hành văn bản mới kết thúc được nhiệm vụ."


def test_the_compliance_table_counts_on_time_late_and_open(directive, bodies, tree):
    province = Jurisdiction.of([tree.province.path])
    on_time = part(directive, bodies.district_centre)
    report(on_time, text="Xong", done=True)
    late = part(directive, bodies.district_centre, position=1)  # due 15/11, done 20/11
    assignment_close(actor=None, jurisdiction=province, assignment=late)
    rows = {row.name: row for row in selectors.compliance(jurisdiction=province, today=clock.today())}
    centre = rows[bodies.district_centre.name]
    assert (centre.on_time, centre.late, centre.open, centre.overdue) == (1, 1, 0, 0)
    other = rows[bodies.other_district_centre.name]
    assert (other.on_time, other.late, other.open, other.overdue) == (0, 0, 1, 1)


def test_closing_a_task_closes_every_units_part(directive, bodies, tree):
    second = directive.tasks.get(position=1)
    task_close(actor=None, jurisdiction=Jurisdiction.of([tree.province.path]), task=second)
    assert set(second.assignments.values_list("status", flat=True)) == {AssignmentStatus.CLOSED}
    second.refresh_from_db()
    assert second.closed_at is not None


def test_overdue_and_due_soon_lists(directive, bodies, tree):
    province = Jurisdiction.of([tree.province.path])
    overdue = selectors.overdue(jurisdiction=province, today=TODAY)
    assert {a.organisation for a in overdue} == {bodies.district_centre, bodies.other_district_centre}
    assert {a.task.ref for a in overdue} == {"2"}
    assert [a.task.ref for a in selectors.due_soon(jurisdiction=province, today=TODAY)] == ["1"]
    mine = selectors.overdue(jurisdiction=Jurisdiction.of([tree.other_district.path]), today=TODAY)
    assert [a.organisation for a in mine] == [bodies.other_district_centre]
