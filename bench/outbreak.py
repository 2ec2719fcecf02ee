"""Synthetic outbreak rows for the case benchmarks, written set-based (COPY) like a maintained table.

Cases come in outbreaks of heavy-tailed size (most a handful, a few thousands). Inside an outbreak each
case was infected by an earlier one and named about four contacts drawn from the outbreak's own pool, so
contacts are shared and each outbreak is one connected chain. ``ChainNode`` labels are what the
incremental maintenance leaves behind (one label per component), computed here once with union-find.
Contacts exposed to an active case are open F1s (``Contact`` rows), as the derivation would leave them.
"""

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from typing import Any

from phaodai.cases.models import Case, Escalation, MonitoringEntry
from phaodai.contacts.models import Chain, ChainNode, Contact, Exposure
from phaodai.core import bulk, clock, rules
from phaodai.geo.models import AdminUnit

DAY = dt.date(2021, 11, 1)


@dataclass
class Outbreak:
    cases: list[int] = field(default_factory=list)  # person ids
    contacts: list[int] = field(default_factory=list)


def outbreak_sizes(total: int, rng: random.Random) -> list[int]:
    sizes: list[int] = []
    while sum(sizes) < total:
        sizes.append(min(int(rng.paretovariate(1.2)), 5000))
    sizes[-1] -= sum(sizes) - total
    return [s for s in sizes if s > 0]


def plan(person_ids: list[int], *, cases: int, rng: random.Random) -> list[Outbreak]:
    """Split persons into outbreaks: cases first, then a contact pool three times the outbreak's size."""
    pool = iter(person_ids)
    outbreaks = []
    for size in outbreak_sizes(cases, rng):
        outbreak = Outbreak(cases=[next(pool) for _ in range(size)])
        outbreak.contacts = [next(pool) for _ in range(size * 3)]
        outbreaks.append(outbreak)
    return outbreaks


def edges(outbreaks: list[Outbreak], rng: random.Random) -> list[tuple[int, int]]:
    """(source, contact) pairs: each case infected by an earlier case, and ~4 contacts per case."""
    pairs: set[tuple[int, int]] = set()
    for outbreak in outbreaks:
        for i, case in enumerate(outbreak.cases):
            if i:
                pairs.add((outbreak.cases[rng.randrange(i)], case))
            for contact in rng.sample(outbreak.contacts, min(4, len(outbreak.contacts))):
                pairs.add((case, contact))
    return sorted(pairs)


def components(pairs: list[tuple[int, int]]) -> dict[int, int]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {node: find(node) for node in parent}


def _rule_ids(day: dt.date) -> dict[str, int]:
    kinds = (
        "cases.definition",
        "cases.severity",
        "cases.home_care",
        "cases.warning_signs",
        "contacts.definition",
    )
    return {kind: rules.in_force(kind, on=day).pk for kind in kinds}


def write_cases(
    outbreaks: list[Outbreak], units: dict[int, AdminUnit], rng: random.Random
) -> list[tuple[int, int, str, int]]:
    """Case rows (a third still active), returning (case id, person id, unit path, risk) of the active ones."""
    ids = _rule_ids(DAY)
    now = clock.now()
    rows, active = [], []
    case_ids = iter(bulk.next_ids(Case, sum(len(o.cases) for o in outbreaks)))
    for outbreak in outbreaks:
        for person in outbreak.cases:
            case_id = next(case_ids)
            unit = units[person]
            report = DAY - dt.timedelta(days=rng.randrange(60))
            is_active = rng.random() < 0.33
            risk = rng.choice((0, 0, 0, 2, 4, 8, 16, 20))
            rows.append((
                case_id, person, "active" if is_active else "recovered", "pcr", ids["cases.definition"], "pcr",
                report, report, "community", "[]", 0, "[]", risk, "mild", ids["cases.severity"], "home",
                True, True, ids["cases.home_care"], "[]", None if is_active else report + dt.timedelta(days=10),
                "", now, now, unit.pk, unit.path,
            ))  # fmt: skip
            if is_active:
                active.append((case_id, person, unit.path, risk))
    columns = (
        "id", "person_id", "status", "basis", "definition_rules_id", "test_kind", "sample_date", "report_date",
        "detected_in", "symptoms", "vaccine_doses", "risk_flags", "risk_score", "severity", "severity_rules_id",
        "place_of_care", "can_self_care", "home_care_eligible", "home_care_rules_id", "home_care_reasons",
        "outcome_date", "outcome_note", "created_at", "updated_at", "unit_id", "unit_path",
    )  # fmt: skip
    bulk.bulk_insert(Case, columns, rows)
    bulk.reset_sequence(Case)
    return active


