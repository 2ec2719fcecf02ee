"""Cases at province scale: a case's chain and a district's escalation list, against naive queries.

On 100,000 cases and about 500,000 exposure edges (``bench.outbreak``), each side computes the whole
answer its page shows, and the two answers are checked equal on the first inputs before anything is
timed. Both sides then run on the same inputs, interleaved.

1. Chain of a case (the chain page and ``/api/contacts/chain/``): the first 200 persons the viewer may
   see, the case first, with their names and F0/F1/F2 levels, the edges among them and to the one
   anonymous node of the persons outside, and the visible and hidden counts.
   Ours: ``contacts.graph.chain_of`` (the component label kept in ``ChainNode``, the size on ``Chain``).
   Naive: a recursive CTE walking the raw exposure edges both ways, cut to the jurisdiction through the
   person rows, then the same page reads (edges, source paths, levels) in plain SQL on the raw tables;
   the same Python (``graph.edges_on_page``, ``graph.graph_of_page``) assembles both pages.
   Measured for a viewer of the whole province and for one of the case's own district.
2. Escalation list of a district (the work list's first page and ``/api/escalations/``): the capped
   count and the first 50 rows with the person's name and birth year, the unit, the risk flags and the
   signs. Ours: ``cases.worklists.escalation_list`` (open escalation rows, from their partial index)
   through the page's paginator. Naive: the same list derived from raw monitoring rows: per case, the
   first check-in with warning signs after its last handled escalation.
"""

import json
import os
import random
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import outbreak
from bench.measure import line, paired_latencies_ms, timed
from bench.persons import _copy_baseline, _csv_of
from bench.synthetic import person_rows
from phaodai.cases.models import Escalation
from phaodai.cases.worklists import escalation_list
from phaodai.contacts import graph
from phaodai.contacts.models import ChainNode
from phaodai.contacts.reference import OPEN_TRACE_STATUSES
from phaodai.core.bulk import reset_sequence
from phaodai.core.paging import CAP, CappedPaginator
from phaodai.core.scoping import Jurisdiction, next_path
from phaodai.geo.models import AdminUnit, UnitLevel, UnitMap
from phaodai.people.models import Person

PAGE = 200  # contacts.views.CHAIN_LIMIT
ESCALATION_PAGE = 50  # cases.worklist_views.PAGE_SIZE
SAMPLES = 200
CHECKED = 25  # inputs on which both answers are compared before timing

NAIVE_COMPONENT = """
WITH RECURSIVE component(person_id) AS (
    SELECT %(root)s::bigint
    UNION
    SELECT CASE WHEN e.source_id = c.person_id THEN e.contact_id ELSE e.source_id END
    FROM component c JOIN contacts_exposure e ON e.source_id = c.person_id OR e.contact_id = c.person_id
),
visible AS (
    SELECT p.id, p.full_name, p.unit_path FROM component c JOIN people_person p ON p.id = c.person_id
    WHERE {scope}
)
SELECT (SELECT count(*) FROM component), (SELECT count(*) FROM visible), v.id, v.full_name, v.unit_path
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (SELECT * FROM visible ORDER BY id <> %(root)s, id LIMIT %(limit)s) AS v ON true
"""
NAIVE_EDGES = """
SELECT source_id, contact_id, setting, last_exposure_date, unit_path FROM contacts_exposure
WHERE source_id = ANY(%(ids)s::bigint[]) OR contact_id = ANY(%(ids)s::bigint[]) ORDER BY id LIMIT %(cap)s
"""
NAIVE_PATHS = "SELECT id, unit_path FROM people_person WHERE id = ANY(%(ids)s::bigint[])"
NAIVE_OPEN_CONTACTS = """
SELECT person_id, level FROM contacts_contact
WHERE person_id = ANY(%(ids)s::bigint[]) AND status = ANY(%(statuses)s::text[])
"""
NAIVE_CONFIRMED = """
SELECT person_id FROM cases_case WHERE person_id = ANY(%(ids)s::bigint[]) AND status = ANY(%(statuses)s::text[])
"""

NAIVE_ESCALATIONS = """
WITH waiting AS (
    SELECT DISTINCT ON (m.case_id) m.case_id, m.id AS entry_id, m.at, m.warning_signs
    FROM cases_monitoringentry m
    WHERE ({scope}) AND m.warning_signs <> '[]'::jsonb
      AND NOT EXISTS (
          SELECT 1 FROM cases_escalation h WHERE h.case_id = m.case_id AND h.handled_at >= m.at
      )
    ORDER BY m.case_id, m.at, m.id
)
SELECT w.case_id, w.entry_id, w.at, w.warning_signs, c.risk_score, c.risk_flags,
       p.full_name, p.birth_year, p.birth_date, u.name, count(*) OVER ()
FROM waiting w
JOIN cases_case c ON c.id = w.case_id
JOIN people_person p ON p.id = c.person_id
JOIN geo_adminunit u ON u.id = c.unit_id
ORDER BY c.risk_score DESC, w.at, w.case_id
LIMIT %(limit)s
"""

