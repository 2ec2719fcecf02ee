from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phaodai.core.errors import DomainError
from phaodai.geo.services import population_import_csv


class Command(BaseCommand):
    help = "Import population by unit and age band from a CSV file (Mã đơn vị, Năm, Nhóm tuổi, Số người)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv_path", type=Path)

    def handle(self, *args: Any, csv_path: Path, **options: Any) -> None:
        try:
            content = csv_path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {csv_path}: {exc.strerror}") from exc
        try:
            count = population_import_csv(actor=None, content=content)
        except DomainError as exc:
            raise CommandError("\n".join(exc.errors.get("file", [exc.message]))) from exc
        self.stdout.write(f"Đã nhập {count} dòng dân số.")