def write_graph(pairs: list[tuple[int, int]], units: dict[int, AdminUnit]) -> None:
    now = clock.now()
    bulk.bulk_insert(
        Exposure,
        (
            "source_id",
            "contact_id",
            "setting",
            "last_exposure_date",
            "note",
            "created_at",
            "unit_id",
            "unit_path",
        ),
        ((s, c, "household", DAY, "", now, units[c].pk, units[c].path) for s, c in pairs),
    )
    labels = components(pairs)
    sizes: dict[int, int] = {}
    for root in labels.values():
        sizes[root] = sizes.get(root, 0) + 1
    bulk.bulk_insert(Chain, ("id", "size", "case_count"), ((root, size, 0) for root, size in sizes.items()))
    bulk.reset_sequence(Chain)
    bulk.bulk_insert(
        ChainNode,
        ("person_id", "chain_id", "unit_path"),
        ((p, root, units[p].path) for p, root in labels.items()),
    )


def write_contacts(
    outbreaks: list[Outbreak],
    pairs: list[tuple[int, int]],
    active: list[tuple[int, int, str, int]],
    units: dict[int, AdminUnit],
) -> int:
    """An open F1 row for each contact (not a case) exposed to an active case: the first one met."""
    rules_id = _rule_ids(DAY)["contacts.definition"]
    now = clock.now()
    cases = {person for outbreak in outbreaks for person in outbreak.cases}
    active_case = {person: case_id for case_id, person, _path, _risk in active}
    index: dict[int, int] = {}
    for source, contact in pairs:
        if source in active_case and contact not in cases and contact not in index:
            index[contact] = active_case[source]
    rows = (
        (person, "F1", case_id, DAY, "listed", rules_id, now, units[person].pk, units[person].path)
        for person, case_id in index.items()
    )
    columns = (
        "person_id", "level", "index_case_id", "last_exposure_date", "status", "rules_id", "listed_at",
        "unit_id", "unit_path",
    )  # fmt: skip
    return bulk.bulk_insert(Contact, columns, rows)


def write_monitoring(
    active: list[tuple[int, int, str, int]], units_by_path: dict[str, int], rng: random.Random
) -> None:
    """Three check-ins per active case; one case in twenty shows a warning sign, half of those handled."""
    warning = rules.in_force("cases.warning_signs", on=DAY).pk
    entry_ids = iter(bulk.next_ids(MonitoringEntry, len(active) * 3))
    entries: list[tuple[Any, ...]] = []
    escalations: list[tuple[Any, ...]] = []
    start = clock.now().replace(year=DAY.year, month=DAY.month, day=DAY.day)
    for case_id, _person, path, risk in active:
        warns = rng.random() < 0.05
        for check in range(3):
            entry_id, at = next(entry_ids), start + dt.timedelta(hours=8 * check - 48)
            signs = ["SpO₂ 94% (≤ 95%)"] if warns and check == 2 else []
            entries.append(
                (
                    entry_id,
                    case_id,
                    at,
                    97,
                    18,
                    "[]",
                    json.dumps(signs),
                    warning,
                    "mild",
                    units_by_path[path],
                    path,
                )
            )
            if signs:
                handled = at + dt.timedelta(hours=2) if rng.random() < 0.5 else None
                escalations.append(
                    (
                        case_id,
                        at,
                        json.dumps(signs),
                        entry_id,
                        risk,
                        handled,
                        "gọi điện" if handled else "",
                        units_by_path[path],
                        path,
                    )
                )
    bulk.bulk_insert(
        MonitoringEntry,
        ("id", "case_id", "at", "spo2", "resp_rate", "symptoms", "warning_signs", "warning_rules_id", "severity", "unit_id", "unit_path"),
        entries,
    )  # fmt: skip
    bulk.reset_sequence(MonitoringEntry)
    bulk.bulk_insert(
        Escalation,
        ("case_id", "opened_at", "signs", "entry_id", "risk_score", "handled_at", "action", "unit_id", "unit_path"),
        escalations,
    )  # fmt: skip
