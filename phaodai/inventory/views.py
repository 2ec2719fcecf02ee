"""Stock pages: the summary down the unit tree, one store's lots and ledger, and the movement forms."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.htmx import render_page
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import is_digits
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.geo.selectors import top_units, unit_get
from phaodai.inventory import selectors, services
from phaodai.inventory.forms import ReceiveForm, StockForm, TransferForm, WasteForm
from phaodai.inventory.models import Item, ItemKind, MovementKind

PAGE_SIZE = 50


def _parent(request: HttpRequest) -> AdminUnit:
    jurisdiction = access_for(request).jurisdiction
    if pk := request.GET.get("don-vi", ""):
        return unit_get(jurisdiction=jurisdiction, pk=pk if is_digits(pk) else 0)
    top = top_units(jurisdiction=jurisdiction).first()
    if top is None:
        raise Http404
    return top


@dataclass(frozen=True)
class SummaryRow:
    label: str
    population: int
    quantities: list[int]
    ratio: float | None
    link: int | None = None  # drill down to this unit's summary
    store: int | None = None  # this unit's own store page
    is_total: bool = False


def _summary_rows(summary: selectors.StockSummary, items: list[Item], *, drillable: bool) -> list[SummaryRow]:
    def line(row: selectors.StockRow, label: str, **extra: Any) -> SummaryRow:
        quantities = [row.held.get(item.pk, 0) for item in items]
        return SummaryRow(label, row.population, quantities, row.per_population(), **extra)

    children = [
        line(row, row.label, **({"link": row.unit_id} if drillable else {"store": row.unit_id}))
        for row in summary.children
    ]
    own = line(summary.own, _("Kho của %(unit)s") % {"unit": summary.own.label}, store=summary.own.unit_id)
    return [*children, own, line(summary.total, _("Toàn địa bàn"), is_total=True)]


@scoped(perm=Perm.STOCK_VIEW)
def stock(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    kind = request.GET.get("loai", ItemKind.RAPID_TEST)
    kind = kind if kind in ItemKind.values else ItemKind.RAPID_TEST
    parent = _parent(request)
    if parent.level >= UnitLevel.COMMUNE:  # a commune's store has no units below it that hold stock
        return redirect("inventory:unit", pk=parent.pk)
    today = clock.today()
    summary = selectors.stock_summary(jurisdiction=access.jurisdiction, parent=parent, on=today, kind=kind)
    items = list(selectors.items(kind=kind))
    return render_page(
        request,
        "inventory/stock.html",
        "summary",
        {
            "parent": parent,
            "kind": kind,
            "kinds": ItemKind.choices,
            "items": items,
            "rows": _summary_rows(summary, items, drillable=parent.level < UnitLevel.DISTRICT),
            "expiring": list(selectors.expiring(jurisdiction=access.jurisdiction, on=today)[:50]),
            "today": today,
            "can_manage": access.can(Perm.STOCK_MANAGE),
        },
    )


@scoped(perm=Perm.STOCK_VIEW)
def unit_stock(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    unit = unit_get(jurisdiction=jurisdiction, pk=pk)
    ledger = selectors.movements(jurisdiction=jurisdiction, unit=unit)
    return render_page(
        request,
        "inventory/unit_stock.html",
        "ledger",
        {
            "unit": unit,
            "lots": list(selectors.lots_at(jurisdiction=jurisdiction, unit=unit)),
            "page": CappedPaginator(ledger, PAGE_SIZE).get_page(request.GET.get("page")),
            "query_prefix": query_prefix(request),
            "today": clock.today(),
        },
    )


Save = Callable[[Any, Jurisdiction, dict[str, Any]], object]


def _movement_form(request: HttpRequest, form_class: type[StockForm], title: str, save: Save) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    form = form_class(request.POST or None, jurisdiction=jurisdiction)
    if request.method == "POST" and form.is_valid():
        try:
            save(request.user, jurisdiction, form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã ghi sổ kho."))
            return redirect("inventory:stock")
    return render(request, "inventory/movement_form.html", {"form": form, "title": title})


def _receive(actor: Any, jurisdiction: Jurisdiction, data: dict[str, Any]) -> object:
    return services.stock_receive_lot(
        actor=actor, jurisdiction=jurisdiction, unit=data["unit"], item=data["item"],
        lot_number=data["lot_number"], expires_on=data["expires_on"], quantity=data["quantity"],
        on=data["occurred_on"], source=data["source"], reference=data["reference"],
    )  # fmt: skip


def _transfer(actor: Any, jurisdiction: Jurisdiction, data: dict[str, Any]) -> object:
    return services.stock_transfer(
        actor=actor, jurisdiction=jurisdiction, from_unit=data["from_unit"], to_unit=data["to_unit"],
        line=services.Line(data["lot"].item, data["lot"], data["quantity"]), on=data["occurred_on"],
        reference=data["reference"],
    )  # fmt: skip


def _waste(actor: Any, jurisdiction: Jurisdiction, data: dict[str, Any]) -> object:
    if not jurisdiction.contains(data["unit"].path):
        raise DomainError(_("Đơn vị này không thuộc địa bàn bạn quản lý."), field="unit")
    return services.stock_consume(
        actor=actor, unit=data["unit"], line=services.Line(data["lot"].item, data["lot"], data["quantity"]),
        on=data["occurred_on"], kind=MovementKind.WASTAGE, reference=data["reference"],
    )  # fmt: skip


@scoped(perm=Perm.STOCK_MANAGE)
def receive(request: HttpRequest) -> HttpResponse:
    return _movement_form(request, ReceiveForm, _("Nhập kho"), _receive)


@scoped(perm=Perm.STOCK_MANAGE)
def transfer(request: HttpRequest) -> HttpResponse:
    return _movement_form(request, TransferForm, _("Xuất điều chuyển"), _transfer)


@scoped(perm=Perm.STOCK_MANAGE)
def waste(request: HttpRequest) -> HttpResponse:
    return _movement_form(request, WasteForm, _("Hủy, hao hụt"), _waste)
