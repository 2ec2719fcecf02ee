"""The exposure graph: who is an F1 or F2 now (derived), and which chain each person belongs to.

Nobody types "F1". :func:`refresh_contacts` re-derives the ``Contact`` row of exactly the persons it is
given, from their exposures and the cases of the people they met (rules.md §2.1):

- **F1**: exposed to someone with an open *confirmed* case (a suspected case does not count), on or after
  the start of that case's transmission period (``days_before_onset`` days before symptom onset, or before
  the sample date, else the report date, for an asymptomatic F0);
- **F2**: otherwise, while the version in force traces F2, exposed to someone who is an open F1, on or after
  the start of the transmission period of that F1's index case (the F1 may have been infected from then);
- someone with an open case is not a contact: their open Contact ends as "became case";
- exposures dated before the end of one's own (recovered) case do not count: they were met while ill.

:func:`refresh_from` adds the one step that can follow: the persons whose F1 status changed are sources of
F2, so the people exposed to them are refreshed too (F2 never makes anyone else anything: it stops there).

Chains are the connected components of the graph. Each person's component label (``ChainNode``) is kept
incrementally by :func:`link`: when an edge joins two chains the smaller one is relabelled to the larger in
one UPDATE, so a chain page is one indexed lookup instead of a walk over the edges.
"""

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import F, Max, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.db.models.lookups import In
from django.utils.translation import gettext as _

from phaodai.cases.models import Case, Cluster
from phaodai.cases.reference import OPEN_STATUSES, CaseStatus
from phaodai.contacts import rulesets
from phaodai.contacts.models import Chain, ChainNode, Contact, Exposure
from phaodai.contacts.reference import OPEN_TRACE_STATUSES, ContactLevel, TraceStatus
from phaodai.core import audit, clock, rules
from phaodai.core.models import AuditAction, RuleSet
from phaodai.core.scoping import Jurisdiction, ScopedQuerySet
from phaodai.people.models import Person

CONFIRMED_STATUSES = (CaseStatus.ACTIVE, CaseStatus.RECOVERED, CaseStatus.DECEASED)
ENDED_ILLNESS = (CaseStatus.RECOVERED, CaseStatus.DECEASED)
CONTACT_FIELDS = ["level", "index_case", "via", "last_exposure_date", "rules", "status", "closed_at"]


# --- Deriving F1 / F2 ---------------------------------------------------------------------------------


def transmission_start(case: Case, days_before_onset: int) -> dt.date:
    """First day a case could infect someone: before onset, else before the sample (or report) date."""
    anchor = case.onset_date or case.sample_date or case.report_date
    return anchor - dt.timedelta(days=days_before_onset)


@dataclass(frozen=True)
class Derived:
    """What a person's exposures make them today."""

    level: str
    index_case_id: int
    via_id: int | None
    last_exposure_date: dt.date

    def beats(self, other: "Derived | None") -> bool:
        """The latest exposure decides; on the same day, the older index case (a stable choice)."""
        if other is None:
            return True
        return (self.last_exposure_date, -self.index_case_id) > (
            other.last_exposure_date,
            -other.index_case_id,
        )


class RulesInForce:
    """The contact definition in force on one day, looked up once per unit path."""

    def __init__(self, on: dt.date) -> None:
        self.on = on
        self._by_path: dict[str, RuleSet] = {}

    def __call__(self, unit_path: str) -> RuleSet:
        if unit_path not in self._by_path:
            self._by_path[unit_path] = rules.in_force(rulesets.DEFINITION, on=self.on, unit_path=unit_path)
        return self._by_path[unit_path]


def _exposures_of(person_ids: Iterable[int]) -> list[tuple[int, int, dt.date]]:
    """(contact, source, last exposure date) of every exposure of these persons."""
    rows = Exposure.objects.filter(contact_id__in=list(person_ids))
    return list(rows.values_list("contact_id", "source_id", "last_exposure_date"))


def _ill_until(person_ids: Iterable[int]) -> dict[int, dt.date]:
    """The end of each person's latest ended case: exposures until then met someone already ill."""
    rows = (
        Case.objects.filter(
            person_id__in=list(person_ids), status__in=ENDED_ILLNESS, outcome_date__isnull=False
        )
        .values("person_id")
        .annotate(until=Max("outcome_date"))
    )
    return {row["person_id"]: row["until"] for row in rows}


