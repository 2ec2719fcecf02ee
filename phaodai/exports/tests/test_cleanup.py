"""Background export files nobody downloads do not stay forever: ``manage.py exports_cleanup`` deletes
those older than ``PHAODAI_EXPORT_KEEP_HOURS`` and marks their jobs expired; nothing else is touched."""

import datetime as dt
import io
import os
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import client_for
from phaodai.core import clock
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.exports.models import ExportJob, ExportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def exports_dir(settings):
    settings.PHAODAI_EXPORT_KEEP_HOURS = 72
    settings.PHAODAI_EXPORTS_DIR.mkdir(parents=True)
    return settings.PHAODAI_EXPORTS_DIR


def _job(user, directory, *, hours_ago, name, downloaded=False):
    """A written job, finished ``hours_ago``, whose file is on disk unless it was downloaded."""
    finished = clock.now() - dt.timedelta(hours=hours_ago)
    if not downloaded:
        (directory / name).write_text("Họ và tên\n")
    return ExportJob.objects.create(
        unit=user.organisation.unit, unit_path=user.organisation.unit_path, list_key="ca-benh",
        file_format="csv", status=ExportStatus.DONE, total_rows=1, rows_written=1, file_name="ca-benh.csv",
        file_path="" if downloaded else name, created_by=user, created_at=finished, finished_at=finished,
        downloaded_at=finished if downloaded else None,
    )  # fmt: skip


def _cleanup():
    out = io.StringIO()
    call_command("exports_cleanup", stdout=out)
    return out.getvalue().strip()


def _aged(path, hours):
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_a_file_nobody_downloaded_in_time_is_deleted_and_its_job_expired(district_user, exports_dir):
    old = _job(district_user, exports_dir, hours_ago=73, name="1-00000000000000aa.csv")
    recent = _job(district_user, exports_dir, hours_ago=71, name="2-00000000000000bb.csv")
    taken = _job(district_user, exports_dir, hours_ago=100, name="", downloaded=True)
    assert _cleanup() == "1"
    old.refresh_from_db()
    assert (old.status, old.file_path) == (ExportStatus.EXPIRED, "")
    assert not (exports_dir / "1-00000000000000aa.csv").exists()
    recent.refresh_from_db()
    assert recent.status == ExportStatus.DONE
    assert (exports_dir / "2-00000000000000bb.csv").exists()
    taken.refresh_from_db()
    assert taken.status == ExportStatus.DONE
    event = AuditEvent.objects.get(action=AuditAction.DELETE, entity="exports.exportjob")
    assert event.row_count == 1


def test_an_expired_job_says_so_and_cannot_be_downloaded(district_user, exports_dir):
    job = _job(district_user, exports_dir, hours_ago=80, name="3-00000000000000cc.csv")
    _cleanup()
    client = client_for(district_user)
    page = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert "không được tải về trong 72 giờ" in page
    assert "hx-trigger" not in page
    assert client.post(reverse("exports:job_download", args=[job.pk])).status_code == 404


def test_a_stray_part_file_is_deleted_and_other_files_are_left_alone(exports_dir):
    names = ("4-00000000000000dd.xlsx.part", "ghi-chu.txt", "5-00000000000000ee.csv.part")
    stray, unrelated, fresh = (exports_dir / name for name in names)
    for path in (stray, unrelated, fresh):
        path.write_text("x")
    _aged(stray, 73)
    _aged(unrelated, 500)
    _cleanup()
    assert not stray.exists()
    assert unrelated.exists()
    assert fresh.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.DELETE).exists()
