"""Criterion 3 of Decision 4800 for a commune, "oxygen at the commune health station", read from the
readiness records (stock in the ledger counted by ``readiness.selectors.summary``).

Where a province keeps no readiness records the criterion stays "not assessed" (None) rather than
"not met": an empty table says nothing about the stations.
"""

import datetime as dt

from phaodai.core.scoping import Jurisdiction, next_path
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.readiness import selectors as readiness
from phaodai.readiness.models import StaffingReport, SupplyCategory

OXYGEN = (SupplyCategory.OXYGEN_CYLINDER, SupplyCategory.OXYGEN_CONCENTRATOR, SupplyCategory.LIQUID_OXYGEN)


def oxygen_at_communes(parent: AdminUnit, on: dt.date) -> dict[str, bool]:
    """Commune path -> whether its station (with its teams) holds any oxygen on ``on``."""
    under = {"unit_path__gte": parent.path, "unit_path__lt": next_path(parent.path)}
    if not StaffingReport.objects.filter(**under).exists():
        return {}
    scope, found = Jurisdiction.of([parent.path]), {}
    groups = AdminUnit.objects.filter(
        path__gte=parent.path, path__lt=next_path(parent.path), level=UnitLevel.DISTRICT
    ).order_by("path")
    for group in list(groups) or [parent]:
        for line in readiness.summary(jurisdiction=scope, on=on, unit_path=group.path).lines:
            if line.unit.level == UnitLevel.COMMUNE:
                found[line.unit.path] = any(line.facts.supply(category) > 0 for category in OXYGEN)
    return found
