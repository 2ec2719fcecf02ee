"""Reads of contact tracing; the scoped ones take the caller's jurisdiction.

The chain reads (a component's nodes and edges) are in :mod:`phaodai.contacts.graph`.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from phaodai.cases.models import Case
from phaodai.contacts.models import Contact, Exposure
from phaodai.contacts.reference import OPEN_TRACE_STATUSES, ContactLevel, TraceStatus
from phaodai.core import clock
from phaodai.core.scoping import Jurisdiction, ScopedQuerySet, get_in_scope_or_404
from phaodai.people.models import Person

TARGET = dt.timedelta(hours=24)  # a new contact is reached within 24 hours
OPEN = "open"  # a status filter meaning "listed or reached"


def _contacts(jurisdiction: Jurisdiction) -> ScopedQuerySet:
    return Contact.objects.visible_to(jurisdiction).select_related(
        "person", "unit", "index_case", "index_case__person", "via", "reached_by", "rules"
    )


def worklist(*, jurisdiction: Jurisdiction, level: str | None = None) -> QuerySet[Contact]:
    """Contacts listed and not yet reached, the longest waiting first (so everyone overdue comes first)."""
    contacts = _contacts(jurisdiction).filter(status=TraceStatus.LISTED)
    if level in ContactLevel.values:
        contacts = contacts.filter(level=level)
    return contacts.order_by("listed_at", "pk")


@dataclass(frozen=True)
class ContactRow:
    """A contact ready to show: how long they have waited, and whether the viewer may see who they met
    (the index case or the F1 may live outside the jurisdiction: then it is not named)."""

    contact: Contact
    waited: dt.timedelta
    index_visible: bool
    via_visible: bool

    @property
    def overdue(self) -> bool:
        return self.contact.status == TraceStatus.LISTED and self.waited > TARGET

    @property
    def hours(self) -> int:
        return int(self.waited.total_seconds() // 3600)


def contact_rows(contacts: Iterable[Contact], *, jurisdiction: Jurisdiction) -> list[ContactRow]:
    now = clock.now()
    return [
        ContactRow(
            contact,
            max(now - contact.listed_at, dt.timedelta(0)),
            jurisdiction.contains(contact.index_case.unit_path),
            contact.via is not None and jurisdiction.contains(contact.via.unit_path),
        )
        for contact in contacts
    ]


def contact_list(
    *, jurisdiction: Jurisdiction, status: str | None = None, level: str | None = None
) -> QuerySet[Contact]:
    """Contacts of the jurisdiction, newest first; ``status`` is a trace status or ``"open"``."""
    contacts = _contacts(jurisdiction)
    if status == OPEN:
        contacts = contacts.filter(status__in=OPEN_TRACE_STATUSES)
    elif status in TraceStatus.values:
        contacts = contacts.filter(status=status)
    if level in ContactLevel.values:
        contacts = contacts.filter(level=level)
    return contacts.order_by("-listed_at", "-pk")


def contact_get(*, jurisdiction: Jurisdiction, pk: object) -> Contact:
    return get_in_scope_or_404(_contacts(jurisdiction), jurisdiction=jurisdiction, pk=pk)


def contacts_of_case(*, jurisdiction: Jurisdiction, case: Case) -> QuerySet[Contact]:
    """Everyone traced from a case (F1 first, then F2), open or not, that the caller may see."""
    return _contacts(jurisdiction).filter(index_case=case).order_by("level", "status", "listed_at", "pk")


def exposure_list(*, jurisdiction: Jurisdiction, person: int | None = None) -> QuerySet[Exposure]:
    """Exposures placed in the jurisdiction (where the contact lives); with ``person``, those they are in."""
    exposures = Exposure.objects.visible_to(jurisdiction).select_related("source", "contact", "source_case")
    if person is not None:
        exposures = exposures.filter(Q(source_id=person) | Q(contact_id=person))
    return exposures.order_by("-last_exposure_date", "-pk")


def exposures_given(*, jurisdiction: Jurisdiction, person: int) -> QuerySet[Exposure]:
    """The people a person was named as the source for, that the caller may see."""
    return exposure_list(jurisdiction=jurisdiction).filter(source_id=person)


def contact_level_of(person: Person) -> str | None:
    """The person's open F1/F2 level, or None (the case definition asks: "is this an F1?")."""
    return (
        Contact.objects.filter(person_id=person.pk, status__in=OPEN_TRACE_STATUSES)
        .values_list("level", flat=True)
        .first()
    )