EscalationPage = tuple[int, list[tuple[Any, ...]]]  # (capped count, rows)


def _scope(column: str, jurisdiction: Jurisdiction) -> tuple[str, dict[str, str]]:
    """The jurisdiction's range predicate on ``column``, written out for raw SQL."""
    terms, params = [], {}
    for i, prefix in enumerate(jurisdiction.prefixes):
        terms.append(f"({column} >= %(lo{i})s AND {column} < %(hi{i})s)")
        params[f"lo{i}"], params[f"hi{i}"] = prefix, next_path(prefix)
    return " OR ".join(terms) or "false", params


def naive_chain(person: Person, jurisdiction: Jurisdiction) -> graph.ChainGraph:
    scope, params = _scope("p.unit_path", jurisdiction)
    with connection.cursor() as cursor:
        cursor.execute(NAIVE_COMPONENT.format(scope=scope), {"root": person.pk, "limit": PAGE, **params})
        rows = cursor.fetchall()
        size, total = rows[0][0], rows[0][1]
        page = [(pk, name, path) for _size, _total, pk, name, path in rows if pk is not None]
        ids = [pk for pk, _, _ in page]
        cursor.execute(NAIVE_EDGES, {"ids": ids, "cap": graph.EDGE_CAP})
        exposures = cursor.fetchall()
        paths = {pk: path for pk, _, path in page}
        away = sorted({source for source, *_ in exposures} - paths.keys())
        if away:
            cursor.execute(NAIVE_PATHS, {"ids": away})
            paths.update(cursor.fetchall())
        cursor.execute(NAIVE_OPEN_CONTACTS, {"ids": ids, "statuses": list(OPEN_TRACE_STATUSES)})
        levels = dict(cursor.fetchall())
        cursor.execute(NAIVE_CONFIRMED, {"ids": ids, "statuses": list(graph.CONFIRMED_STATUSES)})
        levels.update(dict.fromkeys((pk for (pk,) in cursor.fetchall()), "F0"))
    edge_rows = [(s, c, setting, day, paths[s], c_path) for s, c, setting, day, c_path in exposures]
    return graph.graph_of_page(
        [(pk, name) for pk, name, _ in page],
        roots={person.pk},
        edges=graph.edges_on_page(edge_rows, ids, jurisdiction),
        levels=levels,
        size=size,
        total=total,
        offset=0,
        limit=PAGE,
    )


def _escalation_row(escalation: Escalation) -> tuple[Any, ...]:
    case, person = escalation.case, escalation.case.person
    return (
        escalation.case_id, escalation.entry_id, escalation.opened_at, escalation.signs, escalation.risk_score,
        case.risk_flags, person.full_name, person.birth_year, person.birth_date, case.unit.name,
    )  # fmt: skip


def our_escalations(path: str) -> EscalationPage:
    """What the work list's first page reads: the paginator's capped count, then the page's rows."""
    page = CappedPaginator(escalation_list(jurisdiction=Jurisdiction.of([path])), ESCALATION_PAGE).get_page(1)
    rows = [_escalation_row(waiting.escalation) for waiting in page.object_list]
    return page.paginator.count, rows


def naive_escalations(path: str) -> EscalationPage:
    scope, params = _scope("m.unit_path", Jurisdiction.of([path]))
    with connection.cursor() as cursor:
        cursor.execute(NAIVE_ESCALATIONS.format(scope=scope), {"limit": ESCALATION_PAGE, **params})
        rows = cursor.fetchall()
    count = rows[0][-1] if rows else 0
    # Django reads jsonb as text and leaves decoding to JSONField: here it is the caller's job.
    decoded = [(*row[:3], json.loads(row[3]), row[4], json.loads(row[5]), *row[6:-1]) for row in rows]
    return min(count, CAP), decoded


def _check_same(
    label: str, ours: Callable[[Any], Any], naive: Callable[[Any], Any], inputs: list[Any]
) -> None:
    """Both sides must give the page the same answer, or their timings mean nothing."""
    for item in inputs:
        mine, theirs = ours(item), naive(item)
        if mine != theirs:
            raise AssertionError(f"{label}: the two sides differ on {item!r}:\n{mine!r}\n{theirs!r}")


