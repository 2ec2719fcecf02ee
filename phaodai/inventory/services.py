"""Writes to the stock ledger: every change is a movement and a balance update in one transaction.

Receipts and transfers come from the stock pages and the API; other apps record what they consume
(a dose given, a rapid test used) through :func:`stock_consume` inside their own transaction, so a dose
is never saved without its stock leaving the shelf, and never when the shelf is empty.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from phaodai.core import audit, clock
from phaodai.core.errors import DomainError, FieldErrors
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import day_text, nfc
from phaodai.geo.models import AdminUnit
from phaodai.inventory.models import OUTFLOWS, Balance, Item, Lot, Movement, MovementKind

# More than any delivery holds: a larger number is a typing mistake (and would overflow the column).
MAX_QUANTITY = 10_000_000


@dataclass(frozen=True)
class Line:
    """What moves: an item, its lot (required when the item tracks lots) and how many."""

    item: Item
    lot: Lot | None
    quantity: int


def lot_register(*, actor: Any, item: Item, number: str, expires_on: dt.date, manufacturer: str = "") -> Lot:
    """The lot with this number, created on first sight; the same number with another expiry is refused
    (two lots cannot share a number, and a typo in the date would otherwise split the stock)."""
    number = Lot.normalise(number)
    if not number:
        raise DomainError(_("Chưa nhập số lô."), field="lot_number")
    with transaction.atomic():
        lot, created = Lot.objects.get_or_create(
            item=item, number=number, defaults={"expires_on": expires_on, "manufacturer": manufacturer}
        )
        if not created and lot.expires_on != expires_on:
            raise DomainError(
                _("Lô %(lot)s đã có hạn dùng %(day)s, khác với hạn vừa nhập.")
                % {"lot": number, "day": day_text(lot.expires_on)},
                field="expires_on",
            )
        if created:
            audit.record(actor=actor, action=AuditAction.CREATE, instance=lot, summary=str(lot))
    return lot


def _check_line(errors: FieldErrors, line: Line, on: dt.date, *, outflow: bool) -> None:
    if line.quantity <= 0 or line.quantity > MAX_QUANTITY:
        errors.add(
            "quantity", _("Số lượng phải là số nguyên dương (tối đa %(max)s).") % {"max": MAX_QUANTITY}
        )
    if line.item.tracks_lots and line.lot is None:
        errors.add("lot", _("%(item)s quản lý theo lô: chưa chọn lô.") % {"item": line.item.name})
    if line.lot is not None and line.lot.item_id != line.item.pk:
        errors.add(
            "lot", _("Lô %(lot)s không phải của %(item)s.") % {"lot": line.lot.number, "item": line.item}
        )
    if outflow and line.lot is not None and line.lot.expires_on < on:
        errors.add(
            "lot",
            _("Lô %(lot)s đã hết hạn ngày %(day)s: không được xuất hay sử dụng.")
            % {"lot": line.lot.number, "day": day_text(line.lot.expires_on)},
        )


def _check_day(errors: FieldErrors, on: dt.date) -> None:
    if on > clock.today():
        errors.add("occurred_on", _("Ngày không được sau hôm nay."))


def _check_unit(errors: FieldErrors, field: str, unit: AdminUnit, jurisdiction: Jurisdiction) -> None:
    if not jurisdiction.contains(unit.path):
        errors.add(field, _("Đơn vị %(unit)s không thuộc địa bàn bạn quản lý.") % {"unit": unit.name})


def _shortage(line: Line, unit: AdminUnit, held: int) -> DomainError:
    what = f"{line.item.name} lô {line.lot.number}" if line.lot else line.item.name
    return DomainError(
        _("Vượt tồn kho: %(unit)s chỉ còn %(held)s %(counting)s %(what)s, không đủ %(wanted)s.")
        % {
            "unit": unit.name,
            "held": held,
            "counting": line.item.counting_unit,
            "what": what,
            "wanted": line.quantity,
        },
        field="quantity",
    )


def _apply(unit: AdminUnit, line: Line, delta: int) -> None:
    """Add ``delta`` to the unit's balance (row locked), refusing to go below zero."""
    balance, _created = Balance.objects.select_for_update().get_or_create(
        unit=unit, item=line.item, lot=line.lot, defaults={"unit_path": unit.path}
    )
    if balance.quantity + delta < 0:
        raise _shortage(line, unit, balance.quantity)
    Balance.objects.filter(pk=balance.pk).update(quantity=F("quantity") + delta)


def _move(*, actor: Any, unit: AdminUnit, line: Line, kind: str, on: dt.date, **details: Any) -> Movement:
    delta = -line.quantity if kind in OUTFLOWS else line.quantity
    _apply(unit, line, delta)
    return Movement.objects.create(
        unit=unit,
        unit_path=unit.path,
        item=line.item,
        lot=line.lot,
        kind=kind,
        quantity=delta,
        occurred_on=on,
        actor=actor if getattr(actor, "pk", None) else None,
        created_at=clock.now(),
        **details,
    )