def _counts(day: dt.date, person_id: int, ill_until: dict[int, dt.date], start: dt.date) -> bool:
    ended = ill_until.get(person_id)
    return day >= start and (ended is None or day > ended)


def _derive_f1(persons: dict[int, Person], rules_for: RulesInForce) -> dict[int, Derived]:
    exposures = _exposures_of(persons)
    sources = {source for _, source, _ in exposures}
    cases = {
        case.person_id: case
        for case in Case.objects.filter(person_id__in=sources, status=CaseStatus.ACTIVE).only(
            "pk", "person_id", "onset_date", "sample_date", "report_date"
        )
    }
    ill_until = _ill_until(persons)
    found: dict[int, Derived] = {}
    for contact_id, source_id, day in exposures:
        case = cases.get(source_id)
        if case is None:
            continue
        params = rules_for(persons[contact_id].unit_path).params
        if not _counts(day, contact_id, ill_until, transmission_start(case, params["days_before_onset"])):
            continue
        candidate = Derived(ContactLevel.F1, case.pk, None, day)
        if candidate.beats(found.get(contact_id)):
            found[contact_id] = candidate
    return found


def _open_f1_rows(person_ids: Iterable[int]) -> QuerySet[Contact]:
    return Contact.objects.filter(
        person_id__in=list(person_ids), status__in=OPEN_TRACE_STATUSES, level=ContactLevel.F1
    )


def _open_f1s(person_ids: Iterable[int]) -> dict[int, Contact]:
    """Open F1s with the dates of their index case (where the F2 transmission window starts)."""
    rows = (
        _open_f1_rows(person_ids)
        .select_related("index_case")
        .only("person_id", "index_case__onset_date", "index_case__sample_date", "index_case__report_date")
    )
    return {contact.person_id: contact for contact in rows}


def _derive_f2(persons: dict[int, Person], rules_for: RulesInForce) -> dict[int, Derived]:
    traced = {pk: p for pk, p in persons.items() if rules_for(p.unit_path).params.get("trace_f2")}
    exposures = _exposures_of(traced)
    f1s = _open_f1s({source for _, source, _ in exposures})
    ill_until = _ill_until(traced)
    found: dict[int, Derived] = {}
    for contact_id, source_id, day in exposures:
        f1 = f1s.get(source_id)
        if f1 is None:
            continue
        params = rules_for(traced[contact_id].unit_path).params
        start = transmission_start(f1.index_case, params["days_before_onset"])
        if not _counts(day, contact_id, ill_until, start):
            continue
        candidate = Derived(ContactLevel.F2, f1.index_case_id, source_id, day)
        if candidate.beats(found.get(contact_id)):
            found[contact_id] = candidate
    return found


class _Writer:
    """Applies derivations to the open Contact rows, batched, and counts what it did for the audit."""

    def __init__(self, rules_for: RulesInForce) -> None:
        self.rules_for = rules_for
        self.now = clock.now()
        self.updates: list[Contact] = []
        self.creates: list[Contact] = []
        self.counts = {"listed": 0, "updated": 0, "closed": 0}

    def close(self, contact: Contact | None, status: str) -> None:
        if contact is None:
            return
        contact.status, contact.closed_at = status, self.now
        self.updates.append(contact)
        self.counts["closed"] += 1

    def apply(self, person: Person, contact: Contact | None, derived: Derived | None) -> None:
        if derived is None:
            self.close(contact, TraceStatus.CLEARED)
        elif contact is None:
            self._create(person, derived)
        elif contact.level == derived.level or derived.level == ContactLevel.F1:
            self._update(person, contact, derived)  # same level, or an F2 found to be an F1: keep tracing
        else:  # an F1 now only an F2: other obligations, so listed anew
            self.close(contact, TraceStatus.CLEARED)
            self._create(person, derived)

    def _create(self, person: Person, derived: Derived) -> None:
        self.creates.append(
            Contact(
                person_id=person.pk,
                unit_id=person.unit_id,
                unit_path=person.unit_path,
                level=derived.level,
                index_case_id=derived.index_case_id,
                via_id=derived.via_id,
                last_exposure_date=derived.last_exposure_date,
                rules=self.rules_for(person.unit_path),
                listed_at=self.now,
            )
        )
        self.counts["listed"] += 1

    def _update(self, person: Person, contact: Contact, derived: Derived) -> None:
        current = (contact.level, contact.index_case_id, contact.via_id, contact.last_exposure_date)
        wanted = (derived.level, derived.index_case_id, derived.via_id, derived.last_exposure_date)
        if current == wanted:
            return
        contact.level, contact.index_case_id, contact.via_id, contact.last_exposure_date = wanted
        contact.rules = self.rules_for(person.unit_path)  # a new decision, under the version in force
        self.updates.append(contact)
        self.counts["updated"] += 1

    def flush(self) -> None:
        """Updates first: an F1 closed before its F2 row is created keeps one open row per person."""
        if self.updates:
            Contact.objects.bulk_update(self.updates, CONTACT_FIELDS)
        if self.creates:
            Contact.objects.bulk_create(self.creates)
        self.updates, self.creates = [], []

    def record(self, actor: Any, person_count: int) -> None:
        changed = sum(self.counts.values())
        if changed:
            audit.record(
                actor=actor,
                action=AuditAction.UPDATE,
                entity=Contact._meta.label_lower,
                summary=_(
                    "Cập nhật F1/F2 của %(n)s người: %(listed)s mới, %(updated)s đổi, %(closed)s kết thúc"
                )
                % {"n": person_count, **self.counts},
                row_count=changed,
            )


