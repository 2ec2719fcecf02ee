"""The demo's earlier wave: ended cases loaded set-based, then the live outbreak on top of it.

Built once for the module (history and outbreak steps only, at a small scale) inside a transaction
rolled back at the end.
"""

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count

from phaodai.cases import rulesets
from phaodai.cases.models import Case, CaseEvent, Cluster, EventKind
from phaodai.cases.reference import CaseStatus, ClusterStatus
from phaodai.contacts.bulk import components
from phaodai.contacts.models import Chain, ChainNode, Contact, Exposure
from phaodai.contacts.reference import OPEN_TRACE_STATUSES
from phaodai.core import rules
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.demo.steps import STEPS, demo_build
from phaodai.demo.tables import DEMO_TODAY
from phaodai.geo.services import units_load

pytestmark = pytest.mark.django_db
SCALE = 0.002
UNTIL_HISTORY = STEPS[: [name for name, _step in STEPS].index("history") + 1]
UNTIL_OUTBREAK = STEPS[: [name for name, _step in STEPS].index("outbreak") + 1]


def in_wave(queryset, field="created_at"):
    """Rows of the wave: the live outbreak writes on the demo's "today"."""
    return queryset.filter(**{f"{field}__date__lt": DEMO_TODAY})


def history_rows():
    """The wave's rows, without ids: what a second build must repeat."""
    cases = in_wave(Case.objects.order_by("created_at", "person__national_id"))
    exposures = in_wave(Exposure.objects.all())
    return {
        "cases": list(
            cases.values_list(
                "person__national_id",
                "report_date",
                "outcome_date",
                "status",
                "severity",
                "source_case__person__national_id",
            )
        ),
        "exposures": sorted(
            exposures.values_list(
                "source__national_id", "contact__national_id", "setting", "last_exposure_date"
            )
        ),
    }


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The wave alone (rolled back), then the wave and the live outbreak on top of it."""
    with django_db_blocker.unblock(), transaction.atomic():
        units_load(unit_map="L")
        with transaction.atomic():
            alone = demo_build(province_code="12", scale=SCALE, steps=UNTIL_HISTORY)
            first = history_rows()
            audits = list(
                AuditEvent.objects.filter(action=AuditAction.BULK_LOAD).values_list("entity", flat=True)
            )
            transaction.set_rollback(True)
        result = demo_build(province_code="12", scale=SCALE, steps=UNTIL_OUTBREAK)
        yield {
            "first": first, "second": history_rows(), "audits": audits, "alone": alone.run.counts,
            "counts": result.run.counts,
        }  # fmt: skip
        transaction.set_rollback(True)


def test_the_wave_is_the_same_for_the_same_seed(built):
    assert built["first"] == built["second"]
    assert len(built["first"]["cases"]) == built["alone"]["history_cases"] > 10


def test_every_case_of_the_wave_has_ended_with_its_timeline(built):
    cases = in_wave(Case.objects.all())
    statuses = Counter(cases.values_list("status", flat=True))
    assert set(statuses) == {CaseStatus.RECOVERED, CaseStatus.DECEASED} or set(statuses) == {
        CaseStatus.RECOVERED
    }
    kinds = Counter(in_wave(CaseEvent.objects.all(), "case__created_at").values_list("kind", flat=True))
    assert kinds == {EventKind.REGISTERED: cases.count(), EventKind.OUTCOME: cases.count()}
    for case in cases.filter(status=CaseStatus.RECOVERED)[:20]:
        assert case.release_rules == rules.in_force(
            rulesets.RELEASE, on=case.outcome_date, unit_path=case.unit_path
        )
        assert case.definition_rules == rules.in_force(
            rulesets.DEFINITION, on=case.report_date, unit_path=case.unit_path
        )


def test_every_f1_of_the_wave_was_reached_and_has_been_released(built):
    contacts = list(in_wave(Contact.objects.all(), "listed_at"))
    assert contacts
    assert not [c for c in contacts if c.status in OPEN_TRACE_STATUSES]
    for contact in contacts:  # reached six hours after listing, unless the listing ended before
        reached = contact.listed_at + dt.timedelta(hours=6)
        assert contact.reached_at == (reached if contact.closed_at >= reached else None)


def test_its_clusters_are_closed_and_count_their_cases(built):
    clusters = Cluster.objects.filter(opened_on__lt=DEMO_TODAY - dt.timedelta(days=40)).annotate(
        n=Count("cases")
    )
    assert clusters.exists()
    for cluster in clusters:
        assert cluster.status == ClusterStatus.CLOSED
        assert cluster.case_count == cluster.n


def test_it_is_loaded_as_one_audit_event_per_batch(built):
    mine = [entity for entity in built["audits"] if entity.startswith(("cases.", "contacts."))]
    assert sorted(mine) == ["cases.case", "contacts.contact", "contacts.exposure"]


def assert_chains_match_the_edges():
    expected = components(Exposure.objects.values_list("source_id", "contact_id"))
    found: dict[int, list[int]] = {}
    for person, chain in ChainNode.objects.order_by("person_id").values_list("person_id", "chain_id"):
        found.setdefault(chain, []).append(person)
    assert sorted(found.values()) == expected
    with_case = set(Case.objects.exclude(status=CaseStatus.DISCARDED).values_list("person_id", flat=True))
    for chain in Chain.objects.all():
        assert chain.size == len(found[chain.pk])
        assert chain.case_count == len(with_case & set(found[chain.pk]))


def test_the_wave_alone_is_counted(built):
    assert built["alone"]["history_exposures"] == len(built["first"]["exposures"])
    assert built["alone"]["history_chains"] > 0


def test_chains_stay_consistent_when_the_live_outbreak_adds_edges(built):
    assert built["counts"]["cases"] > 20
    assert_chains_match_the_edges()
