"""Two person records merged into one: the exposure graph follows without leaving clashes behind.

Exposures are facts and move to the kept record (a duplicate's edge to someone the kept record is
already linked to in the same direction is the same fact typed twice: it goes). F1/F2 levels are
derived, so the duplicate's open ones are dropped and recomputed around the kept record; the chains
of both records become one.
"""

from typing import Any

from django.db.models import F, Q
from django.dispatch import receiver
from django.utils.translation import gettext as _

from phaodai.cases.models import Case
from phaodai.cases.reference import CaseStatus
from phaodai.contacts import graph
from phaodai.contacts.models import Chain, ChainNode, Contact, Exposure
from phaodai.contacts.reference import OPEN_TRACE_STATUSES
from phaodai.core import clock
from phaodai.core.errors import ConflictError
from phaodai.people.models import Person
from phaodai.people.signals import person_merged, person_merging


def _drop_repeated_edges(keep: Person, duplicate: Person) -> None:
    kept_out = Exposure.objects.filter(source=keep).values("contact_id")
    kept_in = Exposure.objects.filter(contact=keep).values("source_id")
    Exposure.objects.filter(
        Q(source=duplicate, contact_id__in=kept_out) | Q(contact=duplicate, source_id__in=kept_in)
    ).delete()


def _join_chains(keep: Person, duplicate: Person) -> None:
    """One node for the kept record, in the chain that now holds both."""
    node = ChainNode.objects.filter(person=duplicate).first()
    if node is None:
        return
    chain = graph.link(keep, duplicate)
    ChainNode.objects.filter(person=duplicate).delete()
    Chain.objects.filter(pk=chain.pk).update(size=F("size") - 1)


def _recount_cases(keep: Person) -> None:
    node = ChainNode.objects.filter(person=keep).first()
    if node is None:
        return
    persons = ChainNode.objects.filter(chain_id=node.chain_id).values("person_id")
    with_case = Case.objects.filter(person_id__in=persons).exclude(status=CaseStatus.DISCARDED)
    Chain.objects.filter(pk=node.chain_id).update(case_count=with_case.values("person_id").distinct().count())


@receiver(person_merging)
def prepare_graph(sender: Any, keep: Person, duplicate: Person, **kwargs: Any) -> None:
    if Exposure.objects.filter(
        Q(source=keep, contact=duplicate) | Q(source=duplicate, contact=keep)
    ).exists():
        raise ConflictError(
            _(
                "Hai hồ sơ này có ghi nhận tiếp xúc với nhau nên không thể là một người: "
                "xoá tiếp xúc đó trước."
            )
        )
    _drop_repeated_edges(keep, duplicate)
    Contact.objects.filter(person=duplicate, status__in=OPEN_TRACE_STATUSES).delete()
    _join_chains(keep, duplicate)


@receiver(person_merged)
def refresh_graph(sender: Any, keep: Person, actor: Any = None, **kwargs: Any) -> None:
    _recount_cases(keep)
    graph.refresh_from({keep.pk} | graph.exposed_to([keep.pk]), on=clock.today(), actor=actor)
