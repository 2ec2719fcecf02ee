"""One stock ledger for every commodity the platform counts: rapid and PCR test kits, vaccines, and later
oxygen, PPE and drugs.

``Movement`` rows are the ledger (append-only, signed quantities at the unit that holds the stock);
``Balance`` is the maintained aggregate the pages read, updated in the same transaction as each movement,
never below zero. Quantities are in the item's counting unit (tests, doses), as reports count them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phaodai.core.text import nfc
from phaodai.geo.models import AdminUnit, Placed


class ItemKind(models.TextChoices):
    RAPID_TEST = "rapid_test", _("Test nhanh kháng nguyên")
    PCR_TEST = "pcr_test", _("Sinh phẩm xét nghiệm RT-PCR")
    VACCINE = "vaccine", _("Vắc xin")
    OXYGEN = "oxygen", _("Oxy y tế")
    EQUIPMENT = "equipment", _("Trang thiết bị y tế")
    PPE = "ppe", _("Phòng hộ cá nhân")
    DRUG = "drug", _("Thuốc")


class Item(models.Model):
    """A commodity in the catalogue (a vaccine product, a brand of rapid test)."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    counting_unit = models.CharField(max_length=20, help_text="e.g. liều, test")
    tracks_lots = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class Lot(models.Model):
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="lots")
    number = models.CharField(max_length=40)
    expires_on = models.DateField()
    manufacturer = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = (models.UniqueConstraint(fields=("item", "number"), name="lot_unique_number"),)

    def __str__(self) -> str:
        return f"{self.item.code} {self.number}"

    @staticmethod
    def normalise(number: str) -> str:
        """Lot numbers as stored: NFC, no surrounding spaces, upper-case (labels are read both ways)."""
        return nfc(number).strip().upper()


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Nhập kho")
    TRANSFER_OUT = "transfer_out", _("Xuất điều chuyển")
    TRANSFER_IN = "transfer_in", _("Nhận điều chuyển")
    USE = "use", _("Sử dụng")
    WASTAGE = "wastage", _("Hủy, hao hụt")


# Kinds that take stock out of the holding unit.
OUTFLOWS = (MovementKind.TRANSFER_OUT, MovementKind.USE, MovementKind.WASTAGE)


class Movement(Placed):
    """One line of the ledger at the unit that holds the stock (``unit``)."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(max_length=16, choices=MovementKind.choices)
    quantity = models.IntegerField(help_text="signed: positive into the unit's stock, negative out")
    occurred_on = models.DateField()
    counterpart = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="the other unit of a transfer",
    )  # fmt: skip
    reference = models.CharField(
        max_length=80, blank=True, help_text="document: phiếu nhập/xuất, đợt phân bổ"
    )
    source = models.CharField(max_length=200, blank=True, help_text="where a receipt came from")
    record = models.CharField(max_length=80, blank=True, help_text="the record that used it, e.g. a dose")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        indexes = (models.Index(fields=("unit_path", "item", "occurred_on"), name="movement_ledger"),)


class Balance(Placed):
    """What a unit holds of an item (per lot when the item tracks lots): the maintained sum of its
    movements."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="balances")
    quantity = models.IntegerField(default=0)

    class Meta:
        constraints = (
            models.CheckConstraint(condition=Q(quantity__gte=0), name="balance_not_negative"),
            models.UniqueConstraint(
                fields=("unit", "item", "lot"), condition=Q(lot__isnull=False), name="balance_unique_lot"
            ),
            models.UniqueConstraint(
                fields=("unit", "item"), condition=Q(lot__isnull=True), name="balance_unique_item"
            ),
        )
        indexes = (models.Index(fields=("unit_path", "item"), name="balance_by_place"),)
