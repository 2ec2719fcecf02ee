from typing import Any

from django.core.management.base import BaseCommand

from phaodai.geo.models import UnitMap
from phaodai.geo.services import deployment_map, ensure_deployment, units_load


class Command(BaseCommand):
    help = "Load the official units of both maps from vietnam-provinces (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for unit_map in (UnitMap.THREE_TIER, UnitMap.TWO_TIER):
            added = units_load(unit_map=unit_map)
            self.stdout.write(f"{unit_map.label}: {added} đơn vị mới")
        ensure_deployment(unit_map=deployment_map())
