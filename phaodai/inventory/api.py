"""Stock over the API: balances and the ledger (scoped reads), receipts and transfers (the services)."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.core import clock
from phaodai.core.errors import DomainError
from phaodai.core.permissions import Perm
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.api import ScopedViewSet
from phaodai.geo.models import AdminUnit
from phaodai.geo.selectors import unit_find
from phaodai.inventory import selectors, services
from phaodai.inventory.models import Balance, Item, Lot, Movement, MovementKind

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class BalanceSerializer(serializers.ModelSerializer[Balance]):
    item_code = serializers.CharField(source="item.code", read_only=True)
    lot_number = serializers.CharField(source="lot.number", read_only=True, default=None)
    expires_on = serializers.DateField(source="lot.expires_on", read_only=True, default=None)

    class Meta:
        model = Balance
        fields = (
            "id",
            "unit",
            "unit_path",
            "item",
            "item_code",
            "lot",
            "lot_number",
            "expires_on",
            "quantity",
        )
        read_only_fields = fields


class MovementSerializer(serializers.ModelSerializer[Movement]):
    class Meta:
        model = Movement
        fields = (
            "id", "unit", "unit_path", "item", "lot", "kind", "quantity", "occurred_on", "counterpart",
            "reference", "source", "record", "created_at",
        )  # fmt: skip
        read_only_fields = fields


class MovementInputSerializer(serializers.Serializer[Movement]):
    """A receipt (``unit``, ``lot`` or ``lot_number`` + ``expires_on``, ``source``) or a transfer
    (``from_unit``, ``to_unit``, ``lot``)."""

    kind = serializers.ChoiceField(choices=(MovementKind.RECEIPT.value, "transfer"))
    item = serializers.PrimaryKeyRelatedField(queryset=selectors.items())
    lot_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    expires_on = serializers.DateField(
        required=False, allow_null=True, default=None, input_formats=DATE_FORMATS
    )
    quantity = serializers.IntegerField()
    occurred_on = serializers.DateField(
        required=False, allow_null=True, default=None, input_formats=DATE_FORMATS
    )
    unit = serializers.IntegerField(required=False, allow_null=True, default=None)
    from_unit = serializers.IntegerField(required=False, allow_null=True, default=None)
    to_unit = serializers.IntegerField(required=False, allow_null=True, default=None)
    # the metaclass moves declared fields off the class, so this does not clobber Field.source at runtime
    source = serializers.CharField(  # type: ignore[assignment]
        required=False, allow_blank=True, default="", max_length=200
    )
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=80)


def _unit(jurisdiction: Jurisdiction, pk: int | None, field: str) -> AdminUnit:
    unit = unit_find(jurisdiction=jurisdiction, pk=pk) if pk else None
    if unit is None:
        raise DomainError(_("Đơn vị không tồn tại hoặc không thuộc địa bàn bạn quản lý."), field=field)
    return unit


def _existing_lot(data: dict[str, Any]) -> Lot | None:
    """A transfer moves a lot that is already on a shelf: it is named, never created."""
    item: Item = data["item"]
    if not item.tracks_lots:
        return None
    lot = selectors.lot_find(item=item, number=data["lot_number"])
    if lot is None:
        raise DomainError(_("Lô này không có trong kho."), field="lot_number")
    return lot


class BalanceViewSet(ScopedViewSet[Balance]):
    """``/api/stock-balances/``: what the stores of the unit and below hold now (``?unit=id``,
    ``?kind=vaccine``), per lot."""

    required_perm = Perm.STOCK_VIEW
    serializer_class = BalanceSerializer
    undated = "a balance is what a store holds now (the ledger has the dates)"

    def list(self, request: Request) -> Response:
        found = selectors.balances(jurisdiction=self._jurisdiction()).order_by("unit_path", "pk")
        if kind := request.query_params.get("kind", ""):
            found = found.filter(item__kind=kind)
        return self._listed(found)


class MovementViewSet(ScopedViewSet[Movement]):
    """``/api/stock-movements/``: the ledger (``?unit=id``, ``?from=``/``?to=``, ``since`` still accepted);
    POST a receipt or a transfer."""

    required_perm = Perm.STOCK_VIEW
    write_perm = Perm.STOCK_MANAGE
    serializer_class = MovementSerializer
    date_field = "occurred_on"

    def list(self, request: Request) -> Response:
        return self._listed(selectors.movements(jurisdiction=self._jurisdiction()))

    def create(self, request: Request) -> Response:
        serializer = MovementInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, jurisdiction = serializer.validated_data, self._jurisdiction()
        on = data["occurred_on"] or clock.today()
        if data["kind"] == MovementKind.RECEIPT:
            unit = _unit(jurisdiction, data["unit"], "unit")
            moved = [
                services.stock_receive_lot(
                    actor=request.user, jurisdiction=jurisdiction, unit=unit,
                    item=data["item"], lot_number=data["lot_number"], expires_on=data["expires_on"],
                    quantity=data["quantity"], on=on, source=data["source"], reference=data["reference"],
                )
            ]  # fmt: skip
        else:
            moved = list(
                services.stock_transfer(
                    actor=request.user, jurisdiction=jurisdiction,
                    from_unit=_unit(jurisdiction, data["from_unit"], "from_unit"),
                    to_unit=_unit(jurisdiction, data["to_unit"], "to_unit"),
                    line=services.Line(data["item"], _existing_lot(data), data["quantity"]), on=on,
                    reference=data["reference"],
                )
            )  # fmt: skip
        return Response(MovementSerializer(moved, many=True).data, status=status.HTTP_201_CREATED)
