"""Contact tracing follows the case registry (and the unit map) without either knowing it.

The case signals are sent inside the registering transaction: what is written here commits or rolls back
with the case.
"""

from typing import Any

from django.db.models import F, OuterRef, Subquery
from django.dispatch import receiver
from django.utils.translation import gettext as _

from phaodai.cases.clusters import cluster_assign
from phaodai.cases.models import Case
from phaodai.cases.reference import CaseStatus, ClusterStatus
from phaodai.cases.signals import case_closed, case_confirmed, case_opened
from phaodai.contacts import graph
from phaodai.contacts.models import ChainNode, Contact, Exposure
from phaodai.contacts.reference import OPEN_TRACE_STATUSES, ContactLevel
from phaodai.core import audit, clock
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.signals import units_restamped
from phaodai.people.models import Person


def _link_to_source(case: Case, source: Case, actor: Any) -> None:
    """An F1 who became a case was infected, most likely, by the case they were exposed to."""
    if not Case.objects.filter(pk=case.pk, source_case__isnull=True).update(source_case=source):
        return
    case.source_case = source
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=case,
        summary=_("Nguồn lây: %(source)s (F1 của ca này)") % {"source": source},
        changes={"source_case": [None, source.pk]},
    )
    cluster = source.cluster
    if case.cluster_id is None and cluster is not None and cluster.status != ClusterStatus.CLOSED:
        cluster_assign(actor=actor, case=case, cluster=cluster)


def _refresh_around(person_id: int, actor: Any) -> None:
    graph.refresh_from({person_id} | graph.exposed_to([person_id]), on=clock.today(), actor=actor)


@receiver(case_opened)
def contact_becomes_case(sender: Any, case: Case, actor: Any = None, **kwargs: Any) -> None:
    """A contact with a new case: linked to their index case; their own contacts become F1 (or F2)."""
    contact = Contact.objects.filter(person_id=case.person_id, status__in=OPEN_TRACE_STATUSES).first()
    if contact is not None and contact.level == ContactLevel.F1 and case.source_case_id is None:
        _link_to_source(case, contact.index_case, actor)
    Exposure.objects.filter(source_id=case.person_id, source_case__isnull=True).update(source_case=case)
    graph.count_case_change(case.person_id, delta=+1)
    _refresh_around(case.person_id, actor)


@receiver(case_confirmed)
def suspected_case_confirmed(sender: Any, case: Case, actor: Any = None, **kwargs: Any) -> None:
    """Only a confirmed case makes F1: the people this person met are derived anew."""
    _refresh_around(case.person_id, actor)


@receiver(case_closed)
def case_ended(sender: Any, case: Case, actor: Any = None, **kwargs: Any) -> None:
    """An ended case makes no more F1: the people exposed to it (and the person) are derived anew."""
    if case.status == CaseStatus.DISCARDED:
        graph.count_case_change(case.person_id, delta=-1)
    _refresh_around(case.person_id, actor)


@receiver(units_restamped)
def refresh_chain_node_paths(sender: Any, unit_paths: list[str] | None = None, **kwargs: Any) -> None:
    """Chain nodes copy their person's unit path (to cut a chain to a jurisdiction): follow a re-stamp."""
    stale = ChainNode.objects.exclude(unit_path=F("person__unit_path"))
    if unit_paths:
        stale = stale.filter(person__in=Person.objects.visible_to(Jurisdiction.of(unit_paths)))
    stale.update(unit_path=Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("unit_path")[:1]))
