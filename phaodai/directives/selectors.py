"""Reads of directives, tasks and progress, cut by the caller's jurisdiction.

A directive is visible where it was issued (its unit is in the jurisdiction) and to the units it assigns
something to; an assignment, a report, a notification where the assigned organisation sits.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from phaodai.core.scoping import Jurisdiction
from phaodai.directives.models import Assignment, Directive, Notification, ProgressReport, Task
from phaodai.directives.reference import AssignmentStatus, Role

DUE_SOON_DAYS = 7
FINISHED = (AssignmentStatus.REPORTED, AssignmentStatus.CLOSED)


def directive_list(*, jurisdiction: Jurisdiction) -> QuerySet[Directive]:
    """Issued in the jurisdiction, or assigning a task to a unit in it; newest first."""
    assigned = Assignment.objects.visible_to(jurisdiction).filter(task__directive=OuterRef("pk"))
    return (
        Directive.objects.filter(jurisdiction.q() | Q(Exists(assigned)))
        .select_related("issuer")
        .annotate(task_count=Count("tasks", distinct=True))
        .order_by("-created_at", "-pk")
    )


def directive_get(*, jurisdiction: Jurisdiction, pk: int | str) -> Directive:
    try:
        return directive_list(jurisdiction=jurisdiction).get(pk=pk)
    except (Directive.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def directive_tasks(*, directive: Directive, jurisdiction: Jurisdiction) -> list[Task]:
    """The tasks of a directive the caller holds, with their deadlines and the units' parts: every part on
    the issuer's side, only the jurisdiction's own parts for a unit that was assigned some."""
    assignments = Assignment.objects.select_related("organisation").order_by("role", "organisation__name")
    if not jurisdiction.contains(directive.unit_path):
        assignments = assignments.visible_to(jurisdiction)
    return list(
        directive.tasks.prefetch_related("deadlines", Prefetch("assignments", queryset=assignments)).order_by(
            "position"
        )
    )


def _assignments(jurisdiction: Jurisdiction) -> QuerySet[Assignment]:
    return Assignment.objects.visible_to(jurisdiction).select_related(
        "task", "task__directive", "organisation"
    )


def inbox(
    *, jurisdiction: Jurisdiction, organisation_id: int | None, status: str = ""
) -> QuerySet[Assignment]:
    """An organisation's own assignments: open ones first, by due date (undated last)."""
    found = _assignments(jurisdiction).filter(organisation_id=organisation_id or 0)
    if status in AssignmentStatus.values:
        found = found.filter(status=status)
    return found.order_by(F("due_on").asc(nulls_last=True), "-task__directive__created_at", "task__position")


def assignment_list(*, jurisdiction: Jurisdiction) -> QuerySet[Assignment]:
    """Every unit's part of every task in the jurisdiction, by due date (undated last)."""
    return _assignments(jurisdiction).order_by(F("due_on").asc(nulls_last=True), "pk")


def overdue(*, jurisdiction: Jurisdiction, today: dt.date) -> QuerySet[Assignment]:
    """Open assignments past their due date, the longest overdue first."""
    return (
        _assignments(jurisdiction)
        .filter(status=AssignmentStatus.OPEN, due_on__lt=today)
        .order_by("due_on", "organisation__name", "pk")
    )


def due_soon(
    *, jurisdiction: Jurisdiction, today: dt.date, days: int = DUE_SOON_DAYS
) -> QuerySet[Assignment]:
    """Open assignments due from today to ``days`` days on, the soonest first."""
    last = today + dt.timedelta(days=days)
    return (
        _assignments(jurisdiction)
        .filter(status=AssignmentStatus.OPEN, due_on__gte=today, due_on__lte=last)
        .order_by("due_on", "organisation__name", "pk")
    )


def assignment_get(*, jurisdiction: Jurisdiction, pk: int | str) -> Assignment:
    """An assignment seen by the assigned unit (its unit in the jurisdiction) or by the issuer's side."""
    visible = Assignment.objects.filter(jurisdiction.q() | jurisdiction.q("task__directive__unit_path"))
    try:
        return visible.select_related("task", "task__directive", "organisation").get(pk=pk)
    except (Assignment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def assignment_of_directive(*, directive: Directive, pk: int | str) -> Assignment:
    """An assignment of a directive the caller already holds (the issuer's side)."""
    try:
        return Assignment.objects.select_related("task", "task__directive", "organisation").get(
            pk=pk, task__directive=directive
        )
    except (Assignment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def task_of_directive(*, directive: Directive, pk: int | str) -> Task:
    try:
        return directive.tasks.get(pk=pk)
    except (Task.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def reports_of(*, assignment: Assignment) -> QuerySet[ProgressReport]:
    return (
        assignment.reports.select_related("reported_by").defer("file_content").order_by("-reported_at", "-pk")
    )


def report_list(*, jurisdiction: Jurisdiction) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.visible_to(jurisdiction)
        .select_related("assignment", "assignment__task", "assignment__organisation")
        .defer("file_content")
        .order_by("-reported_at", "-pk")
    )


def report_get(*, jurisdiction: Jurisdiction, pk: int | str) -> ProgressReport:
    """A report seen by the unit that wrote it, or by the issuer of the directive."""
    reports = ProgressReport.objects.select_related("assignment__task__directive")
    visible = reports.filter(jurisdiction.q() | jurisdiction.q("assignment__task__directive__unit_path"))
    try:
        return visible.get(pk=pk)
    except (ProgressReport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class ComplianceRow:
    organisation_id: int
    name: str
    on_time: int
    late: int
    open: int
    overdue: int

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.open


def compliance(*, jurisdiction: Jurisdiction, today: dt.date) -> list[ComplianceRow]:
    """Per assigned unit, its lead assignments done on time, done late, still open (and of those overdue).

    Done means reported completed or closed by the issuer; on time when that day is not after the due
    date (a task without a due date is on time whenever it is done).
    """
    finished = Q(status__in=FINISHED)
    late = finished & Q(due_on__isnull=False, completed_on__gt=F("due_on"))
    rows = (
        Assignment.objects.visible_to(jurisdiction)
        .filter(role=Role.LEAD)
        .values("organisation_id", "organisation__name")
        .annotate(
            late=Count("pk", filter=late),
            finished=Count("pk", filter=finished),
            open=Count("pk", filter=Q(status=AssignmentStatus.OPEN)),
            overdue=Count("pk", filter=Q(status=AssignmentStatus.OPEN, due_on__lt=today)),
        )
        .order_by("organisation__name")
    )
    return [
        ComplianceRow(
            row["organisation_id"],
            row["organisation__name"],
            row["finished"] - row["late"],
            row["late"],
            row["open"],
            row["overdue"],
        )
        for row in rows
    ]


def notifications(*, organisation_id: int | None, unread_only: bool = False) -> QuerySet[Notification]:
    found = Notification.objects.filter(organisation_id=organisation_id or 0).select_related(
        "assignment__task"
    )
    return found.filter(read_at__isnull=True) if unread_only else found
