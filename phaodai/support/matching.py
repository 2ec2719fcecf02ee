"""Finding lines that would pay the same benefit twice: same or mutually exclusive programme, periods
that overlap, and the same person by the registry's tiers, strongest first: the same registry record,
the same CCCD, the same household (for a per-household benefit), the same folded name and birth year
(the registry's ``same_name_year`` tier, here across communes), or a pair the registry already holds as a
possible duplicate. Two different CCCDs are never the same person. One query per batch of new lines."""

from collections.abc import Sequence

from django.db.models import Q

from phaodai.core.scoping import Jurisdiction
from phaodai.people.selectors import duplicate_reviews
from phaodai.support.models import Beneficiary
from phaodai.support.reference import AmountBasis, EntryStatus, MatchBasis


def province_prefix(unit_path: str) -> str:
    """``L/12/106/03412/`` -> ``L/12/``: matching runs across the whole province."""
    return "/".join(unit_path.split("/")[:2]) + "/"


def common_prefix(first: str, second: str) -> str:
    """The path of the lowest unit that contains both paths."""
    parts = []
    for a, b in zip(first.strip("/").split("/"), second.strip("/").split("/"), strict=False):
        if a != b:
            break
        parts.append(a)
    return "/".join(parts) + "/"


def _suspected_pairs(person_ids: set[int], province: Jurisdiction) -> set[frozenset[int]]:
    reviews = duplicate_reviews(jurisdiction=province).filter(
        resolved_at__isnull=True, candidate__isnull=False
    )
    rows = reviews.filter(Q(existing_id__in=person_ids) | Q(candidate_id__in=person_ids))
    return {frozenset(pair) for pair in rows.values_list("existing_id", "candidate_id")}


def basis_of(new: Beneficiary, old: Beneficiary, suspected: set[frozenset[int]]) -> str | None:
    if new.national_id and old.national_id and new.national_id != old.national_id:
        return None
    if new.person_id and new.person_id == old.person_id:
        return MatchBasis.SAME_PERSON
    if new.national_id and new.national_id == old.national_id:
        return MatchBasis.NATIONAL_ID
    if (
        new.programme.basis == AmountBasis.PER_HOUSEHOLD
        and new.household_id
        and new.household_id == old.household_id
    ):
        return MatchBasis.SAME_HOUSEHOLD
    if new.birth_year and (new.name_folded, new.birth_year) == (old.name_folded, old.birth_year):
        return MatchBasis.NAME_YEAR
    if new.person_id and old.person_id and frozenset((new.person_id, old.person_id)) in suspected:
        return MatchBasis.SUSPECTED
    return None


def find_matches(entries: Sequence[Beneficiary]) -> list[tuple[Beneficiary, Beneficiary, str]]:
    """(new line, earlier line, basis) for each of ``entries`` (all of one list) against other lists."""
    if not entries:
        return []
    blist, programme = entries[0].beneficiary_list, entries[0].programme
    province = Jurisdiction.of([province_prefix(blist.unit_path)])
    programmes = [programme.pk, *programme.excludes.values_list("pk", flat=True)]
    person_ids = {e.person_id for e in entries if e.person_id}
    suspected = _suspected_pairs(person_ids, province) if person_ids else set()
    related = {pid for pair in suspected for pid in pair}
    who = (
        Q(person_id__in=person_ids | related)
        | Q(national_id__in=[e.national_id for e in entries if e.national_id])
        | Q(name_folded__in=[e.name_folded for e in entries])
        | Q(household_id__in=[e.household_id for e in entries if e.household_id])
    )
    candidates = list(
        Beneficiary.objects.visible_to(province)
        .filter(who, programme_id__in=programmes, status=EntryStatus.LISTED)
        .filter(period_start__lte=blist.period_end, period_end__gte=blist.period_start)
        .exclude(beneficiary_list=blist)
        .select_related("programme", "beneficiary_list")
    )
    found = []
    for new in entries:
        for old in candidates:
            if (basis := basis_of(new, old, suspected)) is not None:
                found.append((new, old, basis))
    return found
