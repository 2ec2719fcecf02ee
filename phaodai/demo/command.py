"""The command center on the demo province: counts rebuilt from what the earlier steps loaded in bulk,
eight weeks of epidemic levels, a schematic boundary file (it says so), and daily reports (yesterday's
issued, today's drafted)."""

import datetime as dt
import json
import math
from typing import Any

from phaodai.command import counters, services
from phaodai.command.documents import draft_defaults
from phaodai.command.models import RiskAssessment
from phaodai.command.rulesets import QD4800
from phaodai.core.scoping import Jurisdiction
from phaodai.demo.context import DemoContext
from phaodai.geo.models import AdminUnit

WEEKS = 8
# Lai Châu lies around 22.4° N, 103.3° E: the drawn grid sits there so the map opens in the right place.
ORIGIN = (103.0, 22.0)
CELL = 0.06  # degrees per commune square


def _square(x: float, y: float, size: float) -> list[list[list[float]]]:
    corners = [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]
    return [[[round(ORIGIN[0] + cx, 5), round(ORIGIN[1] + cy, 5)] for cx, cy in corners]]


def schematic_geojson(districts: list[AdminUnit], communes: list[AdminUnit]) -> dict[str, Any]:
    """Each district a block of squares, one per commune, blocks side by side: positions, not borders."""
    features, column = [], 0.0
    for district in districts:
        own = [c for c in communes if c.parent_id == district.pk]
        side = max(1, math.ceil(math.sqrt(len(own))))
        for index, commune in enumerate(own):
            x, y = column + (index % side) * CELL, (index // side) * CELL
            geometry = {"type": "Polygon", "coordinates": _square(x, y, CELL * 0.94)}
            features.append({"type": "Feature", "geometry": geometry, "properties": {"code": commune.code}})
        column += side * CELL + CELL / 2
    return {"type": "FeatureCollection", "features": features}


def _sundays_before(day: dt.date, count: int) -> list[dt.date]:
    last = services.last_full_week_end(day)
    return [last - dt.timedelta(weeks=i) for i in range(count)][::-1]


def create_command_center(ctx: DemoContext) -> None:
    counters.rebuild()
    scope = Jurisdiction.of([ctx.province.path])
    for week_end in _sundays_before(ctx.today, WEEKS):
        if week_end < QD4800.effective_from:
            continue  # levels under Resolution 128 start with Decision 4800 (12/10/2021)
        services.risk_assess_week(actor=ctx.actor, jurisdiction=scope, unit=ctx.province, week_end=week_end)
    content = json.dumps(schematic_geojson(ctx.districts, ctx.communes)).encode()
    services.boundaries_load(
        actor=ctx.actor,
        jurisdiction=scope,
        unit=ctx.province,
        name=f"Sơ đồ phác {ctx.province.name} (dữ liệu demo)",
        content=content,
        schematic=True,
    )
    _reports(ctx, scope)
    ctx.counts["risk_assessments"] = RiskAssessment.objects.filter(
        unit_path__startswith=ctx.province.path
    ).count()


def _reports(ctx: DemoContext, scope: Jurisdiction) -> None:
    health = ctx.organisations.get("province:health")
    defaults = draft_defaults(ctx.province, ctx.today, health.name if health else "")
    recipients = defaults["recipients"].splitlines()
    common = {
        "issuer_name": defaults["issuer_name"],
        "place_name": defaults["place_name"],
        "recipients": recipients,
    }
    yesterday = services.report_draft(
        actor=ctx.actor, jurisdiction=scope, unit=ctx.province, day=ctx.today - dt.timedelta(days=1), **common
    )
    approved = services.report_approve(
        actor=ctx.actor, report=yesterday, signer_title="Phó Giám đốc", signer_name="Nguyễn Văn Hùng"
    )
    services.report_issue(actor=ctx.actor, report=approved, number=f"{310 + ctx.today.day}/BC-SYT")
    services.report_draft(actor=ctx.actor, jurisdiction=scope, unit=ctx.province, day=ctx.today, **common)
