"""``manage.py parse_directive PATH [--json]``: what the ingestion form would propose for a file."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from phaodai.directives.parsing import parse


class Command(BaseCommand):
    help = "Đọc văn bản chỉ đạo (UTF-8) và in cấu trúc đề xuất: số, ngày, nhiệm vụ, đơn vị, thời hạn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--json", action="store_true", help=_("In dạng JSON."))

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("Không đọc được tệp %(path)s: %(error)s") % {"path": path, "error": error}
            ) from error
        structure = parse(text).as_json()
        if options["json"]:
            self.stdout.write(json.dumps(structure, ensure_ascii=False, indent=2))
            return
        self._summary(structure)

    def _summary(self, structure: dict[str, Any]) -> None:
        number = structure["number"] or "…"
        self.stdout.write(
            f"{structure['kind'] or '?'} {number}/{structure['symbol'] or '?'}: {structure['subject']}"
        )
        for task in structure["tasks"]:
            leads = ", ".join(task["lead_units"]) or "—"
            due = "; ".join(deadline["text"] for deadline in task["deadlines"]) or "—"
            self.stdout.write(f"  {task['ref']}. [{leads}] [{due}] {task['text'][:80]}")