def _f1_index(person_ids: Iterable[int]) -> dict[int, int]:
    """Each open F1's index case: what the F2 of the people they met hang on."""
    return dict(_open_f1_rows(person_ids).values_list("person_id", "index_case_id"))


def refresh_contacts(
    person_ids: Iterable[int], *, on: dt.date, actor: Any = None, audited: bool = True
) -> set[int]:
    """Re-derive the contact status of exactly these persons; the ones whose F1 status changed come back.

    F1 first, written, then F2: an F2 hangs on an F1 that may be in the same batch. ``audited=False`` for a
    caller whose own audit event covers the change (an import batch).
    """
    ids = sorted(set(person_ids))
    if not ids:
        return set()
    before = _f1_index(ids)
    persons = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    open_contacts = {
        c.person_id: c
        for c in Contact.objects.select_for_update().filter(person_id__in=ids, status__in=OPEN_TRACE_STATUSES)
    }
    in_case = set(
        Case.objects.filter(person_id__in=ids, status__in=OPEN_STATUSES).values_list("person_id", flat=True)
    )
    rules_for = RulesInForce(on)
    writer = _Writer(rules_for)
    for pk in in_case & persons.keys():
        writer.close(open_contacts.pop(pk, None), TraceStatus.BECAME_CASE)
    candidates = {pk: p for pk, p in persons.items() if pk not in in_case}
    f1 = _derive_f1(candidates, rules_for)
    for pk, derived in f1.items():
        writer.apply(candidates.pop(pk), open_contacts.pop(pk, None), derived)
    writer.flush()
    f2 = _derive_f2(candidates, rules_for)
    for pk, person in candidates.items():
        writer.apply(person, open_contacts.pop(pk, None), f2.get(pk))
    writer.flush()
    if audited:
        writer.record(actor, len(persons))
    after = _f1_index(ids)
    return {pk for pk in ids if before.get(pk) != after.get(pk)}


def exposed_to(person_ids: Iterable[int]) -> set[int]:
    """Everyone named as a contact of these persons."""
    rows = Exposure.objects.filter(source_id__in=list(person_ids)).values_list("contact_id", flat=True)
    return set(rows)


def refresh_from(person_ids: Iterable[int], *, on: dt.date, actor: Any = None, audited: bool = True) -> None:
    """Refresh these persons, then the people exposed to those whose F1 status (or index case) changed."""
    ids = set(person_ids)
    changed = refresh_contacts(ids, on=on, actor=actor, audited=audited)
    if changed:
        refresh_contacts(exposed_to(changed) - ids, on=on, actor=actor, audited=audited)


# --- Chains (connected components), kept incrementally ------------------------------------------------


def _has_case(person_ids: Iterable[int]) -> set[int]:
    rows = Case.objects.filter(person_id__in=list(person_ids)).exclude(status=CaseStatus.DISCARDED)
    return set(rows.values_list("person_id", flat=True))


