"""Set-based load of exposures (a past wave, an import) with the F1/F2 rows and chains they imply.

The per-row services derive the ``Contact`` rows as time goes by: a case opens, names its contacts
(``exposures_add``), is reached, closes; each step refreshes the people it touches
(``graph.refresh_from``). A loaded history has no "as time goes by", so :class:`Replay` plays the
same steps in memory, in time order, with the same rules (``graph.Derived`` and its ``beats``,
``graph.transmission_start``, ``graph._counts``, the contact definition in force on each day, the
same transitions as ``graph._Writer``): the rows it writes are the ones the services would have left
(``tests/test_bulk_history.py`` loads one small graph both ways and compares). Chains are the connected
components of the loaded edges, labelled by union-find.

The load is for persons new to the graph (no exposure yet): their chains start here. Edges added
later by the services merge into them as any other chain.
"""

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.cases.bulk import RulesMemo, db_rows
from phaodai.cases.models import Case, CaseEvent, EventKind
from phaodai.cases.reference import OPEN_STATUSES, CaseStatus
from phaodai.contacts import graph, receivers, rulesets
from phaodai.contacts.models import Chain, ChainNode, Contact, Exposure
from phaodai.contacts.reference import ContactLevel, ExposureSetting, TraceStatus
from phaodai.contacts.services import FIRST_DAY
from phaodai.core import audit, clock
from phaodai.core.bulk import bulk_insert, next_ids, reset_sequence
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction, RuleSet
from phaodai.core.scoping import Jurisdiction
from phaodai.people.models import Person

RulesFor = Callable[[str], RuleSet]


@dataclass(frozen=True)
class Naming:
    """The people a source named at one moment, and where they met (what ``exposures_add`` is given)."""

    at: dt.datetime
    source_id: int
    named: tuple[tuple[int, str], ...]  # (person id, exposure setting)
    last_exposure_date: dt.date


@dataclass
class _Edge:
    source_id: int
    contact_id: int
    setting: str
    last_exposure_date: dt.date
    created_at: dt.datetime
    source_case_id: int | None


@dataclass
class _Row:
    """A ``Contact`` row as the services would have written and changed it."""

    person_id: int
    level: str
    index_case_id: int
    via_id: int | None
    last_exposure_date: dt.date
    rules_id: int
    listed_at: dt.datetime
    status: str = TraceStatus.LISTED
    reached_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None


@dataclass(frozen=True)
class _CaseSpan:
    """A case as the graph saw it: open from its registration to its ending."""

    case: Case
    open_status: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None


def _case_id(span: _CaseSpan | None) -> int | None:
    return span.case.pk if span is not None else None


OPEN, NAMED, REACH, CLOSE = range(4)  # the order of events at the same instant


