"""Imports are tested on 20/11/2021 (the demo's day), with a Vero Cell lot on the commune's shelf."""

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from phaodai.core.scoping import Jurisdiction
from phaodai.imports import services
from phaodai.imports.models import ImportBatch

TODAY = dt.date(2021, 11, 20)


@pytest.fixture(autouse=True)
def _pinned_today(settings: Any) -> None:
    settings.PHAODAI_TODAY = TODAY.isoformat()


@pytest.fixture
def run_import(django_capture_on_commit_callbacks: Any) -> Any:
    """Upload ``content`` through the service as ``actor`` and let the job run (the immediate backend)."""

    def run(
        actor: Any, content: bytes, *, name: str = "tiem.csv", kind: str = "doses", unit: Any = None
    ) -> ImportBatch:
        jurisdiction = Jurisdiction.of([actor.organisation.unit.path])
        with django_capture_on_commit_callbacks(execute=True):
            batch = services.import_start(
                actor=actor,
                jurisdiction=jurisdiction,
                kind=kind,
                file=SimpleUploadedFile(name, content),
                unit=unit,
            )
        batch.refresh_from_db()
        return batch

    return run


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")
