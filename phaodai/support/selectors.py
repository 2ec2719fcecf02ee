"""Reads of programmes, lists, conflicts, payments and the fund; scoped reads take the jurisdiction."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from phaodai.core.scoping import Jurisdiction, ScopedQuerySet, get_in_scope_or_404
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.people.models import Person
from phaodai.people.selectors import person_list
from phaodai.support import eligibility
from phaodai.support.models import (
    Allocation,
    Beneficiary,
    BeneficiaryList,
    Conflict,
    Donation,
    Payment,
    Programme,
    Spending,
)
from phaodai.support.reference import DonorKind, EntryStatus, FundPurpose, ListStatus


def programme_list(*, active_only: bool = False) -> QuerySet[Programme]:
    programmes = Programme.objects.prefetch_related("excludes")
    return programmes.filter(active=True) if active_only else programmes


def programme_get(*, pk: Any) -> Programme | None:
    try:
        return Programme.objects.filter(pk=pk).first()
    except (TypeError, ValueError):
        return None


def list_list(
    *, jurisdiction: Jurisdiction, status: str = "", programme: object = None
) -> QuerySet[BeneficiaryList]:
    lists = (
        BeneficiaryList.objects.visible_to(jurisdiction)
        .select_related("programme", "unit__parent")
        .annotate(
            entry_count=Count("entries", filter=Q(entries__status=EntryStatus.LISTED)),
            total=Sum("entries__amount", filter=Q(entries__status=EntryStatus.LISTED)),
        )
    )
    if status in ListStatus.values:
        lists = lists.filter(status=status)
    if programme:
        lists = lists.filter(programme_id=programme)
    return lists.order_by("-created_at", "-id")


def list_get(*, jurisdiction: Jurisdiction, pk: object) -> BeneficiaryList:
    lists = BeneficiaryList.objects.select_related("programme", "unit__parent__parent", "created_by")
    return get_in_scope_or_404(lists, jurisdiction=jurisdiction, pk=pk)


def _open_conflict_exists() -> Exists:
    return Exists(
        Conflict.objects.filter(resolved_at__isnull=True).filter(
            Q(entry_id=OuterRef("pk")) | Q(other_id=OuterRef("pk"))
        )
    )


def list_entries(*, beneficiary_list: BeneficiaryList) -> QuerySet[Beneficiary]:
    """The lines of a list the caller may already see, each flagged when an open conflict holds it."""
    return (
        beneficiary_list.entries.select_related("person")
        .annotate(paid=Sum("payments__amount"), in_conflict=_open_conflict_exists())
        .order_by("status", "name_folded", "id")
    )


def entry_get(*, jurisdiction: Jurisdiction, pk: object) -> Beneficiary:
    entries = Beneficiary.objects.select_related("beneficiary_list", "programme", "person", "unit")
    entry: Beneficiary = get_in_scope_or_404(
        entries.annotate(paid=Sum("payments__amount"), in_conflict=_open_conflict_exists()),
        jurisdiction=jurisdiction,
        pk=pk,
    )
    return entry


def open_conflicts(*, jurisdiction: Jurisdiction) -> ScopedQuerySet:
    return conflict_list(jurisdiction=jurisdiction).filter(resolved_at__isnull=True)


def conflict_list(*, jurisdiction: Jurisdiction) -> ScopedQuerySet:
    related = ("beneficiary_list", "programme", "unit", "person")
    return Conflict.objects.visible_to(jurisdiction).select_related(
        "unit", "resolved_by", *(f"{side}__{name}" for side in ("entry", "other") for name in related)
    )


def conflict_get(*, jurisdiction: Jurisdiction, pk: object) -> Conflict:
    conflict: Conflict = get_in_scope_or_404(
        conflict_list(jurisdiction=jurisdiction), jurisdiction=jurisdiction, pk=pk
    )
    return conflict


def omissions(
    *, jurisdiction: Jurisdiction, programme: Programme, start: dt.date, end: dt.date
) -> QuerySet[Person] | None:
    """Persons of the jurisdiction the platform knows to be eligible who are on no list of the programme
    for an overlapping period, anywhere (by registry person or by CCCD). None: the platform has no data
    on the programme's group."""
    qualifying = eligibility.qualifying_person_ids(programme, jurisdiction=jurisdiction, start=start, end=end)
    if qualifying is None:
        return None
    listed = Beneficiary.objects.filter(
        programme=programme, status=EntryStatus.LISTED, period_start__lte=end, period_end__gte=start
    )
    listed_ids = listed.exclude(national_id="").values("national_id")
    return (
        person_list(jurisdiction=jurisdiction)
        .filter(pk__in=qualifying)
        .exclude(pk__in=listed.filter(person__isnull=False).values("person_id"))
        .exclude(Q(national_id__in=listed_ids) & ~Q(national_id=""))
        .select_related("unit")
    )


def communes(*, jurisdiction: Jurisdiction) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.visible_to(jurisdiction).filter(level=UnitLevel.COMMUNE).order_by("path")


def payments(*, jurisdiction: Jurisdiction) -> QuerySet[Payment]:
    return Payment.objects.visible_to(jurisdiction).select_related("entry", "programme", "unit")


@dataclass(frozen=True)
class Total:
    programme: str
    unit: str
    approved: int
    paid: int
    people: int

    @property
    def remaining(self) -> int:
        return self.approved - self.paid