def _validated(
    line: Line, on: dt.date, *, outflow: bool, units: dict[str, AdminUnit], jurisdiction: Jurisdiction
) -> None:
    errors = FieldErrors()
    for field, unit in units.items():
        _check_unit(errors, field, unit, jurisdiction)
    _check_line(errors, line, on, outflow=outflow)
    _check_day(errors, on)
    errors.raise_any()


def stock_receive(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    unit: AdminUnit,
    line: Line,
    on: dt.date,
    source: str,
    reference: str = "",
) -> Movement:
    """A delivery into a unit's stock (from the Ministry, a supplier, a donor)."""
    _validated(line, on, outflow=False, units={"unit": unit}, jurisdiction=jurisdiction)
    if not nfc(source).strip():
        raise DomainError(_("Chưa nhập nguồn nhận (nơi cấp, nhà cung cấp, nhà tài trợ)."), field="source")
    with transaction.atomic():
        movement = _move(
            actor=actor,
            unit=unit,
            line=line,
            kind=MovementKind.RECEIPT,
            on=on,
            source=nfc(source).strip(),
            reference=nfc(reference).strip(),
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=movement,
            summary=_("Nhập %(n)s %(counting)s %(item)s")
            % {"n": line.quantity, "counting": line.item.counting_unit, "item": line.item.name},
        )
    return movement


def stock_receive_lot(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    unit: AdminUnit,
    item: Item,
    lot_number: str,
    expires_on: dt.date | None,
    quantity: int,
    on: dt.date,
    source: str,
    reference: str = "",
) -> Movement:
    """A delivery as the receipt form and the API give it: the lot by number and expiry (registered on
    first sight) and the receipt, in one transaction, so a refused receipt leaves no new lot behind."""
    with transaction.atomic():
        lot = None
        if item.tracks_lots:
            if expires_on is None:
                raise DomainError(_("Chưa nhập hạn dùng của lô."), field="expires_on")
            lot = lot_register(actor=actor, item=item, number=lot_number, expires_on=expires_on)
        return stock_receive(
            actor=actor,
            jurisdiction=jurisdiction,
            unit=unit,
            line=Line(item, lot, quantity),
            on=on,
            source=source,
            reference=reference,
        )


def stock_transfer(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    from_unit: AdminUnit,
    to_unit: AdminUnit,
    line: Line,
    on: dt.date,
    reference: str = "",
) -> tuple[Movement, Movement]:
    """Move stock from one unit to another (province to district, district to commune): two ledger lines,
    one out and one in, in one transaction."""
    _validated(
        line, on, outflow=True, units={"from_unit": from_unit, "to_unit": to_unit}, jurisdiction=jurisdiction
    )
    if from_unit.pk == to_unit.pk:
        raise DomainError(_("Đơn vị nhận phải khác đơn vị xuất."), field="to_unit")
    reference = nfc(reference).strip()
    with transaction.atomic():
        out = _move(
            actor=actor,
            unit=from_unit,
            line=line,
            kind=MovementKind.TRANSFER_OUT,
            on=on,
            counterpart=to_unit,
            reference=reference,
        )
        into = _move(
            actor=actor,
            unit=to_unit,
            line=line,
            kind=MovementKind.TRANSFER_IN,
            on=on,
            counterpart=from_unit,
            reference=reference,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=out,
            summary=_("Điều chuyển %(n)s %(counting)s %(item)s: %(src)s → %(dst)s")
            % {
                "n": line.quantity,
                "counting": line.item.counting_unit,
                "item": line.item.name,
                "src": from_unit.name,
                "dst": to_unit.name,
            },
        )
    return out, into


def stock_consume(
    *,
    actor: Any,
    unit: AdminUnit,
    line: Line,
    on: dt.date,
    kind: str = MovementKind.USE,
    record: str = "",
    reference: str = "",
) -> Movement:
    """Stock used (a dose given, a test run) or wasted (broken vial, opened vial discarded, expired lot
    destroyed) at a unit. Callers check their own jurisdiction; this refuses expired lots and shortages.
    Wastage of an expired lot is allowed: destroying it is how it leaves the books."""
    if kind not in (MovementKind.USE, MovementKind.WASTAGE):
        raise ValueError(kind)
    errors = FieldErrors()
    _check_line(errors, line, on, outflow=kind == MovementKind.USE)
    _check_day(errors, on)
    errors.raise_any()
    with transaction.atomic():
        movement = _move(
            actor=actor,
            unit=unit,
            line=line,
            kind=kind,
            on=on,
            record=record,
            reference=nfc(reference).strip(),
        )
        if kind == MovementKind.WASTAGE:
            audit.record(
                actor=actor,
                action=AuditAction.CREATE,
                instance=movement,
                summary=_("Hủy %(n)s %(counting)s %(item)s")
                % {"n": line.quantity, "counting": line.item.counting_unit, "item": line.item.name},
            )
    return movement