def _merge(chain_ids: list[int]) -> Chain:
    """Relabel the smaller chains' nodes to the largest (one UPDATE) and add up their counts."""
    chains = list(Chain.objects.select_for_update().filter(pk__in=chain_ids).order_by("pk"))
    target = max(chains, key=lambda chain: (chain.size, -chain.pk))
    others = [chain for chain in chains if chain.pk != target.pk]
    ChainNode.objects.filter(chain__in=others).update(chain=target)
    target.size += sum(chain.size for chain in others)
    target.case_count += sum(chain.case_count for chain in others)
    target.save(update_fields=["size", "case_count"])
    Chain.objects.filter(pk__in=[chain.pk for chain in others]).delete()
    return target


def link(source: Person, contact: Person) -> Chain:
    """Put both persons in one chain: new nodes on first sight, two chains merged when the edge joins them.

    The caller holds both persons locked (in its transaction), so their nodes cannot move meanwhile.
    """
    people = {source.pk: source, contact.pk: contact}
    nodes = {node.person_id: node for node in ChainNode.objects.filter(person_id__in=people)}
    chain_ids = sorted({node.chain_id for node in nodes.values()})
    if not chain_ids:
        chain = Chain.objects.create(size=0, case_count=0)
    elif len(chain_ids) == 1:
        chain = Chain.objects.select_for_update().get(pk=chain_ids[0])
    else:
        chain = _merge(chain_ids)
    newcomers = [person for pk, person in people.items() if pk not in nodes]
    if newcomers:
        ChainNode.objects.bulk_create(
            [ChainNode(person=p, chain=chain, unit_path=p.unit_path) for p in newcomers]
        )
        chain.size += len(newcomers)
        chain.case_count += len(_has_case(p.pk for p in newcomers))
        chain.save(update_fields=["size", "case_count"])
    return chain


def count_case_change(person_id: int, *, delta: int) -> None:
    """A person in a chain gets their first case (+1) or loses their last one, ruled out (-1)."""
    node = ChainNode.objects.filter(person_id=person_id).first()
    if node is None:
        return
    cases = Case.objects.filter(person_id=person_id).exclude(status=CaseStatus.DISCARDED).count()
    if (delta > 0 and cases == 1) or (delta < 0 and cases == 0):
        chain = Chain.objects.select_for_update().get(pk=node.chain_id)
        chain.case_count = max(chain.case_count + delta, 0)
        chain.save(update_fields=["case_count"])


# --- Reading a component: nodes and edges, paged and cut to the jurisdiction --------------------------
#
# The viewer's jurisdiction is decided by each person's own ``unit_path``, not by the copy on the node:
# the node's copy follows bulk re-stamps only, not a person moved by hand. What keeps the reads small is
# that every read starts from the chain (its nodes, its page of ids), never from the person table.

MAX_LIMIT = 500
EDGE_CAP = 5_000


class _Among(In):
    """``IN``, which PostgreSQL gets as ``= ANY(array)``: the reads of a page start from the chain.

    - ``IN (subquery)`` is planned as a semi-join: where the jurisdiction matches most persons (a
      province) PostgreSQL hashed the whole person table for a chain of twenty, where
      ``= ANY(ARRAY(subquery))`` is one primary-key probe per member whatever the statistics say.
    - ``IN (1, 2, ...)`` binds, and renders into the SQL text, every id of the page one by one: twice
      the client time of ``= ANY(%s)`` with the page's ids as one array parameter.

    Other databases keep ``IN``.
    """

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if self.rhs_is_direct_value():
            if not self.rhs:
                raise EmptyResultSet
            array = f"{self.lhs.output_field.db_type(connection)}[]"  # as the column: a plan not by id size
            return f"{lhs} = ANY(%s::{array})", (*lhs_params, list(self.rhs))
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


def _among(field: str, values: Any) -> _Among:
    return _Among(F(field), values)


def _members(nodes: QuerySet[ChainNode]) -> ScopedQuerySet:
    return Person.objects.filter(_among("pk", nodes.values("person_id")))


@dataclass(frozen=True)
class GraphNode:
    """A person of the component; ``person_id`` None is the one anonymous node of everyone outside."""

    person_id: int | None
    name: str
    level: str  # "F0", "F1", "F2" or "" (none of them now)
    depth: int = 0
    root: bool = False
    count: int = 1


@dataclass(frozen=True)
class GraphEdge:
    """``contact`` was exposed to ``source``; None stands for persons outside the jurisdiction."""

    source: int | None
    contact: int | None
    setting: str
    last_exposure_date: dt.date


