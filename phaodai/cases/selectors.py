"""Reads of the case registry; the scoped ones take the caller's jurisdiction."""

import datetime as dt
import heapq
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, F, QuerySet

from phaodai.cases.models import Case, CaseEvent, Cluster, MonitoringEntry
from phaodai.cases.reference import OPEN_STATUSES, CaseStatus, ClusterStatus, PlaceOfCare
from phaodai.core.scoping import Jurisdiction, get_in_scope_or_404
from phaodai.people.models import Person
from phaodai.people.selectors import person_list

OPEN = "open"  # a status filter meaning "suspected or active"
ORDERINGS = {
    "risk": ("-risk_score", "report_date", "pk"),
    "report": ("-report_date", "-pk"),
}


def case_list(
    *,
    jurisdiction: Jurisdiction,
    status: str | None = None,
    query: str = "",
    place: str | None = None,
    cluster: Cluster | int | None = None,
    order: str = "risk",
) -> QuerySet[Case]:
    """Cases placed in the jurisdiction; highest risk first (then the longest known), or newest report.

    ``status`` is a case status or ``"open"``; ``query`` finds the person by name, CCCD or phone (the
    person search, cut to the same jurisdiction); unknown filter values are ignored.
    """
    cases = Case.objects.visible_to(jurisdiction).select_related("person", "unit", "facility")
    if status == OPEN:
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif status in CaseStatus.values:
        cases = cases.filter(status=status)
    if place in PlaceOfCare.values:
        cases = cases.filter(place_of_care=place)
    if cluster is not None:
        cases = cases.filter(cluster=cluster)
    if query.strip():
        cases = cases.filter(person__in=person_list(jurisdiction=jurisdiction, query=query).values("pk"))
    return cases.order_by(*ORDERINGS.get(order, ORDERINGS["risk"]))


def case_get(*, jurisdiction: Jurisdiction, pk: object) -> Case:
    """One case with what its page shows; outside the jurisdiction it does not exist (404)."""
    return get_in_scope_or_404(
        Case.objects.select_related(
            "person",
            "person__unit",
            "person__unit__parent",
            "unit",
            "facility",
            "cluster",
            "source_case",
            "source_case__person",
            "definition_rules",
            "severity_rules",
            "home_care_rules",
            "release_rules",
        ),
        jurisdiction=jurisdiction,
        pk=pk,
    )


@dataclass(frozen=True)
class TimelineItem:
    """One line of a case's timeline: an event of the case, or a health check."""

    at: dt.datetime
    event: CaseEvent | None = None
    entry: MonitoringEntry | None = None


def _items(case: Case) -> tuple[Iterator[TimelineItem], Iterator[TimelineItem]]:
    events = CaseEvent.objects.filter(case=case).select_related("actor").order_by("at", "pk")
    entries = (
        MonitoringEntry.objects.filter(case=case)
        .select_related("recorded_by", "warning_rules")
        .order_by("at", "pk")
    )
    return (
        (TimelineItem(at=event.at, event=event) for event in events),
        (TimelineItem(at=entry.at, entry=entry) for entry in entries),
    )


def case_timeline(*, case: Case) -> list[TimelineItem]:
    """Events and health checks of a case (the caller already holds it in scope), oldest first.

    One query each, merged in time order; at the same instant the health check comes first, so the
    warning and the severity change it raised follow it.
    """
    events, entries = _items(case)
    return list(heapq.merge(entries, events, key=lambda item: (item.at, item.event is not None)))


def open_cases_of_person(person: Person) -> QuerySet[Case]:
    """The person's open case (at most one); the caller already holds the person in scope."""
    return Case.objects.filter(person=person, status__in=OPEN_STATUSES).order_by("-report_date", "-pk")


def cluster_list(*, jurisdiction: Jurisdiction, status: str | None = None) -> QuerySet[Cluster]:
    """Clusters placed in the jurisdiction, the one with the latest case first.

    ``status`` is a cluster status, or ``"open"`` for every cluster not closed (those a case may join).
    """
    clusters = Cluster.objects.visible_to(jurisdiction).select_related("unit")
    if status == OPEN:
        clusters = clusters.exclude(status=ClusterStatus.CLOSED)
    elif status in ClusterStatus.values:
        clusters = clusters.filter(status=status)
    return clusters.order_by(F("last_case_on").desc(nulls_last=True), "-opened_on", "-pk")


def cluster_get(*, jurisdiction: Jurisdiction, pk: object) -> Cluster:
    return get_in_scope_or_404(Cluster.objects.select_related("unit"), jurisdiction=jurisdiction, pk=pk)


def cluster_cases(*, cluster: Cluster, jurisdiction: Jurisdiction) -> QuerySet[Case]:
    """The cluster's cases the caller may see (a cluster can reach over a commune border), by report date."""
    return (
        Case.objects.visible_to(jurisdiction)
        .filter(cluster=cluster)
        .select_related("person", "unit", "facility")
        .order_by("report_date", "pk")
    )


@dataclass(frozen=True)
class CurvePoint:
    day: dt.date
    cases: int


def cluster_curve(*, cluster: Cluster) -> list[CurvePoint]:
    """Cases per report date from the first to the last, days without a case included (one grouped query).

    Every case of the cluster counts, wherever it lives: the curve is the cluster's, not the viewer's.
    """
    rows = (
        Case.objects.filter(cluster=cluster)
        .values("report_date")
        .annotate(cases=Count("pk"))
        .order_by("report_date")
    )
    counts = {row["report_date"]: row["cases"] for row in rows}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    days = (first + dt.timedelta(days=offset) for offset in range((last - first).days + 1))
    return [CurvePoint(day, counts.get(day, 0)) for day in days]
