"""Reads of the person registry; every one takes the caller's jurisdiction."""

import re

from django.db.models import Count, Prefetch, Q, QuerySet

from phaodai.core.scoping import Jurisdiction, ScopedQuerySet, get_in_scope_or_404, next_path
from phaodai.core.text import tokens
from phaodai.people.identity import normalise_phone
from phaodai.people.models import DuplicateReview, Household, Person, PersonNameToken, commune_path

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


def persons_by_id(*, jurisdiction: Jurisdiction, ids: list[int]) -> dict[int, Person]:
    """The persons with these ids that are in the jurisdiction (the others are simply absent)."""
    found = Person.objects.visible_to(jurisdiction).filter(pk__in=ids).select_related("unit")
    return {person.pk: person for person in found}


def _with_member_ids(households: ScopedQuerySet, jurisdiction: Jurisdiction) -> ScopedQuerySet:
    members = Person.objects.visible_to(jurisdiction).order_by("birth_year", "pk").only("household_id")
    return households.prefetch_related(Prefetch("members", queryset=members))


def household_get(*, jurisdiction: Jurisdiction, pk: object, with_members: bool = False) -> Household:
    """One household; ``with_members`` prefetches its members in the jurisdiction (ids only)."""
    households = Household.objects.select_related("unit", "unit__parent", "head")
    if with_members:
        households = _with_member_ids(households, jurisdiction)
    return get_in_scope_or_404(households, jurisdiction=jurisdiction, pk=pk)


def household_list(
    *, jurisdiction: Jurisdiction, query: str = "", within: str = "", with_members: bool = False
) -> QuerySet[Household]:
    """Households in the jurisdiction, village by village, with their head and member count.

    ``query`` finds a household by its code (prefix) or by any member's name, CCCD or phone (the person
    search); ``within`` cuts the list to one unit path (a commune). ``with_members`` fetches the member
    ids in the jurisdiction in one more query per page (the API lists them).
    """
    households = (
        Household.objects.visible_to(jurisdiction)
        .select_related("unit", "unit__parent", "head")
        .annotate(member_count=Count("members"))
    )
    if within:
        households = households.filter(unit_path__gte=within, unit_path__lt=next_path(within))
    query = query.strip()
    if query and not (_ID_OR_PHONE.match(query) or tokens(query)):
        households = households.filter(code__istartswith=query)
    elif query:
        found = person_list(jurisdiction=jurisdiction, query=query).filter(household__isnull=False)
        households = households.filter(
            Q(code__istartswith=query) | Q(pk__in=found.order_by().values("household_id"))
        )
    if with_members:
        households = _with_member_ids(households, jurisdiction)
    return households.order_by("unit_path", "code", "pk")


def household_candidates(
    *, jurisdiction: Jurisdiction, household: Household, query: str, limit: int = 10
) -> list[Person]:
    """Persons a household may take in: the person search, cut to the household's commune."""
    if not query.strip():
        return []
    commune = commune_path(household.unit)
    persons = person_list(jurisdiction=jurisdiction, query=query).filter(
        unit_path__gte=commune, unit_path__lt=next_path(commune)
    )
    return list(persons[:limit])


def household_members(*, jurisdiction: Jurisdiction, household: Household) -> QuerySet[Person]:
    """Members in the jurisdiction (a member who moved elsewhere is not shown here), eldest first."""
    return Person.objects.visible_to(jurisdiction).filter(household=household).order_by("birth_year", "pk")
