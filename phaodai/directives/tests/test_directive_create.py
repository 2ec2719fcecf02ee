"""Saving a confirmed directive: tasks, deadlines, assignments and notifications in one audited write."""

import datetime as dt

import pytest

from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.directives.models import Assignment, Directive, Notification, Task
from phaodai.directives.parsing.model import Deadline, DeadlineType
from phaodai.directives.reference import NotificationKind, Role
from phaodai.directives.services import DirectiveInput, TaskInput, directive_create
from phaodai.directives.tests.factories import make_directive, task

pytestmark = pytest.mark.django_db


def test_it_saves_the_tasks_with_their_deadlines_and_assignments(bodies, steering_user):
    directive = make_directive(
        bodies.steering,
        [
            TaskInput(
                ref="2",
                content="Tham mưu phương án điều tiết nhân lực y tế",
                leads=[bodies.health],
                coordinating=[bodies.district_centre],
                unmapped_coordinating=["Sở Nội vụ"],
                deadlines=[
                    Deadline(DeadlineType.FROM_DATE, dt.date(2021, 11, 16), None, "từ ngày 16/11/2021"),
                    Deadline(DeadlineType.BY_DATE, None, dt.date(2021, 11, 30), "chậm nhất ngày 30/11/2021"),
                ],
            ),
            task("Tuyên truyền 5K", [bodies.district_committee], unmapped_leads=["Mặt trận Tổ quốc"]),
        ],
        actor=steering_user,
    )
    first, second = directive.tasks.order_by("position")
    assert (first.ref, first.due_on, first.unmapped_coordinating) == (
        "2",
        dt.date(2021, 11, 30),
        ["Sở Nội vụ"],
    )
    assert [d.type for d in first.deadlines.all()] == ["from_date", "by_date"]
    roles = {(a.organisation, a.role, a.due_on) for a in first.assignments.all()}
    assert roles == {
        (bodies.health, Role.LEAD, dt.date(2021, 11, 30)),
        (bodies.district_centre, Role.COORDINATING, dt.date(2021, 11, 30)),
    }
    assert second.due_on is None
    assert second.unmapped_leads == ["Mặt trận Tổ quốc"]
    assignment = second.assignments.get()
    assert (assignment.unit_path, assignment.role) == (bodies.district_committee.unit_path, Role.LEAD)
    assert directive.unit_path == bodies.steering.unit_path
    assert directive.issuer_name == bodies.steering.name


def test_it_is_audited_once_and_notifies_every_assigned_unit(bodies, steering_user):
    directive = make_directive(
        bodies.steering,
        [task("Mua sắm máy thở", [bodies.health], coordinating=[bodies.cdc])],
        actor=steering_user,
    )
    event = AuditEvent.objects.get(entity="directives.directive")
    assert (event.action, event.entity_id, event.actor) == (
        AuditAction.CREATE,
        str(directive.pk),
        steering_user,
    )
    assert event.summary == "Nhập văn bản …/TB-BCĐ: 1 nhiệm vụ, 2 lượt giao"
    notified = set(
        Notification.objects.filter(kind=NotificationKind.NEW_TASK).values_list("organisation", flat=True)
    )
    assert notified == {bodies.health.pk, bodies.cdc.pk}


def test_it_refuses_an_incomplete_directive_and_saves_nothing(bodies):
    data = DirectiveInput(
        kind="nhan_tin",
        issuer=bodies.steering,
        tasks=[TaskInput(ref="1", content=" ", leads=[]), task("Báo cáo", [bodies.health])],
    )
    with pytest.raises(DomainError) as caught:
        directive_create(actor=None, jurisdiction=Jurisdiction.of([bodies.steering.unit_path]), data=data)
    assert caught.value.errors == {
        "kind": ["Chọn loại văn bản."],
        "subject": ["Trích yếu là bắt buộc (hoặc dán toàn văn)."],
        "tasks-0-content": ["Nội dung nhiệm vụ 1 là bắt buộc."],
        "tasks-0-leads": ["Nhiệm vụ 1 chưa có đơn vị chủ trì."],
    }
    assert not Directive.objects.exists()
    assert not Task.objects.exists()


def refusal_in_district(tree, issuer, lead) -> dict:
    """What a district's user is told when saving a notice of ``issuer`` giving ``lead`` a task."""
    data = DirectiveInput(
        kind="thong_bao", issuer=issuer, subject="Kết luận", tasks=[task("Xét nghiệm", [lead])]
    )
    with pytest.raises(DomainError) as caught:
        directive_create(actor=None, jurisdiction=Jurisdiction.of([tree.district.path]), data=data)
    return caught.value.errors


def test_it_refuses_to_assign_outside_the_issuers_jurisdiction(tree, bodies):
    errors = refusal_in_district(tree, bodies.district_centre, bodies.other_district_centre)
    assert errors == {"tasks-0-leads": ["Có đơn vị được giao không thuộc địa bàn bạn quản lý."]}
    assert not Assignment.objects.exists()


def test_an_issuer_outside_the_jurisdiction_is_refused(tree, bodies):
    errors = refusal_in_district(tree, bodies.steering, bodies.district_centre)
    assert errors == {"issuer": ["Chọn cơ quan ban hành thuộc địa bàn bạn quản lý."]}
