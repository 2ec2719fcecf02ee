"""Cases at province scale: a case's chain and a district's escalation list, against naive queries.

On 100,000 cases and about 500,000 exposure edges (``bench.outbreak``):

1. Chain of a case: the page's selector (``contacts.graph.chain_of``: the maintained component label,
   one indexed lookup, first page of 200) against the same answer computed from the raw edges with a
   recursive CTE walking the exposure graph (both directions), then the same first page.
2. Escalation list of a district: the page's selector (``cases.worklists.escalation_list``: open
   escalations read from their partial index) against the same list computed from raw monitoring rows:
   cases whose warning entries were not handled afterwards, ordered by risk then waiting time.
"""

import random

from django.db import connection

from bench import outbreak
from bench.measure import latencies_ms, line, timed
from bench.persons import _copy_baseline, _csv_of
from bench.synthetic import person_rows
from phaodai.cases.worklists import escalation_list
from phaodai.contacts.graph import chain_of
from phaodai.core.scoping import Jurisdiction, next_path
from phaodai.geo.models import AdminUnit, UnitLevel, UnitMap
from phaodai.people.models import Person

PAGE = 200
SAMPLES = 200

NAIVE_CHAIN = """
WITH RECURSIVE component(person_id) AS (
    SELECT %s::bigint
    UNION
    SELECT CASE WHEN e.source_id = c.person_id THEN e.contact_id ELSE e.source_id END
    FROM component c JOIN contacts_exposure e ON e.source_id = c.person_id OR e.contact_id = c.person_id
)
SELECT (SELECT count(*) FROM component), array(SELECT person_id FROM component ORDER BY person_id LIMIT %s)
"""

NAIVE_ESCALATIONS = """
SELECT m.case_id, min(m.at) AS waiting_since, max(c.risk_score) AS risk
FROM cases_monitoringentry m JOIN cases_case c ON c.id = m.case_id
WHERE m.unit_path >= %s AND m.unit_path < %s AND m.warning_signs::text <> '[]' AND c.status = 'active'
  AND NOT EXISTS (
      SELECT 1 FROM cases_escalation h WHERE h.case_id = m.case_id AND h.handled_at >= m.at
  )
GROUP BY m.case_id
ORDER BY risk DESC, waiting_since
LIMIT 25
"""


def _naive_chain(person_id: int) -> tuple[int, list[int]]:
    with connection.cursor() as cursor:
        cursor.execute(NAIVE_CHAIN, [person_id, PAGE])
        size, page = cursor.fetchone()
    return size, page


def _naive_escalations(path: str) -> list[tuple[int, object, int]]:
    with connection.cursor() as cursor:
        cursor.execute(NAIVE_ESCALATIONS, [path, next_path(path)])
        return cursor.fetchall()


def _load(cases: int, rng: random.Random) -> tuple[list[int], list[AdminUnit]]:
    province = AdminUnit.objects.get(unit_map=UnitMap.THREE_TIER, level=UnitLevel.PROVINCE, code="12")
    communes = list(AdminUnit.objects.filter(level=UnitLevel.COMMUNE, path__startswith=province.path))
    districts = list(AdminUnit.objects.filter(level=UnitLevel.DISTRICT, path__startswith=province.path))
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE people_person RESTART IDENTITY CASCADE")
    _copy_baseline(_csv_of(person_rows(count=cases * 4, communes=communes, rng=rng, province="12")))
    ids, paths = zip(*Person.objects.values_list("id", "unit_path").order_by("id"), strict=True)
    by_path = {c.path: c for c in communes}
    units = {pid: by_path[path] for pid, path in zip(ids, paths, strict=True)}
    person_ids = list(ids)
    rng.shuffle(person_ids)
    plan = outbreak.plan(person_ids, cases=cases, rng=rng)
    pairs = outbreak.edges(plan, rng)
    active = outbreak.write_cases(plan, units, rng)
    outbreak.write_graph(pairs, units)
    outbreak.write_monitoring(active, {c.path: c.pk for c in communes}, rng)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    line(f"outbreak loaded: {cases:,} cases, {len(pairs):,} exposure edges", f"{len(plan):,} chains")
    return [case for o in plan for case in o.cases], districts


def run(*, cases: int) -> None:
    rng = random.Random(2021)
    results: dict[str, float] = {}
    with timed("load", results):
        case_persons, districts = _load(cases, rng)
    province = Jurisdiction.of(["L/12/"])
    sample = rng.sample(case_persons, SAMPLES)
    persons = {p.pk: p for p in Person.objects.filter(pk__in=sample)}
    ours = latencies_ms(lambda pid: chain_of(persons[pid], jurisdiction=province, limit=PAGE), sample)
    naive = latencies_ms(_naive_chain, sample[:50])
    line(
        f"chain of a case, first {PAGE} nodes (p95, {SAMPLES} cases)",
        f"{ours['p95']:.1f} ms",
        f"naive recursive CTE p95 {naive['p95']:.1f} ms, ratio naive/ours {naive['p95'] / ours['p95']:.1f}",
    )
    line("chain of a case (median)", f"{ours['median']:.1f} ms", f"naive median {naive['median']:.1f} ms")
    picks = [districts[i % len(districts)] for i in range(SAMPLES)]
    ours = latencies_ms(lambda d: list(escalation_list(jurisdiction=Jurisdiction.of([d.path]))[:25]), picks)
    naive = latencies_ms(lambda d: _naive_escalations(d.path), picks[:50])
    line(
        "escalation list of a district, first 25 (p95)",
        f"{ours['p95']:.1f} ms",
        f"naive from monitoring rows p95 {naive['p95']:.1f} ms, ratio {naive['p95'] / ours['p95']:.1f}",
    )
