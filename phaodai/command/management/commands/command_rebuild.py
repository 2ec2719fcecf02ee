"""``manage.py command_rebuild``: recompute the daily counts from the source rows (after a bulk load)."""

from typing import Any

from django.core.management.base import BaseCommand

from phaodai.command.counters import rebuild


class Command(BaseCommand):
    help = "Tính lại số liệu tổng hợp theo đơn vị và ngày báo cáo từ dữ liệu gốc."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{rebuild()} ô số liệu đã tính lại.")
