"""The risk map's data: each commune's level, and its shape when a boundary file covers it (else the page
draws a grid of units)."""

from typing import Any

from django.urls import reverse

from phaodai.command import selectors
from phaodai.command.models import RiskAssessment
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit


def for_unit(*, jurisdiction: Jurisdiction, unit: AdminUnit, levels: list[RiskAssessment]) -> dict[str, Any]:
    shown = {
        row.unit_path: {
            "level": row.effective_level,
            "name": row.unit.name,
            "overridden": row.override_level is not None,
            "url": reverse("command:risk_detail", args=[row.pk]),
        }
        for row in levels
    }
    boundary = selectors.boundaries_for(jurisdiction=jurisdiction, unit=unit)
    features = []
    if boundary is not None:
        features = [
            feature
            for feature in boundary.geojson["features"]
            if feature["properties"]["path"].startswith(unit.path)
            and jurisdiction.contains(feature["properties"]["path"])
        ]
    return {
        "levels": shown,
        "features": features,
        "schematic": bool(boundary and boundary.schematic),
        "boundary_name": boundary.name if boundary else "",
    }