@dataclass(frozen=True)
class ChainGraph:
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    total: int  # persons of the component the viewer may see
    hidden: int  # persons of the component outside the jurisdiction (a count, never names)
    offset: int
    limit: int

    @property
    def shown(self) -> int:
        return sum(1 for node in self.nodes if node.person_id is not None)

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.total else None

    @property
    def previous_offset(self) -> int | None:
        return max(self.offset - self.limit, 0) if self.offset > 0 else None


# (source, contact, setting, last exposure date, source's unit path, exposure's unit path: the contact's)
EdgeRow = tuple[int, int, str, dt.date, str, str]
PersonRow = tuple[int, str, str]  # (pk, full name, unit path)


def _levels(person_ids: list[int]) -> dict[int, str]:
    """F0 for a confirmed case (open or ended), else the open F1/F2.

    Two queries, not one UNION: for a page of 200 ids PostgreSQL ran the union with parallel workers,
    whose start cost more than the second round trip.
    """
    contacts = Contact.objects.filter(_among("person_id", person_ids), status__in=OPEN_TRACE_STATUSES)
    levels = dict(contacts.values_list("person_id", "level"))
    confirmed = Case.objects.filter(_among("person_id", person_ids), status__in=CONFIRMED_STATUSES)
    levels.update(dict.fromkeys(confirmed.values_list("person_id", flat=True), "F0"))
    return levels


def _depths(ids: list[int], roots: set[int], edges: list[GraphEdge]) -> dict[int, int]:
    """BFS depth over the page (edges both ways) from the roots, then from each node not yet reached."""
    neighbours: dict[int, list[int]] = defaultdict(list)
    for edge in edges:
        if edge.source is not None and edge.contact is not None:
            neighbours[edge.source].append(edge.contact)
            neighbours[edge.contact].append(edge.source)
    depth: dict[int, int] = {}
    for start in [pk for pk in ids if pk in roots] + ids:
        if start in depth:
            continue
        depth[start] = 0
        queue = deque([start])
        while queue:
            current = queue.popleft()
            for other in neighbours[current]:
                if other not in depth:
                    depth[other] = depth[current] + 1
                    queue.append(other)
    return depth


_OFF_PAGE = -1


def _end(pk: int, path: str, on_page: set[int], jurisdiction: Jurisdiction) -> int | None:
    """A person on the page, None for someone outside the jurisdiction, ``_OFF_PAGE`` for the rest."""
    if not jurisdiction.contains(path):
        return None
    return pk if pk in on_page else _OFF_PAGE


def edges_on_page(rows: Iterable[EdgeRow], ids: list[int], jurisdiction: Jurisdiction) -> list[GraphEdge]:
    """Edges between persons of the page, and to the anonymous node for persons outside the jurisdiction.

    An edge to a visible person on another page is left out: that page draws it.
    """
    on_page = set(ids)
    edges: set[GraphEdge] = set()
    for source, contact, setting, day, source_path, contact_path in rows:
        ends = (
            _end(source, source_path, on_page, jurisdiction),
            _end(contact, contact_path, on_page, jurisdiction),
        )
        if _OFF_PAGE not in ends and ends != (None, None):
            edges.add(GraphEdge(ends[0], ends[1], setting, day))
    return sorted(edges, key=lambda e: (e.source or 0, e.contact or 0, e.last_exposure_date))


def _page_edges(page: list[PersonRow], jurisdiction: Jurisdiction) -> list[GraphEdge]:
    """The exposures touching the page; a source's path is looked up only for sources off the page.

    (Joining the person table for it made PostgreSQL hash every person to draw a few hundred edges.)
    """
    ids = [pk for pk, _, _ in page]
    paths = {pk: path for pk, _, path in page}
    rows = list(
        Exposure.objects.filter(_among("source_id", ids) | _among("contact_id", ids))
        .order_by("pk")
        .values_list("source_id", "contact_id", "setting", "last_exposure_date", "unit_path")[:EDGE_CAP]
    )
    away = {source for source, *_ in rows if source not in paths}
    if away:
        paths.update(Person.objects.filter(_among("pk", away)).values_list("pk", "unit_path"))
    return edges_on_page(
        (
            (source, contact, setting, day, paths[source], contact_path)
            for source, contact, setting, day, contact_path in rows
        ),
        ids,
        jurisdiction,
    )