def _queries(call: Callable[[Any], Any], item: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        call(item)
    return len(queries.captured_queries)


def _load(cases: int, rng: random.Random) -> tuple[list[int], list[AdminUnit]]:
    province = AdminUnit.objects.get(unit_map=UnitMap.THREE_TIER, level=UnitLevel.PROVINCE, code="12")
    communes = list(AdminUnit.objects.filter(level=UnitLevel.COMMUNE, path__startswith=province.path))
    districts = list(AdminUnit.objects.filter(level=UnitLevel.DISTRICT, path__startswith=province.path))
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE people_person RESTART IDENTITY CASCADE")
    _copy_baseline(_csv_of(person_rows(count=cases * 4, communes=communes, rng=rng, province="12")))
    reset_sequence(Person)  # the rows came with their ids: later loads take the next ones
    ids, paths = zip(*Person.objects.values_list("id", "unit_path").order_by("id"), strict=True)
    by_path = {c.path: c for c in communes}
    units = {pid: by_path[path] for pid, path in zip(ids, paths, strict=True)}
    person_ids = list(ids)
    rng.shuffle(person_ids)
    plan = outbreak.plan(person_ids, cases=cases, rng=rng)
    pairs = outbreak.edges(plan, rng)
    active = outbreak.write_cases(plan, units, rng)
    outbreak.write_graph(pairs, units)
    f1s = outbreak.write_contacts(plan, pairs, active, units)
    outbreak.write_monitoring(active, {c.path: c.pk for c in communes}, rng)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    line(
        f"outbreak loaded: {cases:,} cases, {len(pairs):,} exposure edges, {f1s:,} open F1",
        f"{len(plan):,} chains",
    )
    return [case for o in plan for case in o.cases], districts


def _district_of(person: Person) -> Jurisdiction:
    return Jurisdiction.of(["/".join(person.unit_path.split("/")[:3]) + "/"])


def _chains(sample: list[int]) -> None:
    persons = Person.objects.in_bulk(sample)
    province = Jurisdiction.of(["L/12/"])
    sizes = dict(ChainNode.objects.filter(person_id__in=sample).values_list("person_id", "chain__size"))
    line(
        f"chains of the {len(sample)} sampled cases (persons)",
        f"median {sorted(sizes.values())[len(sizes) // 2]:,}",
        f"largest {max(sizes.values()):,}",
    )
    for scope_name, scope_of in (("province", lambda p: province), ("own district", _district_of)):

        def ours(pid: int, scope_of: Callable[[Person], Jurisdiction] = scope_of) -> graph.ChainGraph:
            return graph.chain_of(persons[pid], jurisdiction=scope_of(persons[pid]), limit=PAGE)

        def naive(pid: int, scope_of: Callable[[Person], Jurisdiction] = scope_of) -> graph.ChainGraph:
            return naive_chain(persons[pid], scope_of(persons[pid]))

        _check_same(f"chain, {scope_name} scope", ours, naive, sample[:CHECKED])
        result = paired_latencies_ms({"ours": ours, "naive": naive}, sample)
        mine, theirs = result["ours"], result["naive"]
        line(
            f"chain of a case, first {PAGE}, {scope_name} scope (p95)",
            f"{mine['p95']:.1f} ms",
            f"naive recursive CTE p95 {theirs['p95']:.1f} ms, ratio naive/ours {theirs['p95'] / mine['p95']:.1f}",
        )
        line(
            f"chain of a case, first {PAGE}, {scope_name} scope (median)",
            f"{mine['median']:.1f} ms",
            f"naive median {theirs['median']:.1f} ms, ratio naive/ours {theirs['median'] / mine['median']:.1f}",
        )
    biggest = max(sizes, key=lambda pid: sizes[pid])
    line(
        "queries for one chain page (the largest sampled chain)",
        f"ours {_queries(lambda pid: graph.chain_of(persons[pid], jurisdiction=province), biggest)}",
        f"naive {_queries(lambda pid: naive_chain(persons[pid], province), biggest)}",
    )


def _escalations(districts: list[AdminUnit]) -> None:
    picks = [districts[i % len(districts)].path for i in range(SAMPLES)]
    _check_same("escalation list", our_escalations, naive_escalations, picks[: len(districts)])
    result = paired_latencies_ms({"ours": our_escalations, "naive": naive_escalations}, picks)
    mine, theirs = result["ours"], result["naive"]
    open_now = Escalation.objects.filter(handled_at__isnull=True).count()
    line(
        f"escalation list of a district, count + first {ESCALATION_PAGE} (p95)",
        f"{mine['p95']:.1f} ms",
        f"naive from monitoring rows p95 {theirs['p95']:.1f} ms, ratio {theirs['p95'] / mine['p95']:.1f}",
    )
    line(
        "escalation list of a district (median)",
        f"{mine['median']:.1f} ms",
        f"naive median {theirs['median']:.1f} ms, ratio {theirs['median'] / mine['median']:.1f}",
    )
    line(
        f"open escalations: {open_now:,} in {len(districts)} districts",
        f"queries: ours {_queries(our_escalations, picks[0])}",
        f"naive {_queries(naive_escalations, picks[0])}",
    )


def run(*, cases: int) -> None:
    rng = random.Random(2021)
    results: dict[str, float] = {}
    with timed("load", results):
        case_persons, districts = _load(cases, rng)
    before = os.getloadavg()[0]
    _chains(rng.sample(case_persons, SAMPLES))
    _escalations(districts)
    line("machine load (1-minute average), timing start / end", f"{before:.1f} / {os.getloadavg()[0]:.1f}")
