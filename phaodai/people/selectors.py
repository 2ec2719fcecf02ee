"""Reads of the person registry; every one takes the caller's jurisdiction."""

import re

from django.db.models import Q, QuerySet

from phaodai.core.scoping import Jurisdiction, get_in_scope_or_404
from phaodai.core.text import tokens
from phaodai.people.identity import normalise_phone
from phaodai.people.models import DuplicateReview, Household, Person, PersonNameToken

_ID_OR_PHONE = re.compile(r"^[\d\s+.\-]{6,}$")
MAX_QUERY_TOKENS = 5
MATERIALIZE_LIMIT = 5_000


def _prefix_end(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _id_or_phone(query: str) -> Q:
    digits = re.sub(r"\D", "", query)
    condition = Q(national_id=digits)
    try:
        phone = normalise_phone(query)
    except ValueError:
        phone = ""
    return condition | Q(phone=phone) if phone else condition


def _token_range(word: str, jurisdiction: Jurisdiction) -> QuerySet[PersonNameToken]:
    return PersonNameToken.objects.visible_to(jurisdiction).filter(
        token__gte=word, token__lt=_prefix_end(word)
    )


def _name_tokens(query: str, jurisdiction: Jurisdiction) -> Q:
    """Every query word must prefix-match some word of the name, in any order.

    Each word is one range scan of the token index, cut to the jurisdiction inside the same index, and
    the scans are intersected; the matching ids go
    to the main query as a list, so it fetches exactly those rows by key. (Given a subquery instead,
    PostgreSQL guessed tens of thousands of rows and scanned the table; given an index on the name
    order, it walked it hoping to meet the matches early, and met them last.) A query so broad that it
    matches more than ``MATERIALIZE_LIMIT`` persons in the jurisdiction is answered from the first
    ``MATERIALIZE_LIMIT`` matches found; the list then says there are more and asks for a narrower search.
    """
    words = tokens(query)[:MAX_QUERY_TOKENS]
    ranges = [_token_range(word, jurisdiction).values_list("person_id", flat=True) for word in words]
    matching = ranges[0].intersection(*ranges[1:]) if len(ranges) > 1 else ranges[0].distinct()
    return Q(pk__in=list(matching[:MATERIALIZE_LIMIT]))


def person_list(*, jurisdiction: Jurisdiction, query: str = "") -> QuerySet[Person]:
    """Persons in the jurisdiction, in Vietnamese order (given name, then family name)."""
    persons = Person.objects.visible_to(jurisdiction).select_related("unit", "unit__parent")
    query = query.strip()
    if _ID_OR_PHONE.match(query):
        persons = persons.filter(_id_or_phone(query))
    elif tokens(query):
        persons = persons.filter(_name_tokens(query, jurisdiction))
    return persons.order_by("name_sort", "pk")


def person_get(*, jurisdiction: Jurisdiction, pk: object) -> Person:
    return get_in_scope_or_404(
        Person.objects.select_related("unit", "unit__parent", "household"), jurisdiction=jurisdiction, pk=pk
    )


def duplicate_reviews(*, jurisdiction: Jurisdiction) -> QuerySet[DuplicateReview]:
    return (
        DuplicateReview.objects.visible_to(jurisdiction)
        .filter(resolved_at__isnull=True)
        .select_related("existing", "candidate", "unit")
    )


def duplicate_review_get(*, jurisdiction: Jurisdiction, pk: object) -> DuplicateReview:
    return get_in_scope_or_404(
        DuplicateReview.objects.filter(resolved_at__isnull=True).select_related("existing", "candidate"),
        jurisdiction=jurisdiction,
        pk=pk,
    )


def household_get(*, jurisdiction: Jurisdiction, pk: object) -> Household:
    return get_in_scope_or_404(
        Household.objects.select_related("unit", "head"), jurisdiction=jurisdiction, pk=pk
    )


def household_members(*, jurisdiction: Jurisdiction, household: Household) -> QuerySet[Person]:
    """Members in the jurisdiction (a member who moved elsewhere is not shown here), eldest first."""
    return Person.objects.visible_to(jurisdiction).filter(household=household).order_by("birth_year", "pk")
