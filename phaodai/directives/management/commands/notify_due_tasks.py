"""``manage.py notify_due_tasks [--days N]``: tell units of their open tasks falling due soon (run it daily
from cron, or let the ``due_soon_sweep`` job do it; running it twice notifies nobody twice)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.directives import notify


class Command(BaseCommand):
    help = "Báo cho các đơn vị những nhiệm vụ sắp đến hạn (mỗi nhiệm vụ một lần)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=notify.DUE_SOON_DAYS)

    def handle(self, *args: Any, **options: Any) -> None:
        created = notify.due_soon(today=clock.today(), days=options["days"])
        self.stdout.write(_("Đã tạo %(count)s thông báo sắp đến hạn.") % {"count": len(created)})
