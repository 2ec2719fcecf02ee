"""Building the demo province: an ordered list of steps over one shared context, in one transaction.

To extend the demo (cases, tests, vaccinations...), write a function taking the :class:`DemoContext`
and add it to :data:`STEPS`; each step gets its own random source seeded from (seed, step name), so the
rows of the existing steps stay the same. Set-based writes only (``bulk_insert``, ``bulk_create``,
``persons_bulk_load``), one audit event per batch.
"""

import random
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from phaodai.core import clock
from phaodai.core.errors import DomainError
from phaodai.demo import organisations, outbreak, places, population, tables
from phaodai.demo.checkpoints import create_checkpoints
from phaodai.demo.command import create_command_center
from phaodai.demo.context import DemoContext
from phaodai.demo.directives import create_directives
from phaodai.demo.history import create_history
from phaodai.demo.models import DemoRun
from phaodai.demo.readiness import create_readiness
from phaodai.demo.support import create_support
from phaodai.demo.testing import create_testing
from phaodai.demo.vaccination import create_vaccination
from phaodai.geo.models import AdminUnit, UnitLevel, UnitMap
from phaodai.people.models import Household, Person, PersonNameToken

Step = Callable[[DemoContext], None]


def refresh_statistics(ctx: DemoContext) -> None:
    """Planner statistics for the tables just filled (PostgreSQL), so the first pages of the demo are fast."""
    if connection.vendor != "postgresql":
        return
    filled = [model._meta.db_table for model in (Person, PersonNameToken, Household, AdminUnit)]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(connection.ops.quote_name(t) for t in filled)}")


STEPS: tuple[tuple[str, Step], ...] = (
    ("places", places.load_places),
    ("communes", places.plan_communes),
    ("organisations", organisations.create_organisations),
    ("users", organisations.create_users),
    ("villages", places.create_villages),
    ("households", population.create_households),
    ("persons", population.create_persons),
    ("population", population.create_population_rows),
    ("history", create_history),
    ("outbreak", outbreak.create_outbreak),
    ("support", create_support),
    ("vaccination", create_vaccination),
    ("testing", create_testing),
    ("directives", create_directives),
    ("readiness", create_readiness),
    ("checkpoints", create_checkpoints),
    ("command", create_command_center),
    ("statistics", refresh_statistics),
)


@dataclass(frozen=True)
class DemoResult:
    run: DemoRun
    created: bool
    timings: dict[str, float]


def demo_clock() -> AbstractContextManager[object]:
    """The demo lives in late 2021: pin the platform clock there unless the deployment pinned it already."""
    if getattr(settings, "PHAODAI_TODAY", ""):
        return nullcontext()
    return clock.pinned(tables.DEMO_TODAY)


def demo_build(
    *,
    province_code: str,
    seed: int = 2021,
    scale: float = 1.0,
    unit_map: str = UnitMap.THREE_TIER,
    steps: Sequence[tuple[str, Step]] = STEPS,
) -> DemoResult:
    """Build the demo for one province on its real units; if it was built before, return that run."""
    if not 0 < scale <= 1:
        raise DomainError("Tỷ lệ dân số (--scale) phải trong khoảng (0, 1].")
    existing = DemoRun.objects.filter(unit_map=unit_map, province_code=province_code).first()
    if existing is not None:
        return DemoResult(run=existing, created=False, timings={})
    province = AdminUnit.objects.filter(unit_map=unit_map, level=UnitLevel.PROVINCE, code=province_code)
    if not province.exists():
        raise DomainError(
            f"Không có tỉnh mã «{province_code}» trên bản đồ {unit_map}: chạy load_units trước."
        )
    started = time.perf_counter()
    with demo_clock(), transaction.atomic():
        ctx = DemoContext(province=province.get(), seed=seed, scale=scale, today=clock.today())
        for name, step in steps:
            step_started = time.perf_counter()
            ctx.rng = random.Random(f"{seed}:{name}")
            step(ctx)
            ctx.timings[name] = time.perf_counter() - step_started
        run = DemoRun.objects.create(
            unit_map=unit_map,
            province_code=province_code,
            seed=seed,
            scale=scale,
            built_at=clock.now(),
            seconds=round(time.perf_counter() - started, 1),
            counts=ctx.counts,
            logins=[[login.role, login.username, login.organisation] for login in ctx.logins],
        )
    return DemoResult(run=run, created=True, timings=ctx.timings)
