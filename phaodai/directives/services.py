"""Writes: saving a confirmed directive with its tasks, progress reports, closure. Audited in the same
transaction; notifications and their outbox rows too (delivered after commit)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.accounts.models import Organisation
from phaodai.core import audit, clock
from phaodai.core.errors import ConflictError, DomainError, FieldErrors
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import nfc
from phaodai.directives import notify
from phaodai.directives.models import Assignment, Directive, Notification, ProgressReport, Task, TaskDeadline
from phaodai.directives.parsing.model import Deadline, DeadlineType
from phaodai.directives.reference import AssignmentStatus, DirectiveKind, NotificationKind, Role

MAX_FILE_BYTES = 5 * 1024 * 1024
# The deadlines that end on a day: a task is due on the first one's last day.
DATED = (DeadlineType.BY_DATE, DeadlineType.IN_PERIOD)


@dataclass
class TaskInput:
    ref: str
    content: str
    leads: list[Organisation] = field(default_factory=list)
    coordinating: list[Organisation] = field(default_factory=list)
    unmapped_leads: list[str] = field(default_factory=list)
    unmapped_coordinating: list[str] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)

    @property
    def due_on(self) -> dt.date | None:
        return next((d.end for d in self.deadlines if d.type in DATED and d.end is not None), None)


@dataclass
class Attachment:
    name: str
    content: bytes


@dataclass
class DirectiveInput:
    kind: str
    issuer: Organisation | None
    number: str = ""
    symbol: str = ""
    date: dt.date | None = None
    date_text: str = ""
    place: str = ""
    issuer_name: str = ""
    signer: str = ""
    subject: str = ""
    text: str = ""
    recipients: list[str] = field(default_factory=list)
    file: Attachment | None = None
    tasks: list[TaskInput] = field(default_factory=list)


def _check_file(errors: FieldErrors, name: str, file: Attachment | None) -> None:
    if file is not None and len(file.content) > MAX_FILE_BYTES:
        errors.add(name, _("Tệp đính kèm quá lớn (tối đa 5 MB)."))


def _check_task(errors: FieldErrors, index: int, task: TaskInput, jurisdiction: Jurisdiction) -> None:
    prefix = f"tasks-{index}-"
    if not nfc(task.content):
        errors.add(
            f"{prefix}content", _("Nội dung nhiệm vụ %(ref)s là bắt buộc.") % {"ref": task.ref or index + 1}
        )
    if not (task.leads or task.unmapped_leads):
        errors.add(
            f"{prefix}leads", _("Nhiệm vụ %(ref)s chưa có đơn vị chủ trì.") % {"ref": task.ref or index + 1}
        )
    if any(not jurisdiction.contains(org.unit_path) for org in [*task.leads, *task.coordinating]):
        errors.add(f"{prefix}leads", _("Có đơn vị được giao không thuộc địa bàn bạn quản lý."))
    if any(d.start and d.end and d.end < d.start for d in task.deadlines):
        errors.add(f"{prefix}deadlines", _("Thời hạn kết thúc không được trước ngày bắt đầu."))


def _check(data: DirectiveInput, jurisdiction: Jurisdiction) -> None:
    errors = FieldErrors()
    if data.kind not in DirectiveKind.values:
        errors.add("kind", _("Chọn loại văn bản."))
    if data.issuer is None or not jurisdiction.contains(data.issuer.unit_path):
        errors.add("issuer", _("Chọn cơ quan ban hành thuộc địa bàn bạn quản lý."))
    if not nfc(data.subject) and not nfc(data.text):
        errors.add("subject", _("Trích yếu là bắt buộc (hoặc dán toàn văn)."))
    if not data.tasks:
        errors.add("__all__", _("Văn bản phải có ít nhất một nhiệm vụ."))
    _check_file(errors, "file", data.file)
    for index, task in enumerate(data.tasks):
        _check_task(errors, index, task, jurisdiction)
    errors.raise_any()


def _names(values: list[str]) -> list[str]:
    return [name for name in (nfc(value) for value in values) if name]


def _save_tasks(directive: Directive, tasks: list[TaskInput]) -> list[Assignment]:
    assignments: list[Assignment] = []
    for position, data in enumerate(tasks):
        task = Task.objects.create(
            directive=directive,
            position=position,
            ref=nfc(data.ref)[:20] or str(position + 1),
            content=data.content.strip(),
            due_on=data.due_on,
            unmapped_leads=_names(data.unmapped_leads),
            unmapped_coordinating=_names(data.unmapped_coordinating),
        )
        TaskDeadline.objects.bulk_create(
            TaskDeadline(task=task, type=d.type, start=d.start, end=d.end, text=nfc(d.text)[:255])
            for d in data.deadlines
        )
        roles = {org.pk: (org, Role.LEAD) for org in data.leads}
        roles |= {org.pk: (org, Role.COORDINATING) for org in data.coordinating if org.pk not in roles}
        assignments += [
            Assignment(
                task=task,
                organisation=org,
                role=role,
                unit_id=org.unit_id,
                unit_path=org.unit_path,
                due_on=task.due_on,
            )
            for org, role in roles.values()
        ]
    return Assignment.objects.bulk_create(assignments)


@transaction.atomic
def directive_create(*, actor: Any, jurisdiction: Jurisdiction, data: DirectiveInput) -> Directive:
    """Save a confirmed directive with its tasks and assignments; notify the assigned units."""
    _check(data, jurisdiction)
    issuer: Organisation = data.issuer  # type: ignore[assignment]  # checked above
    directive = Directive.objects.create(
        unit_id=issuer.unit_id,
        unit_path=issuer.unit_path,
        number=nfc(data.number)[:20],
        symbol=nfc(data.symbol)[:60],
        date=data.date,
        date_text=nfc(data.date_text)[:200],
        place=nfc(data.place)[:100],
        kind=data.kind,
        issuer=issuer,
        issuer_name=nfc(data.issuer_name)[:255] or issuer.name,
        signer=nfc(data.signer)[:120],
        subject=nfc(data.subject),
        text=data.text.strip(),
        recipients=_names(data.recipients),
        file_name=data.file.name[:255] if data.file else "",
        file_content=data.file.content if data.file else None,
        created_at=clock.now(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    assignments = _save_tasks(directive, data.tasks)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=directive,
        summary=_("Nhập văn bản %(ref)s: %(tasks)s nhiệm vụ, %(units)s lượt giao")
        % {
            "ref": directive.reference or directive.subject[:40],
            "tasks": len(data.tasks),
            "units": len(assignments),
        },
    )
    notify.notify(assignments, NotificationKind.NEW_TASK)
    return directive


def _own(assignment: Assignment, organisation_id: int | None) -> None:
    if organisation_id is None or assignment.organisation_id != organisation_id:
        raise DomainError(_("Chỉ đơn vị được giao nhiệm vụ mới báo cáo tiến độ."), field="__all__")
    if assignment.status == AssignmentStatus.CLOSED:
        raise ConflictError(_("Nhiệm vụ đã được cơ quan ban hành kết thúc; không báo cáo thêm."))


@transaction.atomic
def progress_report(
    *,
    actor: Any,
    organisation_id: int | None,
    assignment: Assignment,
    text: str,
    done: bool = False,
    file: Attachment | None = None,
) -> ProgressReport:
    """The assigned unit reports on its part; ``done`` says it is completed (the issuer then closes it)."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _own(assignment, organisation_id)
    errors = FieldErrors()
    if not nfc(text):
        errors.add("text", _("Nội dung báo cáo là bắt buộc."))
    _check_file(errors, "file", file)
    errors.raise_any()
    report = ProgressReport.objects.create(
        assignment=assignment,
        unit_id=assignment.unit_id,
        unit_path=assignment.unit_path,
        text=text.strip(),
        done=done,
        file_name=file.name[:255] if file else "",
        file_content=file.content if file else None,
        reported_at=clock.now(),
        reported_by=actor if getattr(actor, "pk", None) else None,
    )
    if done and assignment.status == AssignmentStatus.OPEN:
        Assignment.objects.filter(pk=assignment.pk).update(
            status=AssignmentStatus.REPORTED, completed_on=clock.today()
        )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=report,
        summary=_("Báo cáo tiến độ nhiệm vụ %(ref)s") % {"ref": assignment.task.ref},
        changes={"done": done},
    )
    return report


