from typing import Any

from django.core.management.base import BaseCommand, CommandError

from phaodai.core.errors import DomainError
from phaodai.geo.models import UnplacedRow
from phaodai.geo.switching import switch_to_two_tier


class Command(BaseCommand):
    help = (
        "Switch this deployment from the three-tier map to the 2025 two-tier map, re-stamping every "
        "unit reference, and list the rows that need a person to choose their new commune."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = switch_to_two_tier(actor=None)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for label, count in sorted(report.placed.items()):
            self.stdout.write(f"{label}: {count} dòng đã chuyển")
        self.stdout.write(f"thôn/bản đã chuyển: {report.villages_moved}")
        pending = (
            UnplacedRow.objects.filter(resolved=False)
            .select_related("old_unit")
            .order_by("model_label", "row_id")
        )
        self.stdout.write(f"Cần gán tay (xã bị chia tách): {pending.count()} dòng")
        for row in pending[:200]:
            options_ = ", ".join(f"{u.name} ({u.code})" for u in row.candidates.all())
            self.stdout.write(
                f"  {row.model_label}#{row.row_id}: {row.old_unit.name} ({row.old_unit.code}) -> {options_}"
            )
