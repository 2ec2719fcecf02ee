"""Turnaround per lab: hours from the swab to the result, median and 90th percentile."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from phaodai.core.scoping import Jurisdiction
from phaodai.diagnostics.models import Lab, Result
from phaodai.diagnostics.selectors.samples import start_of


@dataclass(frozen=True)
class Turnaround:
    lab: Lab
    results: int
    median_hours: float
    p90_hours: float


def percentile(sorted_values: list[int], share: float) -> float:
    """Linear interpolation between the closest ranks (what spreadsheets call PERCENTILE.INC)."""
    if not sorted_values:
        raise ValueError("no values")
    position = (len(sorted_values) - 1) * share
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def lab_turnaround(*, jurisdiction: Jurisdiction, since: dt.date, until: dt.date) -> list[Turnaround]:
    """For each lab with results on samples of the jurisdiction in the period (by result time), slowest
    median first. Results a pool closed count once per swab, as the people waiting for them do."""
    rows = (
        Result.objects.visible_to(jurisdiction)
        .filter(
            lab__isnull=False,
            turnaround_minutes__isnull=False,
            resulted_at__gte=start_of(since),
            resulted_at__lt=start_of(until + dt.timedelta(days=1)),
        )
        .values_list("lab_id", "turnaround_minutes")
    )
    minutes: dict[int, list[int]] = defaultdict(list)
    for lab_id, value in rows:
        minutes[lab_id].append(value)
    labs = Lab.objects.in_bulk(list(minutes))
    table = [
        Turnaround(
            lab=labs[lab_id],
            results=len(values),
            median_hours=round(percentile(sorted(values), 0.5) / 60, 1),
            p90_hours=round(percentile(sorted(values), 0.9) / 60, 1),
        )
        for lab_id, values in minutes.items()
    ]
    return sorted(table, key=lambda row: (-row.median_hours, row.lab.name))
