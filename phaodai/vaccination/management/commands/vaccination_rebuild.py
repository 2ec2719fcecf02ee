"""``manage.py vaccination_rebuild [--unit CODE]``: recount the coverage counters and recompute the
persons' statuses from the dose rows (after a bulk load, or after a rule version was adopted)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from phaodai.vaccination.rebuild import rebuild


class Command(BaseCommand):
    help = "Đếm lại bảng bao phủ và tính lại mũi tiếp theo của từng người từ các mũi đã tiêm."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", default="", help="mã tỉnh/huyện/xã; để trống: toàn bộ")

    def handle(self, *args: Any, unit: str = "", **options: Any) -> None:
        counters, statuses = rebuild(unit_code=unit)
        self.stdout.write(f"{counters} dòng bao phủ, {statuses} người đã tính lại.")
