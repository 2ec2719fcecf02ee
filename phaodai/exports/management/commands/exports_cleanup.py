"""Delete the background export files nobody downloaded in time (run daily by cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from phaodai.exports.services import export_files_expire


class Command(BaseCommand):
    help = "Delete export files older than PHAODAI_EXPORT_KEEP_HOURS that nobody downloaded; prints how many."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{export_files_expire()}")
