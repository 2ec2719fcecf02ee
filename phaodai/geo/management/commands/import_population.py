from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phaodai.core.errors import DomainError
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.geo.services import deployment_map, population_import_csv


class Command(BaseCommand):
    help = "Import population by unit and age band from a CSV file (Mã đơn vị, Năm, Nhóm tuổi, Số người)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv_path", type=Path)
        parser.add_argument(
            "--unit", default="", help="Only accept rows inside this unit (official code); default: all."
        )

    def handle(self, *args: Any, csv_path: Path, unit: str, **options: Any) -> None:
        jurisdiction = None
        if unit:
            root = (
                AdminUnit.objects.filter(unit_map=deployment_map(), code=unit)
                .exclude(level=UnitLevel.VILLAGE)
                .first()
            )
            if root is None:
                raise CommandError(f"Không có đơn vị mã {unit} trên bản đồ đang dùng.")
            jurisdiction = Jurisdiction.of([root.path])
        try:
            content = csv_path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {csv_path}: {exc.strerror}") from exc
        try:
            count = population_import_csv(actor=None, content=content, jurisdiction=jurisdiction)
        except DomainError as exc:
            raise CommandError("\n".join(exc.errors.get("file", [exc.message]))) from exc
        self.stdout.write(f"Đã nhập {count} dòng dân số.")
