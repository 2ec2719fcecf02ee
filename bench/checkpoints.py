"""Checkpoints: passages recorded through the API under load, and a checkpoint's "today" page over a
million passages.

1. 200 passages per second sent for ``SECONDS`` seconds to ``POST /api/passages/`` on a real server
   (gunicorn, ``WORKERS`` gthread workers of ``THREADS`` threads, the WSGI app, PostgreSQL), open loop:
   each request has a planned start and its latency counts from then, so a slow server cannot hide its queue. Each passage goes through
   the whole service: validation, the test rule in force, the zone lookup, the route check, the counters
   upsert, an arrival follow-up when the origin is a zone, the audit row. Baseline in the same run: the
   same number of bare single-row INSERTs of passage rows into the same table, one transaction each.
   The CPU the server's processes, the database backends serving them and the client spend per passage
   (from ``/proc``) says how many passages 2 cores fit, whatever else shares the machine during the run.
   ``BENCH_API_RUNS`` repeats this part (default once).
2. The checkpoint's "today" page (counters, latest 50 passages, shift on duty) with ``BENCH_PASSAGES``
   (default 1,000,000) passages in the table: p95 of the full page through the test client, and the
   page's reads against a naive version (counting the day's rows by ``at::date`` and listing them
   without the (checkpoint, day) index), interleaved on the same checkpoints.
"""

import datetime as dt
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from itertools import count

from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.measure import line, paired_latencies_ms, python_speed_ms, timed
from phaodai.accounts.models import Organisation, OrganisationKind, User
from phaodai.accounts.roles import Role
from phaodai.checkpoints import selectors
from phaodai.checkpoints.models import Checkpoint, Passage, Zone
from phaodai.checkpoints.reference import CheckpointLevel, Decision, Direction, Purpose
from phaodai.core import clock
from phaodai.core.bulk import bulk_insert
from phaodai.demo.checkpoints import db_rows
from phaodai.geo.models import AdminUnit, UnitLevel, UnitMap

RATE = int(os.environ.get("BENCH_PASSAGE_RATE", "200"))
SECONDS = int(os.environ.get("BENCH_PASSAGE_SECONDS", "20"))
# The configuration we would deploy on 2 cores: one worker per core, threads to cover the database waits
# (3 × 4, 2 × 2 and 4 × 1 cost the same CPU per passage within the noise; more threads only queue longer).
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
CLIENT_THREADS = 24
API_RUNS = int(os.environ.get("BENCH_API_RUNS", "1"))
CHECKPOINTS = 20
DAYS = 100
PAGE_SAMPLES = 300
COLUMNS = (
    "unit_id",
    "unit_path",
    "checkpoint_id",
    "at",
    "day",
    "direction",
    "plate",
    "full_name",
    "national_id",
    "phone",
    "origin_id",
    "origin_path",
    "destination_id",
    "purpose",
    "declaration",
    "test_kind",
    "test_outcome",
    "decision",
    "reason",
    "flags",
)