def graph_of_page(
    page: list[tuple[int, str]],
    *,
    roots: set[int],
    edges: list[GraphEdge],
    levels: dict[int, str],
    size: int,
    total: int,
    offset: int,
    limit: int,
) -> ChainGraph:
    """The page drawn: depth from the roots, levels, and one anonymous node counting everyone outside."""
    ids = [pk for pk, _ in page]
    depths = _depths(ids, roots, edges)
    nodes = [GraphNode(pk, name, levels.get(pk, ""), depths[pk], pk in roots) for pk, name in page]
    hidden = max(size - total, 0)
    if hidden and any(None in (e.source, e.contact) for e in edges):
        outside = max(depths.values(), default=-1) + 1
        nodes.append(GraphNode(None, _("người ngoài địa bàn"), "", outside, count=hidden))
    return ChainGraph(nodes, edges, total, hidden, offset, limit)


def _component(
    others: ScopedQuerySet,
    *,
    roots: list[PersonRow],
    root_ids: set[int],
    size: int,
    jurisdiction: Jurisdiction,
    limit: int,
    offset: int,
) -> ChainGraph:
    """One page of a component: its visible ``roots`` (by pk) first, then the ``others`` it may see, by pk.

    The others come in primary-key order straight from the index, so a page of 200 reads about 200
    persons; they are counted only when the page does not reach the end of the component.
    """
    limit, offset = min(max(limit, 1), MAX_LIMIT), max(offset, 0)
    visible = others.visible_to(jurisdiction)
    first = roots[offset : offset + limit]
    skip, room = max(offset - len(roots), 0), limit - len(first)
    rest: list[PersonRow] = []
    if room:
        rest = list(visible.order_by("pk").values_list("pk", "full_name", "unit_path")[skip : skip + room])
    if room and len(rest) < room and (rest or not skip):
        total = len(roots) + skip + len(rest)  # the page reached the component's end
    else:
        total = len(roots) + visible.count()
    page = first + rest
    return graph_of_page(
        [(pk, name) for pk, name, _ in page],
        roots=root_ids,
        edges=_page_edges(page, jurisdiction),
        levels=_levels([pk for pk, _, _ in page]),
        size=size,
        total=total,
        offset=offset,
        limit=limit,
    )


def chain_of(person: Person, *, jurisdiction: Jurisdiction, limit: int = 200, offset: int = 0) -> ChainGraph:
    """The connected component of a person (the caller holds them in scope), the person first.

    Its size is the one the chain row maintains: only the visible part is counted, and only when it
    does not fit on the page.
    """
    node = ChainNode.objects.filter(person_id=person.pk).values_list("chain_id", "chain__size").first()
    if node is None:
        others, size = Person.objects.none(), 1
    else:
        chain_id, size = node
        others = _members(ChainNode.objects.filter(chain_id=chain_id)).exclude(pk=person.pk)
    roots = (
        [(person.pk, person.full_name, person.unit_path)] if jurisdiction.contains(person.unit_path) else []
    )
    return _component(
        others,
        roots=roots,
        root_ids={person.pk},
        size=size,
        jurisdiction=jurisdiction,
        limit=limit,
        offset=offset,
    )


def cluster_graph(
    cluster: Cluster, *, jurisdiction: Jurisdiction, limit: int = 200, offset: int = 0
) -> ChainGraph:
    """The chains of a cluster's cases (and its cases in no chain yet), the cases first."""
    root_ids = set(Case.objects.filter(cluster=cluster).values_list("person_id", flat=True))
    roots = list(
        Person.objects.filter(pk__in=root_ids)
        .visible_to(jurisdiction)
        .order_by("pk")
        .values_list("pk", "full_name", "unit_path")
    )
    chains = ChainNode.objects.filter(person_id__in=root_ids).values("chain_id")
    others = _members(ChainNode.objects.filter(chain_id__in=Subquery(chains))).exclude(pk__in=root_ids)
    size = Chain.objects.filter(pk__in=Subquery(chains)).aggregate(n=Coalesce(Sum("size"), 0))["n"]
    unchained = len(root_ids) - ChainNode.objects.filter(person_id__in=root_ids).count()
    return _component(
        others,
        roots=roots,
        root_ids=root_ids,
        size=size + unchained,
        jurisdiction=jurisdiction,
        limit=limit,
        offset=offset,
    )
