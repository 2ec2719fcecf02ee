"""Where outbox messages go. The deployment picks one with ``PHAODAI_OUTBOX_ADAPTER``: ``console`` (the
default: the worker's log), ``file:<path>`` (one JSON line per message) — a real e-mail or SMS gateway is
one more class with the same ``send``."""

import json
import logging
from pathlib import Path
from typing import Protocol

from django.conf import settings

from phaodai.directives.models import OutboxMessage

logger = logging.getLogger("phaodai.directives.outbox")


class Adapter(Protocol):
    def send(self, message: OutboxMessage) -> None: ...


class ConsoleAdapter:
    """Logs the message (at WARNING, the level a default deployment shows)."""

    def send(self, message: OutboxMessage) -> None:
        logger.warning("[%s → %s] %s", message.channel, message.recipient, message.subject)


class FileAdapter:
    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, message: OutboxMessage) -> None:
        line = {
            "id": message.pk,
            "channel": message.channel,
            "recipient": message.recipient,
            "subject": message.subject,
            "body": message.body,
        }
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")


def adapter() -> Adapter:
    choice = str(getattr(settings, "PHAODAI_OUTBOX_ADAPTER", "console"))
    if choice.startswith("file:"):
        return FileAdapter(Path(choice.removeprefix("file:")))
    return ConsoleAdapter()
