"""A staff rapid test takes one kit off the testing unit's shelf, in the sample's transaction."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from phaodai.core.errors import DomainError
from phaodai.geo.models import AdminUnit
from phaodai.inventory import services as inventory
from phaodai.inventory.models import Item, ItemKind, Lot, Movement
from phaodai.inventory.selectors import fefo_allocation


def _lot_for(unit: AdminUnit, item: Item, on: dt.date) -> Lot | None:
    """The lot to use: first expiry first; with nothing usable on the shelf, the latest lot held, so that
    the ledger refuses with its own message (expired, or none left)."""
    picks = fefo_allocation(unit=unit, item=item, quantity=1, on=on).picks
    if picks:
        return picks[0][0]
    return Lot.objects.filter(item=item).order_by("-expires_on", "-pk").first()


def kit_consume(
    *, actor: Any, unit: AdminUnit, item: Item, lot: Lot | None, on: dt.date, record: str
) -> Movement:
    """One kit of ``item`` used at ``unit``; inventory errors come back on the ``kit`` field."""
    if item.kind != ItemKind.RAPID_TEST:
        raise DomainError(_("%(item)s không phải test nhanh.") % {"item": item.name}, field="kit")
    if lot is None and item.tracks_lots:
        lot = _lot_for(unit, item, on)
        if lot is None:
            raise DomainError(
                _("%(unit)s chưa nhận lô %(item)s nào.") % {"unit": unit.name, "item": item.name},
                field="kit",
            )
    line = inventory.Line(item=item, lot=lot, quantity=1)
    try:
        return inventory.stock_consume(actor=actor, unit=unit, line=line, on=on, record=record)
    except DomainError as error:
        raise DomainError(error.message, field="kit") from error
