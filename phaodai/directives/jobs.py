"""Background jobs of the directives app (see ``phaodai.core.jobs`` for the rules every job follows)."""

from django.tasks import task

from phaodai.core import clock, jobs
from phaodai.directives import adapters, notify
from phaodai.directives.models import OutboxMessage
from phaodai.directives.reference import OutboxStatus

ERROR_LENGTH = 255


@task
def outbox_deliver(message_id: int) -> str:
    """Send one outbox message through the configured adapter, once: it claims the row first."""
    messages = OutboxMessage.objects.all()
    if not jobs.claim(
        messages, pk=message_id, field="status", expected=OutboxStatus.PENDING, new=OutboxStatus.SENDING
    ):
        return "skipped"
    message = messages.get(pk=message_id)
    try:
        adapters.adapter().send(message)
    except Exception as error:
        messages.filter(pk=message_id).update(
            status=OutboxStatus.FAILED, attempts=message.attempts + 1, error=str(error)[:ERROR_LENGTH]
        )
        raise
    messages.filter(pk=message_id).update(
        status=OutboxStatus.SENT, attempts=message.attempts + 1, sent_at=clock.now()
    )
    return OutboxStatus.SENT.value


@task
def due_soon_sweep() -> int:
    """Notify the units whose tasks fall due in the next days (run it daily; running it twice is harmless)."""
    return len(notify.due_soon(today=clock.today()))