def totals(*, jurisdiction: Jurisdiction) -> list[Total]:
    """Approved and paid amounts per programme and commune (the list's unit): two grouped queries."""
    commune = ("programme__name", "beneficiary_list__unit__name", "beneficiary_list__unit_path")
    approved = (
        Beneficiary.objects.visible_to(jurisdiction)
        .filter(status=EntryStatus.LISTED, beneficiary_list__status=ListStatus.APPROVED)
        .values(*commune)
        .annotate(total=Sum("amount"), people=Count("id"))
    )
    paid = {
        (row["programme__name"], row["entry__beneficiary_list__unit_path"]): row["total"]
        for row in payments(jurisdiction=jurisdiction)
        .values("programme__name", "entry__beneficiary_list__unit_path")
        .annotate(total=Sum("amount"))
    }
    rows = [
        Total(
            programme=row["programme__name"],
            unit=row["beneficiary_list__unit__name"],
            approved=row["total"] or 0,
            paid=paid.get((row["programme__name"], row["beneficiary_list__unit_path"]), 0) or 0,
            people=row["people"],
        )
        for row in approved
    ]
    return sorted(rows, key=lambda t: (t.programme, t.unit))


def payment_export_rows(*, jurisdiction: Jurisdiction) -> QuerySet[Payment]:
    return (
        payments(jurisdiction=jurisdiction)
        .select_related("entry__beneficiary_list__unit")
        .order_by("unit_path", "programme__code", "paid_on", "id")
    )


# The epidemic fund.


def donations(*, jurisdiction: Jurisdiction) -> QuerySet[Donation]:
    return Donation.objects.visible_to(jurisdiction).select_related("unit")


def allocations(*, jurisdiction: Jurisdiction) -> ScopedQuerySet:
    return (
        Allocation.objects.visible_to(jurisdiction)
        .select_related("unit")
        .annotate(spent=Sum("spendings__amount"))
    )


def allocation_get(*, jurisdiction: Jurisdiction, pk: object) -> Allocation:
    allocation: Allocation = get_in_scope_or_404(
        allocations(jurisdiction=jurisdiction), jurisdiction=jurisdiction, pk=pk
    )
    return allocation


def spendings(*, jurisdiction: Jurisdiction) -> QuerySet[Spending]:
    return Spending.objects.visible_to(jurisdiction).select_related("allocation", "unit").defer("attachment")


def spending_get(*, jurisdiction: Jurisdiction, pk: object) -> Spending:
    spending: Spending = get_in_scope_or_404(
        Spending.objects.select_related("allocation"), jurisdiction=jurisdiction, pk=pk
    )
    return spending


def fund_units(*, jurisdiction: Jurisdiction) -> QuerySet[AdminUnit]:
    """Units a fund may be kept at: province, district or commune of the caller's area."""
    return AdminUnit.objects.visible_to(jurisdiction).filter(level__lte=UnitLevel.COMMUNE).order_by("path")


def public_fund_unit(*, pk: Any) -> AdminUnit | None:
    """Any unit that keeps a fund can be looked at by anyone: the public page shows no personal data."""
    try:
        return AdminUnit.objects.filter(pk=pk, level__lte=UnitLevel.COMMUNE).first()
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class PurposeLine:
    purpose: str
    allocated: int
    spent: int


@dataclass(frozen=True)
class FundSummary:
    """What the public may see: totals, purposes, and only the organisations that agreed to be named."""

    received_cash: int
    received_in_kind: int
    donor_count: int
    named_donors: list[tuple[str, int]]
    purposes: list[PurposeLine]

    @property
    def received(self) -> int:
        return self.received_cash + self.received_in_kind

    @property
    def allocated(self) -> int:
        return sum(line.allocated for line in self.purposes)

    @property
    def spent(self) -> int:
        return sum(line.spent for line in self.purposes)

    @property
    def balance(self) -> int:
        return self.received - self.allocated


def _sum(queryset: QuerySet[Any], **filters: Any) -> int:
    return int(queryset.filter(**filters).aggregate(total=Sum("amount"))["total"] or 0)


def fund_summary(*, jurisdiction: Jurisdiction) -> FundSummary:
    gifts = Donation.objects.visible_to(jurisdiction)
    named = (
        gifts.filter(donor_kind=DonorKind.ORGANISATION, named_publicly=True)
        .values("donor_name")
        .annotate(total=Sum("amount"))
        .order_by("-total", "donor_name")
    )
    allocated = dict(
        Allocation.objects.visible_to(jurisdiction).values_list("purpose").annotate(total=Sum("amount"))
    )
    spent = dict(
        Spending.objects.visible_to(jurisdiction)
        .values_list("allocation__purpose")
        .annotate(total=Sum("amount"))
    )
    purposes = [
        PurposeLine(str(label), int(allocated.get(value, 0)), int(spent.get(value, 0)))
        for value, label in FundPurpose.choices
        if value in allocated or value in spent
    ]
    return FundSummary(
        received_cash=_sum(gifts, kind="cash"),
        received_in_kind=_sum(gifts, kind="in_kind"),
        donor_count=gifts.count(),
        named_donors=[(row["donor_name"], int(row["total"])) for row in named],
        purposes=purposes,
    )