@dataclass
class Replay:
    """The services' contact derivation played in memory over a history, in time order."""

    paths: dict[int, str]
    memo: RulesMemo
    reached_after: dt.timedelta | None = None
    incoming: dict[int, dict[int, dt.date]] = field(default_factory=lambda: defaultdict(dict))
    outgoing: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    open_case: dict[int, _CaseSpan] = field(default_factory=dict)
    ill_until: dict[int, dt.date] = field(default_factory=dict)
    open_rows: dict[int, _Row] = field(default_factory=dict)
    rows: list[_Row] = field(default_factory=list)
    edges: dict[tuple[int, int], _Edge] = field(default_factory=dict)
    cases: dict[int, Case] = field(default_factory=dict)
    spans: list[_CaseSpan] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)  # (case, index case) to link on opening
    _queue: list[tuple[dt.datetime, int, int, Any]] = field(default_factory=list)
    _seq: Any = field(default_factory=count)

    def push(self, at: dt.datetime, kind: int, item: Any) -> None:
        heapq.heappush(self._queue, (at, kind, next(self._seq), item))

    def run(self) -> None:
        handlers: dict[int, Callable[[dt.datetime, Any], None]] = {
            OPEN: self._open,
            NAMED: self._named,
            REACH: self._reach,
            CLOSE: self._close_case,
        }
        while self._queue:
            at, kind, _seq, item = heapq.heappop(self._queue)
            handlers[kind](at, item)

    # --- the events ---------------------------------------------------------------------------------

    def _open(self, at: dt.datetime, span: _CaseSpan) -> None:
        """``case_opened``: an F1 who became a case is linked to their index case; exposures named
        before the case get it as their source case; the person and the people they named refreshed."""
        person = span.case.person_id
        row = self.open_rows.get(person)
        if row is not None and row.level == ContactLevel.F1 and span.case.source_case_id is None:
            self.links.append((span.case.pk, row.index_case_id))
        self.open_case[person] = span
        for contact in self.outgoing[person]:
            edge = self.edges[(person, contact)]
            edge.source_case_id = edge.source_case_id or span.case.pk
        self.refresh_from({person} | self.outgoing[person], at)

    def _close_case(self, at: dt.datetime, span: _CaseSpan) -> None:
        """``case_closed``: no more F1 from it; the person's own exposures until its end don't count."""
        person = span.case.person_id
        self.open_case.pop(person, None)
        outcome = span.case.outcome_date
        if span.case.status in graph.ENDED_ILLNESS and outcome is not None:
            self.ill_until[person] = max(outcome, self.ill_until.get(person, outcome))
        self.refresh_from({person} | self.outgoing[person], at)

    def _named(self, at: dt.datetime, naming: Naming) -> None:
        """``exposures_add``: each pair created, or moved to a later date; then the named refreshed."""
        source = naming.source_id
        for contact, setting in naming.named:
            edge = self.edges.get((source, contact))
            open_case = self.open_case.get(source)
            if edge is None:
                self.edges[(source, contact)] = _Edge(
                    source, contact, setting, naming.last_exposure_date, at, _case_id(open_case)
                )
                self.incoming[contact][source] = naming.last_exposure_date
                self.outgoing[source].add(contact)
                continue
            if naming.last_exposure_date > edge.last_exposure_date:
                edge.last_exposure_date = naming.last_exposure_date
                self.incoming[contact][source] = naming.last_exposure_date
            edge.source_case_id = edge.source_case_id or _case_id(open_case)
        self.refresh_from({contact for contact, _ in naming.named}, at)

    def _reach(self, at: dt.datetime, row: _Row) -> None:
        """``contact_mark_reached``, for a row still listed."""
        if row.status == TraceStatus.LISTED and self.open_rows.get(row.person_id) is row:
            row.status, row.reached_at = TraceStatus.REACHED, at

    # --- graph.refresh_from / refresh_contacts ------------------------------------------------------

    def refresh_from(self, person_ids: set[int], at: dt.datetime) -> None:
        changed = self.refresh(person_ids, at)
        if changed:
            self.refresh({c for pk in changed for c in self.outgoing[pk]} - person_ids, at)

    def _f1_index(self, person_id: int) -> int | None:
        row = self.open_rows.get(person_id)
        return row.index_case_id if row is not None and row.level == ContactLevel.F1 else None

    def refresh(self, person_ids: Iterable[int], at: dt.datetime) -> set[int]:
        ids = sorted(set(person_ids))
        on = timezone.localdate(at)

        def rules_for(unit_path: str) -> RuleSet:
            return self.memo(rulesets.DEFINITION, on=on, unit_path=unit_path)

        before = {pk: self._f1_index(pk) for pk in ids}
        in_case = {pk for pk in ids if pk in self.open_case}
        for pk in in_case:
            self._end(pk, TraceStatus.BECAME_CASE, at)
        candidates = [pk for pk in ids if pk not in in_case]
        f1 = {pk: found for pk in candidates if (found := self._derive_f1(pk, rules_for)) is not None}
        for pk, derived in f1.items():
            self._apply(pk, derived, at, rules_for)
        rest = [pk for pk in candidates if pk not in f1]
        f2 = {pk: self._derive_f2(pk, rules_for) for pk in rest}
        for pk in rest:
            self._apply(pk, f2[pk], at, rules_for)
        return {pk for pk in ids if before[pk] != self._f1_index(pk)}

    def _derive_f1(self, person_id: int, rules_for: RulesFor) -> graph.Derived | None:
        params = rules_for(self.paths[person_id]).params
        found: graph.Derived | None = None
        for source, day in self.incoming[person_id].items():
            span = self.open_case.get(source)
            if span is None or span.open_status != CaseStatus.ACTIVE:
                continue
            start = graph.transmission_start(span.case, params["days_before_onset"])
            if not graph._counts(day, person_id, self.ill_until, start):
                continue
            candidate = graph.Derived(ContactLevel.F1, span.case.pk, None, day)
            if candidate.beats(found):
                found = candidate
        return found

    def _derive_f2(self, person_id: int, rules_for: RulesFor) -> graph.Derived | None:
        params = rules_for(self.paths[person_id]).params
        if not params.get("trace_f2"):
            return None
        found: graph.Derived | None = None
        for source, day in self.incoming[person_id].items():
            row = self.open_rows.get(source)
            if row is None or row.level != ContactLevel.F1:
                continue
            start = graph.transmission_start(self.cases[row.index_case_id], params["days_before_onset"])
            if not graph._counts(day, person_id, self.ill_until, start):
                continue
            candidate = graph.Derived(ContactLevel.F2, row.index_case_id, source, day)
            if candidate.beats(found):
                found = candidate
        return found

    # --- graph._Writer ------------------------------------------------------------------------------

    def _end(self, person_id: int, status: str, at: dt.datetime) -> None:
        row = self.open_rows.pop(person_id, None)
        if row is not None:
            row.status, row.closed_at = status, at

    def _apply(self, pk: int, derived: graph.Derived | None, at: dt.datetime, rules_for: RulesFor) -> None:
        row = self.open_rows.get(pk)
        if derived is None:
            self._end(pk, TraceStatus.CLEARED, at)
        elif row is None:
            self._list(pk, derived, at, rules_for)
        elif row.level == derived.level or derived.level == ContactLevel.F1:
            wanted = (derived.level, derived.index_case_id, derived.via_id, derived.last_exposure_date)
            if (row.level, row.index_case_id, row.via_id, row.last_exposure_date) != wanted:
                row.level, row.index_case_id, row.via_id, row.last_exposure_date = wanted
                row.rules_id = rules_for(self.paths[pk]).pk
        else:  # an F1 now only an F2: listed anew
            self._end(pk, TraceStatus.CLEARED, at)
            self._list(pk, derived, at, rules_for)

    def _list(self, pk: int, derived: graph.Derived, at: dt.datetime, rules_for: RulesFor) -> None:
        row = _Row(
            pk, derived.level, derived.index_case_id, derived.via_id, derived.last_exposure_date,
            rules_for(self.paths[pk]).pk, at,
        )  # fmt: skip
        self.open_rows[pk] = row
        self.rows.append(row)
        if self.reached_after is not None:
            self.push(at + self.reached_after, REACH, row)


