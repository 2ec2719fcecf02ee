"""Queue again the imports whose worker died mid-way (run at start-up, and by cron in production)."""

from typing import Any

from django.core.management.base import BaseCommand

from phaodai.core import jobs
from phaodai.imports.jobs import claimable, import_run
from phaodai.imports.models import BatchStatus, ImportBatch


class Command(BaseCommand):
    help = "Queue again the imports left running by a worker that stopped (they resume where they were)."

    def handle(self, *args: Any, **options: Any) -> None:
        stalled = ImportBatch.objects.filter(claimable(), status=BatchStatus.RUNNING).values_list(
            "pk", flat=True
        )
        for pk in stalled:
            jobs.enqueue_on_commit(import_run, pk)
        self.stdout.write(f"{len(stalled)}")
