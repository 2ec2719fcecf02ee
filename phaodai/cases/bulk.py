"""Set-based load of ended cases (a past wave, an import of closed records).

Each row is decided as :func:`services.case_register` then :func:`services.case_close` decide it: the
same checks (``services._clean``), the case definition, severity, home care and release rule sets in force
on its dates (decision 0005) read through the same functions, the same timeline lines (registered,
outcome). What differs is the write path: ``core.bulk`` inserts, the clusters' counters added once per
cluster, one audit event for the batch. Contact tracing is not touched here (cases know nothing of it):
``contacts.bulk`` derives the exposure graph from the loaded cases.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.db import connection, models, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _

from phaodai.cases import clinical, definition, rulesets, services
from phaodai.cases.models import Case, CaseEvent, Cluster, EventKind
from phaodai.cases.reference import (
    FACILITY_PLACES,
    CaseBasis,
    CaseStatus,
    ClusterStatus,
    Detection,
    PlaceOfCare,
    TestKind,
)
from phaodai.core import audit, clock, rules
from phaodai.core.bulk import bulk_insert, next_ids, reset_sequence
from phaodai.core.changes import rows_written
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction, RuleSet
from phaodai.core.scoping import Jurisdiction
from phaodai.people.models import Person

ENDINGS = (CaseStatus.RECOVERED, CaseStatus.DECEASED)


@dataclass(frozen=True)
class ClosedCaseRow:
    """One ended case: what the registration form and the closing form would have been given.

    ``source`` is the index of an earlier row of the same load (the case that infected this one); the
    cluster is inherited from it, as on registration, when none is given. ``registered_at`` and
    ``closed_at`` date the two timeline lines.
    """

    person: Person
    report_date: dt.date
    registered_at: dt.datetime
    outcome: str
    outcome_date: dt.date
    closed_at: dt.datetime
    test_kind: str = TestKind.PCR
    detected_in: str = Detection.COMMUNITY
    place_of_care: str = PlaceOfCare.HOME
    sample_date: dt.date | None = None
    onset_date: dt.date | None = None
    symptoms: tuple[str, ...] = ()
    vaccine_doses: int = 0
    last_dose_date: dt.date | None = None
    spo2: int | None = None
    resp_rate: int | None = None
    source: int | None = None
    cluster: Cluster | None = None
    is_f1: bool = False
    note: str = ""


class RulesMemo:
    """``rules.in_force`` asked once per (kind, day, deepest path holding a version of the kind).

    A version is chosen among the ones placed on a prefix of the unit path, so two persons whose paths
    share the deepest such prefix get the same answer: a village-level path costs no extra query.
    """

    def __init__(self) -> None:
        self._placed: dict[str, set[str]] = {}
        self._found: dict[tuple[str, dt.date, str], RuleSet] = {}

    def _key_path(self, kind: str, unit_path: str) -> str:
        if kind not in self._placed:
            self._placed[kind] = set(RuleSet.objects.filter(kind=kind).values_list("unit_path", flat=True))
        held = [p for p in rules.path_prefixes(unit_path) if p in self._placed[kind]]
        return max(held, key=len, default="")

    def __call__(self, kind: str, *, on: dt.date, unit_path: str) -> RuleSet:
        key = (kind, on, self._key_path(kind, unit_path))
        if key not in self._found:
            self._found[key] = rules.in_force(kind, on=on, unit_path=unit_path)
        return self._found[key]


def db_rows(
    model: type[models.Model], columns: Sequence[str], objects: Iterable[models.Model]
) -> list[tuple[Any, ...]]:
    """Unsaved instances as database values in ``columns`` order (what ``bulk_create`` would send)."""
    by_column = {f.column: f for f in model._meta.concrete_fields}
    fields = [by_column[column] for column in columns]
    return [tuple(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields) for obj in objects]


def _row_error(index: int, error: DomainError) -> DomainError:
    prefix = _("Dòng %(n)s: ") % {"n": index + 1}
    return DomainError(
        prefix + error.message, errors={k: [prefix + m for m in v] for k, v in error.errors.items()}
    )


def _input(row: ClosedCaseRow) -> services.CaseInput:
    return services.CaseInput(
        person=row.person, report_date=row.report_date, test_kind=row.test_kind,
        detected_in=row.detected_in, place_of_care=row.place_of_care, sample_date=row.sample_date,
        onset_date=row.onset_date, symptoms=list(row.symptoms), vaccine_doses=row.vaccine_doses,
        last_dose_date=row.last_dose_date, spo2=row.spo2, resp_rate=row.resp_rate, cluster=row.cluster,
    )  # fmt: skip


def _check_ending(index: int, row: ClosedCaseRow) -> None:
    errors: dict[str, list[str]] = {}
    if row.outcome not in ENDINGS:
        errors["outcome"] = [_("Chọn kết quả: khỏi bệnh hoặc tử vong.")]
    if row.outcome_date < row.report_date:
        errors["outcome_date"] = [_("Ngày kết thúc không được trước ngày báo cáo ca bệnh.")]
    if row.outcome_date > clock.today():
        errors["outcome_date"] = [_("Ngày kết thúc không được sau ngày hôm nay.")]
    if row.closed_at < row.registered_at:
        errors["closed_at"] = [_("Thời điểm kết thúc không được trước thời điểm ghi nhận.")]
    if row.source is not None and not 0 <= row.source < index:
        errors["source"] = [_("Nguồn lây phải là một ca ở dòng trước.")]
    if row.place_of_care in FACILITY_PLACES:
        errors["place_of_care"] = [
            _("Nạp hàng loạt chưa ghi lượt điều trị tại cơ sở: chọn tại nhà hoặc trạm y tế xã.")
        ]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors=errors)


def _check_overlaps(rows: Sequence[ClosedCaseRow]) -> None:
    """Two cases of one person may not overlap (only one open case at a time)."""
    by_person: dict[int, list[tuple[dt.date, dt.date, int]]] = defaultdict(list)
    for index, row in enumerate(rows):
        by_person[row.person.pk].append((row.report_date, row.outcome_date, index))
    for spans in by_person.values():
        spans.sort()
        for (_start, end, _first), (start, _end, index) in pairwise(spans):
            if start <= end:
                raise _row_error(
                    index,
                    DomainError(_("Người này đã có một ca bệnh chưa kết thúc vào ngày đó."), field="person"),
                )


def _clean(rows: Sequence[ClosedCaseRow], jurisdiction: Jurisdiction) -> None:
    for index, row in enumerate(rows):
        try:
            services._clean(_input(row), jurisdiction)
            _check_ending(index, row)
        except DomainError as error:
            raise _row_error(index, error) from error
    _check_overlaps(rows)


@dataclass
class _Built:
    cases: list[Case] = field(default_factory=list)
    events: list[CaseEvent] = field(default_factory=list)
    clusters: dict[int, list[dt.date]] = field(default_factory=lambda: defaultdict(list))


def _decide(row: ClosedCaseRow, memo: RulesMemo, source: Case | None) -> Case:
    """The registration: the definition in force on the report date, then the clinical assessment."""
    person = row.person
    definition_rules = memo(rulesets.DEFINITION, on=row.report_date, unit_path=person.unit_path)
    evidence = definition.Evidence(
        test_kind=row.test_kind, positive=True, is_f1=row.is_f1, has_symptoms=bool(row.symptoms),
        has_epi_factor=source is not None,
    )  # fmt: skip
    basis = definition.classify(evidence, definition_rules.params)
    if basis == CaseBasis.UNCONFIRMED:
        raise DomainError(
            _("Chưa đủ tiêu chuẩn ca bệnh theo %(rules)s.") % {"rules": definition_rules.code},
            field="test_kind",
        )
    found = services.assess(
        person=person, on=row.report_date,
        vitals=clinical.Vitals(spo2=row.spo2, resp_rate=row.resp_rate, symptoms=row.symptoms),
        vaccine_doses=row.vaccine_doses, last_dose_date=row.last_dose_date, can_self_care=True,
    )  # fmt: skip
    cluster = row.cluster or (source.cluster if source is not None else None)
    return Case(
        person=person, unit_id=person.unit_id, unit_path=person.unit_path, status=CaseStatus.ACTIVE,
        basis=basis, definition_rules=definition_rules, test_kind=row.test_kind, sample_date=row.sample_date,
        report_date=row.report_date, onset_date=row.onset_date, detected_in=row.detected_in,
        symptoms=list(row.symptoms), vaccine_doses=row.vaccine_doses, last_dose_date=row.last_dose_date,
        risk_flags=found.flags, risk_score=clinical.risk_score(found.flags), severity=found.severity,
        severity_rules=found.severity_rules, place_of_care=row.place_of_care,
        home_care_eligible=found.home_care.eligible, home_care_rules=found.home_care_rules,
        home_care_reasons=found.home_care.reasons, source_case=source,
        cluster=cluster if cluster is None or cluster.status != ClusterStatus.CLOSED else None,
        created_at=row.registered_at, updated_at=row.closed_at,
    )  # fmt: skip


def _close(case: Case, row: ClosedCaseRow, memo: RulesMemo) -> None:
    """The ending, under the release criteria in force on the outcome date (a negative test assumed)."""
    release_rules = None
    if row.outcome == CaseStatus.RECOVERED:
        release_rules = memo(rulesets.RELEASE, on=row.outcome_date, unit_path=case.unit_path)
        if shortfall := services.release_shortfall(
            case, on=row.outcome_date, test_negative=True, params=release_rules.params
        ):
            raise DomainError(
                _("Chưa đủ tiêu chuẩn theo %(r)s: %(why)s") % {"r": release_rules.code, "why": shortfall},
                field="outcome_date",
            )
    case.status, case.outcome_date, case.release_rules = row.outcome, row.outcome_date, release_rules
    case.outcome_note = row.note[:255]


def _timeline(case: Case, registered: str, row: ClosedCaseRow, actor: Any) -> list[CaseEvent]:
    ended = case.get_status_display() + (f" ({case.release_rules.code})" if case.release_rules else "")
    user = actor if getattr(actor, "pk", None) else None
    return [
        CaseEvent(case=case, at=row.registered_at, kind=EventKind.REGISTERED, summary=registered[:255],
                  details={"rules": case.definition_rules.code}, actor=user),
        CaseEvent(case=case, at=row.closed_at, kind=EventKind.OUTCOME, summary=ended[:255],
                  details={"note": row.note}, actor=user),
    ]  # fmt: skip


def _build(rows: Sequence[ClosedCaseRow], actor: Any) -> _Built:
    built, memo = _Built(), RulesMemo()
    ids = next_ids(Case, len(rows))
    for index, (pk, row) in enumerate(zip(ids, rows, strict=True)):
        source = built.cases[row.source] if row.source is not None else None
        try:
            case = _decide(row, memo, source)
            registered = services._registration_summary(case)  # before the ending changes the status
            _close(case, row, memo)
        except DomainError as error:
            raise _row_error(index, error) from error
        case.pk, case.created_by = pk, actor if getattr(actor, "pk", None) else None
        built.cases.append(case)
        built.events += _timeline(case, registered, row, actor)
        if case.cluster is not None:
            built.clusters[case.cluster.pk].append(case.report_date)
    return built


CASE_COLUMNS = (
    "id", "person_id", "unit_id", "unit_path", "status", "basis", "definition_rules_id", "test_kind",
    "sample_date", "report_date", "onset_date", "detected_in", "symptoms", "vaccine_doses", "last_dose_date",
    "risk_flags", "risk_score", "severity", "severity_rules_id", "place_of_care", "facility_id",
    "can_self_care", "home_care_eligible", "home_care_rules_id", "home_care_reasons", "source_case_id",
    "cluster_id", "last_monitored_at", "outcome_date", "release_rules_id", "outcome_note", "created_at",
    "created_by_id", "updated_at",
)  # fmt: skip
EVENT_COLUMNS = ("case_id", "at", "kind", "summary", "details", "actor_id")


def _count_members(clusters: dict[int, list[dt.date]]) -> None:
    """What ``clusters.count_new_member`` adds one by one, added once per cluster."""
    for pk, days in clusters.items():
        latest = max(days)
        Cluster.objects.filter(pk=pk).update(
            case_count=F("case_count") + len(days),
            last_case_on=Coalesce(Greatest(F("last_case_on"), Value(latest)), Value(latest)),
        )


@transaction.atomic
def cases_bulk_load(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    rows: Sequence[ClosedCaseRow],
    summary: str,
    unit_path: str = "",
) -> list[int]:
    """Insert ended cases with their timeline; the ids come back in row order.

    Every row is checked and decided before anything is written: a refusal names its row (from 1).
    """
    _clean(rows, jurisdiction)
    built = _build(rows, actor)
    bulk_insert(Case, CASE_COLUMNS, db_rows(Case, CASE_COLUMNS, built.cases))
    reset_sequence(Case)
    rows_written.send(sender=Case, pks=[case.pk for case in built.cases])  # figures kept from cases follow
    bulk_insert(CaseEvent, EVENT_COLUMNS, db_rows(CaseEvent, EVENT_COLUMNS, built.events))
    _count_members(built.clusters)
    outcomes = Counter(case.status for case in built.cases)
    audit.record(
        actor=actor,
        action=AuditAction.BULK_LOAD,
        entity=Case._meta.label_lower,
        unit_path=unit_path,
        row_count=len(built.cases),
        summary=_("%(summary)s: %(n)s ca (%(recovered)s khỏi, %(deceased)s tử vong)")
        % {
            "summary": summary,
            "n": len(built.cases),
            "recovered": outcomes[CaseStatus.RECOVERED],
            "deceased": outcomes[CaseStatus.DECEASED],
        },
    )
    return [case.pk for case in built.cases]
