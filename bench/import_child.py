"""Run one import batch's phases in a fresh process and print their timings as JSON (``bench.imports``
reads this process's peak memory from the kernel): ``python -m bench.import_child <batch id>``."""

import json
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PHAODAI_ENV", "development")


def main(batch_id: int) -> None:
    import django

    django.setup()
    from phaodai.imports import jobs
    from phaodai.imports.models import BatchStatus, Phase

    batch = jobs.claim(batch_id)
    assert batch is not None, f"batch {batch_id} is not claimable"
    timings: dict[str, float] = {}
    while batch.status == BatchStatus.RUNNING:
        phase = Phase(batch.phase)
        started = time.perf_counter()
        jobs.PHASES[phase](batch)
        timings[phase.value] = time.perf_counter() - started
    print(json.dumps(timings))


if __name__ == "__main__":
    main(int(sys.argv[1]))
