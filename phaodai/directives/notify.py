"""Telling a unit about its tasks: a notification in the platform, and an outbox row per e-mail or SMS.

Both are written in the caller's transaction; the outbox rows are delivered by a job after commit
(``directives.jobs``). A notification exists once per assignment and kind, so running the due-soon sweep
twice, or assigning again, notifies nobody twice.
"""

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.core import clock, jobs
from phaodai.core.text import day_text
from phaodai.directives.models import Assignment, Notification, OutboxMessage
from phaodai.directives.reference import AssignmentStatus, Channel, NotificationKind

DUE_SOON_DAYS = 3
SUBJECT_LENGTH = 200


def _message(assignment: Assignment, kind: str) -> str:
    task = assignment.task
    words = {"ref": task.ref, "directive": task.directive.reference or task.directive.subject[:60]}
    if kind == NotificationKind.DUE_SOON and assignment.due_on is not None:
        words["day"] = day_text(assignment.due_on)
        return _("Nhiệm vụ %(ref)s (văn bản %(directive)s) đến hạn ngày %(day)s.") % words
    return _("Nhiệm vụ mới %(ref)s được giao theo văn bản %(directive)s.") % words


def _outbox(notifications: Sequence[Notification], now: dt.datetime) -> list[OutboxMessage]:
    """One e-mail per active user of the notified organisation who has an address."""
    organisation_ids = {notification.organisation_id for notification in notifications}
    addresses: dict[int, list[str]] = {}
    users = User.objects.filter(organisation_id__in=organisation_ids, is_active=True).exclude(email="")
    for organisation_id, email in users.values_list("organisation_id", "email").order_by("pk"):
        addresses.setdefault(organisation_id, []).append(email)
    return [
        OutboxMessage(
            notification=notification,
            channel=Channel.EMAIL,
            recipient=email,
            subject=notification.message[:SUBJECT_LENGTH],
            body=notification.assignment.task.content,
            created_at=now,
        )
        for notification in notifications
        for email in addresses.get(notification.organisation_id, [])
    ]


def notify(assignments: Sequence[Assignment], kind: str) -> list[Notification]:
    """Notify each assignment's organisation once for ``kind``; schedule delivery of the outbox rows."""
    from phaodai.directives.jobs import outbox_deliver  # the job module imports the adapters

    done = set(
        Notification.objects.filter(assignment__in=assignments, kind=kind).values_list(
            "assignment_id", flat=True
        )
    )
    now = clock.now()
    created = Notification.objects.bulk_create(
        [
            Notification(
                organisation_id=assignment.organisation_id,
                assignment=assignment,
                kind=kind,
                message=_message(assignment, kind)[:300],
                created_at=now,
            )
            for assignment in assignments
            if assignment.pk not in done
        ]
    )
    for message in OutboxMessage.objects.bulk_create(_outbox(created, now)):
        if message.pk is not None:
            jobs.enqueue_on_commit(outbox_deliver, message.pk)
    return created


def due_soon(*, today: dt.date, days: int = DUE_SOON_DAYS) -> list[Notification]:
    """Notify every open assignment due within ``days`` days from ``today`` (not those already told)."""
    assignments = list(
        Assignment.objects.filter(
            status=AssignmentStatus.OPEN, due_on__gte=today, due_on__lte=today + dt.timedelta(days=days)
        )
        .exclude(notifications__kind=NotificationKind.DUE_SOON)
        .select_related("task", "task__directive")
    )
    return notify(assignments, NotificationKind.DUE_SOON)
