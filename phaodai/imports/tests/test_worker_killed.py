"""Killing the worker in the middle of an import, then starting it again: every valid row lands once.

A real worker process (``manage.py db_worker``) on a database of its own (a SQLite file, or a fresh
PostgreSQL database when the suite runs on PostgreSQL) imports a file of 4,000 doses in chunks of 40
rows; it is killed with SIGKILL once some chunks of doses have committed, started again, and the stalled
batch is queued again (``manage.py imports_resume``).
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PERSONS = 2000  # two doses each
SETUP = f"""
import datetime as dt
from django.core.files.uploadedfile import SimpleUploadedFile
from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import OrganisationFactory, UserFactory
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.tests import factories as units
from phaodai.imports.services import import_start
from phaodai.vaccination.tests.factories import vaccine_lot

province = units.province("12", "Tỉnh Lai Châu")
district = units.district(province, "106", "Huyện Phong Thổ")
commune = units.commune(district, "03412", "Xã Dào San")
vaccine_lot(commune, "VC", number="VC-2109", doses=10)
user = UserFactory(username="ttyt", role=Role.DISTRICT_HEALTH,
                   organisation=OrganisationFactory(unit=district, kind="district_health_centre"))
lines = ["Họ và tên,Năm sinh,Giới tính,Mã xã,Mũi số,Vắc xin,Số lô,Ngày tiêm"]
for n in range({PERSONS}):
    lines.append(f"Người thứ {{n}},1980,Nam,03412,1,VC,VC-2109,01/09/2021")
    lines.append(f"Người thứ {{n}},1980,Nam,03412,2,VC,VC-2109,29/09/2021")
content = ("\\n".join(lines) + "\\n").encode()
batch = import_start(actor=user, jurisdiction=Jurisdiction.of([district.path]), kind="doses",
                     file=SimpleUploadedFile("tiem.csv", content), unit=None)
print(batch.pk)
"""


@contextmanager
def _database(tmp_path: Path) -> Iterator[tuple[dict[str, str], Any]]:
    """Environment for the subprocesses and a connect() for the test to watch the batch."""
    env = {
        **os.environ,
        "PHAODAI_ENV": "development",
        "PHAODAI_TODAY": "2021-11-20",
        "PHAODAI_IMPORT_CHUNK": "40",
    }
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        path = tmp_path / "worker.sqlite3"
        env.pop("DATABASE_URL", None)
        env["PHAODAI_SQLITE_PATH"] = str(path)
        yield env, lambda: sqlite3.connect(path, timeout=20)
        return
    import psycopg

    name = f"phaodai_kill_{uuid.uuid4().hex[:8]}"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    try:
        yield env, lambda: psycopg.connect(env["DATABASE_URL"], autocommit=True)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - this interpreter and manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--interval",
            "0.1",
            "--no-startup-delay",
            "--no-reload",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _batch(connect: Any, batch_id: int) -> tuple[str, str, int]:
    connection = connect()
    try:
        row = connection.execute(
            "SELECT status, phase, rows_done FROM imports_importbatch WHERE id = %s".replace(
                "%s", "?" if isinstance(connection, sqlite3.Connection) else "%s"
            ),
            (batch_id,),
        ).fetchone()
    finally:
        connection.close()
    return row


def _wait(connect: Any, batch_id: int, until: Any, seconds: float) -> tuple[str, str, int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = _batch(connect, batch_id)
        if until(state):
            return state
        time.sleep(0.01)
    raise AssertionError(f"batch {batch_id} stuck at {_batch(connect, batch_id)}")


def _count(connect: Any, sql: str) -> int:
    connection = connect()
    try:
        return int(connection.execute(sql).fetchone()[0])
    finally:
        connection.close()


def test_a_killed_worker_resumes_and_imports_every_valid_row_exactly_once(tmp_path: Path) -> None:
    with _database(tmp_path) as (env, connect):
        _manage(env, "migrate", "--noinput", "-v", "0")
        batch_id = int(_manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
        worker = _worker(env)
        try:
            killed_at = _wait(connect, batch_id, lambda s: s[1] == "records" and s[2] > 0, 240)
            worker.send_signal(signal.SIGKILL)
        finally:
            worker.wait(timeout=30)
        assert 0 < killed_at[2] < 2 * PERSONS
        _wait(connect, batch_id, lambda s: s[0] == "running", 1)  # nobody finished it for us
        worker = _worker({**env, "PHAODAI_IMPORT_STALE_SECONDS": "0"})
        try:
            assert _manage({**env, "PHAODAI_IMPORT_STALE_SECONDS": "0"}, "imports_resume").strip() == "1"
            status, _phase, done = _wait(connect, batch_id, lambda s: s[0] in ("done", "failed"), 240)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)
        assert (status, done) == ("done", 2 * PERSONS)
        assert _count(connect, "SELECT COUNT(*) FROM vaccination_dose") == 2 * PERSONS
        assert _count(connect, "SELECT COUNT(*) FROM people_person") == PERSONS
        assert (
            _count(connect, "SELECT COUNT(DISTINCT person_id) FROM vaccination_dose WHERE number = 2")
            == PERSONS
        )
        assert _count(connect, "SELECT COUNT(*) FROM core_auditevent WHERE action = 'bulk_load'") == 1
