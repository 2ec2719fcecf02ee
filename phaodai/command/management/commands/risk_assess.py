"""``manage.py risk_assess [--week-end YYYY-MM-DD] [--unit CODE]``: the week's epidemic levels of every
commune (and the roll-up) under each province of the deployment's map, or under one unit. Without a date,
the last full week (Monday to Sunday) before today. Run weekly (the demo server runs it every day: the
result of a finished week does not change, so a repeat costs a recomputation only)."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet

from phaodai.command.services import last_full_week_end, risk_assess_week
from phaodai.core import clock
from phaodai.core.errors import DomainError
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit, Population, UnitLevel
from phaodai.geo.services import deployment_map


def _provinces_with_population(units: QuerySet[AdminUnit]) -> QuerySet[AdminUnit]:
    """The provinces this deployment holds data for (the others would only say "thiếu dân số")."""
    codes = {
        path.split("/")[1]
        for path in Population.objects.values_list("unit_path", flat=True).distinct()[:100_000]
    }
    return units.filter(level=UnitLevel.PROVINCE, code__in=codes)


class Command(BaseCommand):
    help = "Đánh giá cấp độ dịch theo tuần cho mọi xã (và tổng hợp lên huyện, tỉnh)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--week-end", default="", help="ngày cuối tuần (YYYY-MM-DD); mặc định: Chủ nhật vừa qua"
        )
        parser.add_argument("--unit", default="", help="mã đơn vị; mặc định: mọi tỉnh")

    def handle(self, *args: Any, week_end: str = "", unit: str = "", **options: Any) -> None:
        try:
            day = dt.date.fromisoformat(week_end) if week_end else last_full_week_end(clock.today())
        except ValueError as exc:
            raise CommandError("--week-end phải theo dạng YYYY-MM-DD.") from exc
        units = AdminUnit.objects.filter(unit_map=deployment_map())
        tops = units.filter(code=unit) if unit else _provinces_with_population(units)
        if not tops.exists():
            raise CommandError(
                f"Không có đơn vị mã «{unit}»." if unit else "Chưa có tỉnh nào có số liệu dân số."
            )
        written = 0
        for top in tops:
            try:
                written += risk_assess_week(
                    actor=None, jurisdiction=Jurisdiction.of([top.path]), unit=top, week_end=day
                )
            except DomainError as error:
                raise CommandError(error.message) from error
        self.stdout.write(f"Tuần đến {day:%d/%m/%Y}: {written} đơn vị đã đánh giá.")