# --- Chains: union-find over the loaded edges ---------------------------------------------------------


def components(edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The connected components of an undirected graph given by its edges, each sorted, smallest first."""
    parent: dict[int, int] = {}

    def find(node: int) -> int:
        root = parent.setdefault(node, node)
        while root != parent[root]:
            root = parent[root]
        while parent[node] != root:  # path compression
            parent[node], node = root, parent[node]
        return root

    for left, right in edges:
        a, b = find(left), find(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for node in parent:
        groups[find(node)].append(node)
    return sorted((sorted(group) for group in groups.values()), key=lambda group: group[0])


# --- Reading what the replay needs, checking, writing -------------------------------------------------


def _case_spans(person_ids: set[int]) -> list[_CaseSpan]:
    """Every case of these persons, open from its registration to its timeline's outcome line (or, with
    none, its last change).

    While open, a case counts as confirmed unless it ended ruled out or is still suspected (the
    moment a suspected case was confirmed is not replayed: loads carry confirmed cases).
    """
    fields = (
        "pk", "person_id", "status", "onset_date", "sample_date", "report_date", "outcome_date", "created_at",
        "updated_at", "source_case_id", "cluster_id",
    )  # fmt: skip
    ids = sorted(person_ids)
    found = (Case.objects.filter(person_id__in=chunk).only(*fields) for chunk in _chunks(ids))
    cases = sorted((c for rows in found for c in rows), key=lambda c: (c.created_at, c.pk))  # ties: stable
    ended: dict[int, dt.datetime] = {}
    closed = [c.pk for c in cases if c.status not in OPEN_STATUSES]
    for chunk in _chunks(closed):
        lines = CaseEvent.objects.filter(case_id__in=chunk, kind=EventKind.OUTCOME).order_by("at")
        ended.update(lines.values_list("case_id", "at"))
    suspected = (CaseStatus.SUSPECTED, CaseStatus.DISCARDED)
    return [
        _CaseSpan(
            case,
            CaseStatus.SUSPECTED if case.status in suspected else CaseStatus.ACTIVE,
            case.created_at,
            None if case.status in OPEN_STATUSES else ended.get(case.pk, case.updated_at),
        )
        for case in cases
    ]


CHUNK = 5_000  # ids per IN list (SQLite caps the variables of one statement)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    return (ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK))


def _first_in_graph(person_ids: Sequence[int]) -> int | None:
    for chunk in _chunks(person_ids):
        found = Exposure.objects.filter(Q(source_id__in=chunk) | Q(contact_id__in=chunk))
        for source, contact in found.values_list("source_id", "contact_id")[:1]:
            return source if source in chunk else contact
    return None


def _check(namings: Sequence[Naming], persons: dict[int, Person], jurisdiction: Jurisdiction) -> None:
    errors: dict[str, list[str]] = {}
    outside = sorted(p.full_name for p in persons.values() if not jurisdiction.contains(p.unit_path))
    if outside:
        errors["person"] = [_("%(name)s không thuộc địa bàn bạn quản lý.") % {"name": outside[0]}]
    today, now = clock.today(), clock.now()
    for number, naming in enumerate(namings, start=1):
        prefix = _("Dòng %(n)s: ") % {"n": number}
        ids = [naming.source_id, *(pk for pk, _setting in naming.named)]
        if any(pk not in persons for pk in ids):
            errors.setdefault("person", []).append(prefix + _("Không tìm thấy người này."))
        if naming.source_id in {pk for pk, _setting in naming.named}:
            errors.setdefault("contact", []).append(
                prefix + _("Một người không thể là tiếp xúc của chính mình.")
            )
        if any(setting not in ExposureSetting.values for _pk, setting in naming.named):
            errors.setdefault("setting", []).append(prefix + _("Chọn hoàn cảnh tiếp xúc."))
        if not FIRST_DAY <= naming.last_exposure_date <= today or naming.at > now:
            errors.setdefault("last_exposure_date", []).append(
                prefix + _("Ngày tiếp xúc cuối phải từ năm 2020 đến hôm nay.")
            )
    if (clash := _first_in_graph(list(persons))) is not None:
        errors.setdefault("person", []).append(
            _("%(name)s đã có trong đồ thị tiếp xúc: nạp hàng loạt chỉ dành cho người chưa có.")
            % {"name": persons[clash].full_name}
        )
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors=errors)


EXPOSURE_COLUMNS = (
    "source_id", "contact_id", "source_case_id", "setting", "last_exposure_date", "note", "created_at",
    "created_by_id", "unit_id", "unit_path",
)  # fmt: skip
CONTACT_COLUMNS = (
    "person_id", "unit_id", "unit_path", "level", "index_case_id", "via_id", "last_exposure_date", "status",
    "rules_id", "listed_at", "reached_at", "reached_by_id", "closed_at",
)  # fmt: skip


@dataclass(frozen=True)
class GraphLoad:
    exposures: int
    contacts: int
    chains: int


def _write_edges(replay: Replay, persons: dict[int, Person], user: Any) -> int:
    exposures = [
        Exposure(
            source_id=e.source_id,
            contact_id=e.contact_id,
            source_case_id=e.source_case_id,
            setting=e.setting,
            last_exposure_date=e.last_exposure_date,
            note="",
            created_at=e.created_at,
            created_by=user,
            unit_id=persons[e.contact_id].unit_id,
            unit_path=persons[e.contact_id].unit_path,
        )
        for e in replay.edges.values()
    ]
    return bulk_insert(Exposure, EXPOSURE_COLUMNS, db_rows(Exposure, EXPOSURE_COLUMNS, exposures))


def _write_contacts(replay: Replay, persons: dict[int, Person], user: Any) -> int:
    contacts = [
        Contact(
            person_id=r.person_id,
            unit_id=persons[r.person_id].unit_id,
            unit_path=persons[r.person_id].unit_path,
            level=r.level,
            index_case_id=r.index_case_id,
            via_id=r.via_id,
            last_exposure_date=r.last_exposure_date,
            status=r.status,
            rules_id=r.rules_id,
            listed_at=r.listed_at,
            reached_at=r.reached_at,
            reached_by=user if r.reached_at else None,
            closed_at=r.closed_at,
        )
        for r in replay.rows
    ]
    return bulk_insert(Contact, CONTACT_COLUMNS, db_rows(Contact, CONTACT_COLUMNS, contacts))


def _write_chains(replay: Replay, persons: dict[int, Person]) -> int:
    """One chain per component, its size and the members with a case (not ruled out) counted."""
    groups = components(replay.edges)
    with_case = {span.case.person_id for span in replay.spans if span.case.status != CaseStatus.DISCARDED}
    ids = next_ids(Chain, len(groups))
    bulk_insert(
        Chain,
        ("id", "size", "case_count"),
        (
            (pk, len(group), sum(1 for p in group if p in with_case))
            for pk, group in zip(ids, groups, strict=True)
        ),
    )
    reset_sequence(Chain)
    bulk_insert(
        ChainNode,
        ("person_id", "chain_id", "unit_path"),
        ((p, pk, persons[p].unit_path) for pk, group in zip(ids, groups, strict=True) for p in group),
    )
    return len(groups)


def _link_sources(replay: Replay, actor: Any) -> None:
    """An F1 loaded as a case without a source gets their index case, as ``case_opened`` does (rare)."""
    for case_id, index_id in replay.links:
        receivers._link_to_source(replay.cases[case_id], replay.cases[index_id], actor)


@transaction.atomic
def exposures_bulk_load(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    namings: Sequence[Naming],
    summary: str,
    reached_after: dt.timedelta | None = None,
    unit_path: str = "",
) -> GraphLoad:
    """Insert exposures of persons new to the graph; their F1/F2 rows and chains as the services derive them.

    The cases of these persons are read from the database (load them first, e.g. with
    ``cases.bulk.cases_bulk_load``): each is open from its registration to its outcome line. With
    ``reached_after``, each listed contact is reached that long after being listed (if still listed).
    """
    ids = {naming.source_id for naming in namings} | {pk for n in namings for pk, _setting in n.named}
    persons = Person.objects.only("pk", "unit_id", "unit_path", "full_name").in_bulk(list(ids))
    _check(namings, persons, jurisdiction)
    replay = Replay(
        paths={pk: p.unit_path for pk, p in persons.items()}, memo=RulesMemo(), reached_after=reached_after
    )
    replay.spans = _case_spans(ids)
    for span in replay.spans:
        replay.cases[span.case.pk] = span.case
        replay.push(span.opened_at, OPEN, span)
        if span.closed_at is not None:
            replay.push(span.closed_at, CLOSE, span)
    for naming in namings:
        replay.push(naming.at, NAMED, naming)
    replay.run()
    user = actor if getattr(actor, "pk", None) else None
    load = GraphLoad(
        exposures=_write_edges(replay, persons, user),
        contacts=_write_contacts(replay, persons, user),
        chains=_write_chains(replay, persons),
    )
    _link_sources(replay, actor)
    audit.record(
        actor=actor, action=AuditAction.BULK_LOAD, entity=Exposure._meta.label_lower, unit_path=unit_path,
        row_count=load.exposures,
        summary=_("%(summary)s: %(n)s tiếp xúc, %(chains)s chuỗi lây nhiễm")
        % {"summary": summary, "n": load.exposures, "chains": load.chains},
    )  # fmt: skip
    audit.record(
        actor=actor, action=AuditAction.BULK_LOAD, entity=Contact._meta.label_lower, unit_path=unit_path,
        row_count=load.contacts,
        summary=_("%(summary)s: %(n)s lượt F1/F2") % {"summary": summary, "n": load.contacts},
    )  # fmt: skip
    return load
