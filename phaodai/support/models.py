"""Support programmes, the beneficiary lists communes compile, their duplicate conflicts and payments, and
the epidemic fund (donations, allocations, spending)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phaodai.core.models import RuleStatus
from phaodai.geo.models import Placed
from phaodai.support.reference import (
    AmountBasis,
    BeneficiaryGroup,
    ConflictDecision,
    DonationKind,
    DonorKind,
    EntrySource,
    EntryStatus,
    FundPurpose,
    ListStatus,
    MatchBasis,
    PaymentMethod,
)

_USER = settings.AUTH_USER_MODEL


class Programme(models.Model):
    """A support policy as data (Res. 68/NQ-CP and its amendments); shipped by a data migration.

    Amounts are whole đồng. ``max_days`` caps a per-day amount; ``excludes`` are programmes a person may
    not receive in the same period together with this one.
    """

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=255)
    legal_basis = models.CharField(max_length=255)
    group = models.CharField(max_length=24, choices=BeneficiaryGroup.choices)
    eligibility = models.TextField()
    basis = models.CharField(max_length=12, choices=AmountBasis.choices)
    amount = models.PositiveBigIntegerField()
    max_days = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True, help_text="under this age (years)")
    period_start = models.DateField()
    period_end = models.DateField()
    paying_body = models.CharField(max_length=255)
    status = models.CharField(max_length=1, choices=RuleStatus.choices)
    note = models.TextField(blank=True)
    excludes = models.ManyToManyField("self", blank=True, symmetrical=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ("code",)
        verbose_name = _("Chính sách hỗ trợ")

    def __str__(self) -> str:
        return self.name

    @property
    def needs_checking(self) -> bool:
        return self.status != RuleStatus.CONFIRMED

    @property
    def cap(self) -> int:
        """The most one beneficiary may be approved for under this programme."""
        return self.amount * (self.max_days or 1) if self.basis == AmountBasis.PER_DAY else self.amount


class BeneficiaryList(Placed):
    """A commune's list for one programme and period; approved commune → district → province."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="lists")
    title = models.CharField(max_length=255)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=20, choices=ListStatus.choices, default=ListStatus.DRAFT)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("Danh sách hỗ trợ")
        indexes = (models.Index(fields=("unit_path", "status"), name="support_list_path_status"),)
        constraints = (
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="support_list_period"
            ),
        )

    def __str__(self) -> str:
        return self.title


class ListStep(models.Model):
    """One move of a list along its approval path, with the reviewer's comment."""

    beneficiary_list = models.ForeignKey(BeneficiaryList, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=20, choices=ListStatus.choices)
    to_status = models.CharField(max_length=20, choices=ListStatus.choices)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Beneficiary(Placed):
    """One line of a list: who, how many days the platform knows of, and the amount asked for.

    Name, CCCD and birth year are copied from the person when there is one, so that matching across
    lists needs no join and an imported line without a registry person still takes part.
    """

    beneficiary_list = models.ForeignKey(BeneficiaryList, on_delete=models.CASCADE, related_name="entries")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "people.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    full_name = models.CharField(max_length=120)
    name_folded = models.CharField(max_length=120)
    national_id = models.CharField(max_length=12, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    period_start = models.DateField()
    period_end = models.DateField()
    days = models.PositiveSmallIntegerField(null=True, blank=True)
    known_days = models.PositiveSmallIntegerField(null=True, blank=True, help_text="from cases and orders")
    amount = models.PositiveBigIntegerField()
    source = models.CharField(max_length=12, choices=EntrySource.choices)
    status = models.CharField(max_length=12, choices=EntryStatus.choices, default=EntryStatus.LISTED)
    removed_reason = models.CharField(max_length=255, blank=True)
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ("name_folded", "id")
        verbose_name = _("Người hưởng hỗ trợ")
        indexes = (
            models.Index(fields=("programme", "national_id"), name="support_entry_prog_id"),
            models.Index(fields=("programme", "person"), name="support_entry_prog_person"),
            models.Index(fields=("programme", "name_folded", "birth_year"), name="support_entry_prog_name"),
        )

    def __str__(self) -> str:
        return self.full_name


class Conflict(Placed):
    """Two lines that may pay the same benefit twice; placed at the lowest unit that sees both, and
    decided by a person there."""

    entry = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="conflicts")
    other = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="+")
    basis = models.CharField(max_length=16, choices=MatchBasis.choices)
    created_at = models.DateTimeField()
    decision = models.CharField(max_length=16, choices=ConflictDecision.choices, blank=True)
    reason = models.CharField(max_length=255, blank=True)
    resolved_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = (models.UniqueConstraint(fields=("entry", "other"), name="support_conflict_pair"),)

    def __str__(self) -> str:
        return f"{self.entry_id} ~ {self.other_id}"


class Payment(Placed):
    entry = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="payments")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    amount = models.PositiveBigIntegerField()
    paid_on = models.DateField()
    method = models.CharField(max_length=12, choices=PaymentMethod.choices)
    receiver_name = models.CharField(max_length=120)
    signed = models.BooleanField(default=False, help_text="the receiver signed the cash list")
    transfer_reference = models.CharField(max_length=64, blank=True)
    voucher_number = models.CharField(max_length=32, blank=True)
    recorded_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ("-paid_on", "-id")
        indexes = (models.Index(fields=("unit_path", "programme"), name="support_payment_path_prog"),)

    def __str__(self) -> str:
        return f"{self.receiver_name}: {self.amount}"


class Donation(Placed):
    """Received by the Fatherland Front committee of a unit. A person donor is never shown publicly."""

    donor_kind = models.CharField(max_length=16, choices=DonorKind.choices)
    donor_name = models.CharField(max_length=200)
    donor_contact = models.CharField(max_length=200, blank=True)
    named_publicly = models.BooleanField(default=False, help_text="an organisation that agreed to be named")
    kind = models.CharField(max_length=12, choices=DonationKind.choices)
    items = models.CharField(max_length=255, blank=True, help_text="what was given in kind")
    amount = models.PositiveBigIntegerField(help_text="cash, or the valuation of the goods")
    purpose = models.CharField(max_length=16, choices=FundPurpose.choices, blank=True)
    received_on = models.DateField()
    receipt_number = models.CharField(max_length=32)
    recorded_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ("-received_on", "-id")

    def __str__(self) -> str:
        return self.receipt_number


class Allocation(Placed):
    """Part of the fund set aside for a purpose by a decision."""

    purpose = models.CharField(max_length=16, choices=FundPurpose.choices)
    amount = models.PositiveBigIntegerField()
    decided_on = models.DateField()
    document_number = models.CharField(max_length=64)
    description = models.CharField(max_length=255)
    recorded_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ("-decided_on", "-id")

    def __str__(self) -> str:
        return self.document_number


class Spending(Placed):
    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="spendings")
    amount = models.PositiveBigIntegerField()
    spent_on = models.DateField()
    document_number = models.CharField(max_length=64)
    description = models.CharField(max_length=255)
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment = models.BinaryField(blank=True, default=b"")
    recorded_by = models.ForeignKey(_USER, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ("-spent_on", "-id")

    def __str__(self) -> str:
        return self.document_number