def _may_close(assignment: Assignment, jurisdiction: Jurisdiction) -> None:
    if not jurisdiction.contains(assignment.task.directive.unit_path):
        raise DomainError(_("Chỉ cơ quan ban hành văn bản mới kết thúc được nhiệm vụ."))


@transaction.atomic
def assignment_close(*, actor: Any, jurisdiction: Jurisdiction, assignment: Assignment) -> Assignment:
    """The issuer closes one unit's part of a task; closing it again changes nothing."""
    assignment = (
        Assignment.objects.select_for_update().select_related("task__directive").get(pk=assignment.pk)
    )
    _may_close(assignment, jurisdiction)
    if assignment.status == AssignmentStatus.CLOSED:
        return assignment
    before = audit.snapshot(assignment, ["status", "completed_on"])
    assignment.status = AssignmentStatus.CLOSED
    assignment.completed_on = assignment.completed_on or clock.today()
    assignment.closed_at, assignment.closed_by = clock.now(), (actor if getattr(actor, "pk", None) else None)
    assignment.save(update_fields=["status", "completed_on", "closed_at", "closed_by"])
    task = assignment.task
    if not task.assignments.exclude(status=AssignmentStatus.CLOSED).exists():
        Task.objects.filter(pk=task.pk).update(closed_at=assignment.closed_at)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=assignment,
        summary=_("Kết thúc nhiệm vụ %(ref)s của %(unit)s")
        % {"ref": task.ref, "unit": assignment.organisation},
        changes=audit.diff(before, audit.snapshot(assignment, ["status", "completed_on"])),
    )
    return assignment


def notifications_read(*, actor: Any, organisation_id: int | None) -> int:
    """Mark an organisation's notifications read (interface state, not a record: not audited)."""
    unread = Notification.objects.filter(organisation_id=organisation_id or 0, read_at__isnull=True)
    return unread.update(read_at=clock.now())


def task_close(*, actor: Any, jurisdiction: Jurisdiction, task: Task) -> None:
    """Close every unit's part of a task at once."""
    with transaction.atomic():
        for assignment in task.assignments.exclude(status=AssignmentStatus.CLOSED).select_related(
            "organisation"
        ):
            assignment_close(actor=actor, jurisdiction=jurisdiction, assignment=assignment)
