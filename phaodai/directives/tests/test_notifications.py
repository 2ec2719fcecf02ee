"""A unit hears of new and due-soon tasks once; the outbox is delivered by a job, once."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import UserFactory
from phaodai.core import home
from phaodai.core.access import access_for_user
from phaodai.directives import jobs, notify
from phaodai.directives.models import Notification, OutboxMessage
from phaodai.directives.reference import NotificationKind, OutboxStatus
from phaodai.directives.tests.conftest import TODAY
from phaodai.directives.tests.factories import make_directive, task

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(bodies):
    return UserFactory(
        username="vanthu",
        role=Role.DISTRICT_HEALTH,
        organisation=bodies.district_centre,
        email="vanthu@ttyt.vn",
    )


def test_a_new_task_writes_a_notification_and_an_email_row(
    bodies, reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_directive(
            bodies.steering, [task("Rà soát", [bodies.district_centre], due=dt.date(2021, 11, 30))]
        )
    notification = Notification.objects.get(organisation=bodies.district_centre)
    assert notification.kind == NotificationKind.NEW_TASK
    assert notification.message == "Nhiệm vụ mới 1 được giao theo văn bản …/TB-BCĐ."
    message = OutboxMessage.objects.get()
    assert (message.channel, message.recipient, message.status) == (
        "email",
        "vanthu@ttyt.vn",
        OutboxStatus.SENT,
    )
    assert message.sent_at is not None
    assert message.attempts == 1


def test_due_soon_notifies_once_however_often_it_runs(bodies, reader):
    make_directive(
        bodies.steering,
        [
            task("Sắp hạn", [bodies.district_centre], due=TODAY + dt.timedelta(days=2)),
            task("Còn xa", [bodies.health], due=TODAY + dt.timedelta(days=20)),
        ],
    )
    assert len(notify.due_soon(today=TODAY)) == 1
    assert notify.due_soon(today=TODAY) == []
    due = Notification.objects.get(kind=NotificationKind.DUE_SOON)
    assert due.organisation == bodies.district_centre
    assert due.message == "Nhiệm vụ 1 (văn bản …/TB-BCĐ) đến hạn ngày 22/11/2021."
    assert OutboxMessage.objects.filter(notification=due).count() == 1


def test_a_message_is_delivered_once_through_the_file_adapter(bodies, reader, settings, tmp_path):
    outbox = tmp_path / "outbox.jsonl"
    settings.PHAODAI_OUTBOX_ADAPTER = f"file:{outbox}"
    make_directive(bodies.steering, [task("Rà soát", [bodies.district_centre])])
    message = OutboxMessage.objects.get()
    assert jobs.outbox_deliver.call(message.pk) == "sent"
    assert jobs.outbox_deliver.call(message.pk) == "skipped"
    (line,) = outbox.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["recipient"] == "vanthu@ttyt.vn"


def test_the_sweep_job_counts_what_it_notified(bodies):
    make_directive(bodies.steering, [task("Sắp hạn", [bodies.district_centre], due=TODAY)])
    assert jobs.due_soon_sweep.call() == 1
    assert jobs.due_soon_sweep.call() == 0


def test_the_command_sends_the_due_soon_reminders(bodies):
    make_directive(
        bodies.steering, [task("Sắp hạn", [bodies.district_centre], due=TODAY + dt.timedelta(days=1))]
    )
    out = io.StringIO()
    call_command("notify_due_tasks", stdout=out)
    assert out.getvalue().strip() == "Đã tạo 1 thông báo sắp đến hạn."


def test_the_home_page_counts_the_units_open_and_overdue_tasks_and_unread_notices(bodies, district_user):
    make_directive(
        bodies.steering,
        [
            task("Quá hạn", [bodies.district_centre], due=TODAY - dt.timedelta(days=1)),
            task("Còn hạn", [bodies.district_centre]),
        ],
    )
    counters = {c.label: c.value for c in home.counters(access_for_user(district_user))}
    assert counters["Nhiệm vụ đơn vị đang thực hiện"] == 2
    assert counters["Nhiệm vụ của đơn vị đã quá hạn"] == 1
    assert counters["Thông báo chỉ đạo chưa đọc"] == 2