def _setup() -> tuple[list[Checkpoint], User, list[AdminUnit], list[AdminUnit]]:
    province = AdminUnit.objects.get(unit_map=UnitMap.THREE_TIER, level=UnitLevel.PROVINCE, code="12")
    communes = list(
        AdminUnit.objects.filter(path__startswith=province.path, level=UnitLevel.COMMUNE).order_by("path")
    )
    organisation = Organisation.objects.create(
        name="Tổ chốt (bench)", kind=OrganisationKind.CHECKPOINT, unit=province, unit_path=province.path
    )
    user = User.objects.create(username="bench_chot", role=Role.CHECKPOINT, organisation=organisation)
    now = clock.now()
    checkpoints = Checkpoint.objects.bulk_create(
        [
            Checkpoint(
                name=f"Chốt {c.name}",
                unit=c,
                unit_path=c.path,
                level=CheckpointLevel.PROVINCE,
                organisation=organisation,
                opened_on=dt.date(2021, 5, 1),
                created_at=now,
            )
            for c in communes[:: max(1, len(communes) // CHECKPOINTS)][:CHECKPOINTS]
        ]
    )
    origins = list(
        AdminUnit.objects.filter(unit_map=UnitMap.THREE_TIER, level=UnitLevel.PROVINCE).order_by("code")
    )
    hanoi = next(o for o in origins if o.code == "01")
    Zone.objects.create(
        unit=hanoi,
        unit_path=hanoi.path,
        level=3,
        valid_from=dt.date(2021, 10, 1),
        reason="bench",
        created_at=now,
    )
    return checkpoints, user, origins, communes


def _plate(rng: random.Random) -> str:
    number = rng.randrange(10000, 99999)
    return f"{rng.choice(('24', '25', '27', '29', '51'))}{rng.choice('ABCDE')}-{str(number)[:3]}.{str(number)[3:]}"


def _rows(
    checkpoints: list[Checkpoint], origins: list[AdminUnit], communes: list[AdminUnit], total: int
) -> list[Passage]:
    rng = random.Random(8)
    today = clock.today()
    per_day = total // (len(checkpoints) * DAYS)
    rows = []
    for checkpoint in checkpoints:
        for offset in range(DAYS):
            day = today - dt.timedelta(days=offset + 1)  # history: today starts empty, the API fills it
            base = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 5))
            for i in range(per_day):
                origin = rng.choice(origins)
                rows.append(
                    Passage(
                        unit_id=checkpoint.unit_id,
                        unit_path=checkpoint.unit_path,
                        checkpoint_id=checkpoint.pk,
                        at=base + dt.timedelta(seconds=i * 60_000 // per_day),
                        day=day,
                        direction=Direction.IN if i % 2 else Direction.OUT,
                        plate=_plate(rng),
                        origin_id=origin.pk,
                        origin_path=origin.path,
                        destination_id=rng.choice(communes).pk,
                        purpose=Purpose.GOODS,
                        declaration={},
                        decision=Decision.PASS if i % 25 else Decision.TURNED_BACK,
                        reason="" if i % 25 else "Không có giấy xét nghiệm",
                        flags=[],
                    )
                )
    return rows


def _load(rows: list[Passage]) -> None:
    bulk_insert(Passage, COLUMNS, db_rows(Passage, COLUMNS, rows))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO checkpoints_passagecount (checkpoint_id, day, unit_id, unit_path, passages, inbound, monitored,"
            " turned_back, quarantined, from_zones, flagged) SELECT checkpoint_id, day, MIN(unit_id), MIN(unit_path),"
            " COUNT(*), SUM(CASE WHEN direction = 'in' THEN 1 ELSE 0 END), 0,"
            " SUM(CASE WHEN decision = 'turned_back' THEN 1 ELSE 0 END), 0, 0, 0"
            " FROM checkpoints_passage GROUP BY checkpoint_id, day"
        )
        cursor.execute("ANALYZE checkpoints_passage; ANALYZE checkpoints_passagecount")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server(port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PHAODAI_ENV": "development", "PHAODAI_DEBUG": "0"}
    command = [
        os.path.join(os.path.dirname(sys.executable), "gunicorn"),
        "config.wsgi",
        "-k",
        "gthread",
        "--threads",
        str(THREADS),
        "-w",
        str(WORKERS),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--backlog",
        "512",
    ]
    server = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603 - our own venv's gunicorn
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def _payloads(
    checkpoints: list[Checkpoint], origins: list[AdminUnit], communes: list[AdminUnit], n: int
) -> list[bytes]:
    rng = random.Random(9)
    now = clock.now()
    payloads = []
    for i in range(n):
        origin = rng.choice(origins)
        payload = {
            "checkpoint": rng.choice(checkpoints).pk,
            "direction": "in" if i % 2 else "out",
            "purpose": "goods",
            "decision": "pass",
            "plate": _plate(rng),
            "full_name": "Lò Văn Pọm",
            "origin": origin.pk,
            "destination": rng.choice(communes).pk,
            "test_kind": "rapid",
            "test_outcome": "negative",
            "test_taken_at": (now - dt.timedelta(hours=rng.uniform(1, 60))).isoformat(),
        }
        payloads.append(json.dumps(payload).encode())
    return payloads


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def _drive(
    port: int, token: str, payloads: list[bytes], rate: float | None = RATE
) -> tuple[list[float], int, float]:
    """Open loop: request i is due at start + i/rate, and its latency counts from when it was due. Without a
    rate, closed loop: each client sends its next request as soon as the last one is answered."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    next_index = count()
    start = time.perf_counter() + 0.2
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}

    def worker() -> None:
        nonlocal failures
        conn = HTTPConnection("127.0.0.1", port, timeout=60)
        while (i := next(next_index)) < len(payloads):
            due = start + i / rate if rate else max(start, time.perf_counter())
            if (wait := due - time.perf_counter()) > 0:
                time.sleep(wait)
            conn.request("POST", "/api/passages/", body=payloads[i], headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - due
            with lock:
                latencies.append(elapsed * 1000)
                failures += response.status != 201
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(CLIENT_THREADS if rate else WORKERS * THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures, time.perf_counter() - start


def _cpu_seconds(pids: set[int]) -> dict[int, float]:
    """User + system CPU of each process so far, from ``/proc`` (Linux); a process gone counts nothing."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return found


def _server_pids(server: subprocess.Popen[bytes]) -> set[int]:
    """The gunicorn master and its workers."""
    pids = {server.pid}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == server.pid:
                        pids.add(int(entry))
            except OSError:
                continue
    return pids


def _database_pids() -> set[int]:
    """The PostgreSQL backends serving this database (the server's connections), not this one."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {pid for (pid,) in cursor.fetchall()}


class CpuShare:
    """CPU seconds spent by the server's processes, the database backends serving it and this client
    while a run lasts: what a passage costs on the machine whatever else shares it."""

    def __init__(self, server: subprocess.Popen[bytes]) -> None:
        self.server = server
        self.before = {
            "server": _cpu_seconds(_server_pids(server)),
            "database": _cpu_seconds(_database_pids()),
        }
        self.client_before = time.process_time()

    def per_passage_ms(self, passages: int) -> dict[str, float]:
        spent = {"client": time.process_time() - self.client_before}
        for name, pids in (("server", _server_pids(self.server)), ("database", _database_pids())):
            after, before = _cpu_seconds(pids), self.before[name]
            spent[name] = sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
        return {name: seconds * 1000 / passages for name, seconds in spent.items()}


def _bare_inserts(
    checkpoints: list[Checkpoint], origins: list[AdminUnit], communes: list[AdminUnit], n: int
) -> list[float]:
    rows = db_rows(Passage, COLUMNS, _rows(checkpoints, origins, communes, len(checkpoints) * DAYS)[:n])
    names = ", ".join(COLUMNS)
    sql = f"INSERT INTO checkpoints_passage ({names}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    samples = []
    last = Passage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with connection.cursor() as cursor:
        for row in (rows * (n // len(rows) + 1))[:n]:
            begin = time.perf_counter()
            cursor.execute(sql, row)  # autocommit: one transaction per row
            samples.append((time.perf_counter() - begin) * 1000)
    Passage.objects.filter(pk__gt=last).delete()  # the baseline's rows leave: the counters match the table
    return samples


def run(*, passages: int = 1_000_000) -> None:
    from rest_framework.authtoken.models import Token

    results: dict[str, float] = {}
    checkpoints, user, origins, communes = _setup()
    with timed("load", results):
        _load(_rows(checkpoints, origins, communes, passages))
    line(
        "passages loaded (COPY) + counters rebuilt", f"{Passage.objects.count():,} in {results['load']:.1f} s"
    )
    token = Token.objects.create(user=user).key
    for _run in range(API_RUNS):  # the shared machine's speed drifts: several runs show the spread
        api(checkpoints, origins, communes, token)
    _today_page(checkpoints, user)


def api(
    checkpoints: list[Checkpoint], origins: list[AdminUnit], communes: list[AdminUnit], token: str
) -> None:
    speed_before = python_speed_ms()
    port = _free_port()
    server = _server(port)
    try:
        _drive(
            port, token, _payloads(checkpoints, origins, communes, WORKERS * THREADS * 10), rate=None
        )  # warm
        cpu = CpuShare(server)
        closed, _failed, closed_elapsed = _drive(
            port, token, _payloads(checkpoints, origins, communes, RATE * 10), rate=None
        )
        cost = cpu.per_passage_ms(len(closed))
        latencies, failures, elapsed = _drive(
            port, token, _payloads(checkpoints, origins, communes, RATE * SECONDS)
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    speed_after = python_speed_ms()
    bare = _bare_inserts(checkpoints, origins, communes, RATE * SECONDS)
    p50, p95, p99 = (_percentile(latencies, share) for share in (0.5, 0.95, 0.99))
    line(
        f"API capacity, closed loop ({WORKERS * THREADS} clients, {len(closed)} passages)",
        f"{len(closed) / closed_elapsed:.0f}/s",
        f"p99 {_percentile(closed, 0.99):.1f} ms",
    )
    serving = cost["server"] + cost["database"]
    line(
        "  CPU per passage: server / database / client (ms)",
        f"{cost['server']:.1f} / {cost['database']:.1f} / {cost['client']:.1f}",
        f"2 cores fit {2000 / serving:.0f}/s (client elsewhere), {2000 / (serving + cost['client']):.0f}/s (here)",
    )
    line(
        f"API POST /api/passages/ offered {RATE}/s × {SECONDS} s",
        f"{len(latencies) / elapsed:.0f}/s achieved, {failures} failed",
    )
    line(
        "  latency p50 / p95 / p99 (ms, from planned start)",
        f"{p50:.1f} / {p95:.1f} / {p99:.1f}",
        f"bare INSERT p99 {_percentile(bare, 0.99):.2f} ms (×{p99 / _percentile(bare, 0.99):.0f})",
    )
    line(
        "  bare single-row INSERTs, same rows, one per transaction",
        f"{len(bare) / (sum(bare) / 1000):.0f}/s serial",
    )
    line("  load average (1 min) after the run", f"{os.getloadavg()[0]:.1f}")
    line(
        "  machine speed: reference Python loop before / after",
        f"{speed_before:.0f} / {speed_after:.0f} ms",
        "(lower is faster; CPU figures compare across runs only at like speeds)",
    )


def _today_page(checkpoints: list[Checkpoint], user: User) -> None:
    from django.test import override_settings

    static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=static):  # no collectstatic manifest on a bench database
        _today(checkpoints, user)


def _today(checkpoints: list[Checkpoint], user: User) -> None:
    from phaodai.core.scoping import Jurisdiction

    client = Client()
    client.force_login(user)
    day = clock.today() - dt.timedelta(days=1)
    inputs = [checkpoints[i % len(checkpoints)] for i in range(PAGE_SAMPLES)]
    samples = []
    for checkpoint in inputs:
        begin = time.perf_counter()
        response = client.get(f"/chot-kiem-soat/{checkpoint.pk}/?ngay={day.isoformat()}")
        samples.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200
    jurisdiction = Jurisdiction.of([checkpoints[0].unit_path.split("/")[0] + "/"])

    def ours(checkpoint: Checkpoint) -> selectors.Today:
        return selectors.checkpoint_today(jurisdiction=jurisdiction, pk=checkpoint.pk, day=day)

    def naive(checkpoint: Checkpoint) -> tuple[dict[str, int], list[Passage]]:
        rows = Passage.objects.filter(checkpoint=checkpoint, at__date=day)
        return selectors.naive_today_counts(checkpoint=checkpoint, day=day), list(rows.order_by("-at")[:50])

    counted = ours(checkpoints[0]).counts
    assert counted is not None
    assert counted.passages == sum(naive(checkpoints[0])[0].values())
    paired = paired_latencies_ms({"ours": ours, "naive": naive}, inputs[:100])
    line(
        f"checkpoint today page, {Passage.objects.count():,} passages",
        f"p95 {_percentile(samples, 0.95):.1f} ms (median {_percentile(samples, 0.5):.1f})",
    )
    line(
        "  page reads: counters + (checkpoint, day) index vs naive",
        f"p95 {paired['ours']['p95']:.2f} vs {paired['naive']['p95']:.2f} ms",
        f"×{paired['naive']['p95'] / paired['ours']['p95']:.0f} faster",
    )
