from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phaodai.core import clock
from phaodai.core.scoping import Jurisdiction
from phaodai.inventory.models import Item
from phaodai.inventory.selectors import items, lots_in_stock, stock_units
from phaodai.people.forms import DATE_FORMATS, DomainErrorsForm, UnitChoiceField


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text=_("dd/mm/yyyy"),
        error_messages={"invalid": _("Ngày phải theo dạng dd/mm/yyyy."), "required": _("Chưa nhập ngày.")},
    )


def _quantity() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Số lượng"),
        error_messages={
            "invalid": _("Số lượng phải là một số nguyên."),
            "required": _("Chưa nhập số lượng."),
        },
    )


class LotChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.item.name} — {obj.number} (HSD {obj.expires_on:%d/%m/%Y})"


def _unit_field(label: Any) -> UnitChoiceField:
    return UnitChoiceField(
        label=label,
        queryset=None,
        empty_label=_("— Chọn —"),
        error_messages={
            "invalid_choice": _("Đơn vị này không thuộc địa bàn bạn quản lý."),
            "required": _("Chọn đơn vị."),
        },
    )


class StockForm(DomainErrorsForm):
    """Common to every movement form: the units offered are the stores of the jurisdiction."""

    unit_fields: tuple[str, ...] = ("unit",)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("occurred_on", clock.today())
        super().__init__(*args, **kwargs)
        for name in self.unit_fields:
            self.fields[name].queryset = stock_units(jurisdiction=jurisdiction)  # type: ignore[attr-defined]
        if "lot" in self.fields:
            self.fields["lot"].queryset = lots_in_stock(jurisdiction=jurisdiction)  # type: ignore[attr-defined]


class ReceiveForm(StockForm):
    unit = _unit_field(_("Kho nhận (đơn vị)"))
    item: forms.ModelChoiceField[Item] = forms.ModelChoiceField(
        label=_("Mặt hàng"), queryset=items(), error_messages={"required": _("Chọn mặt hàng.")}
    )
    lot_number = forms.CharField(label=_("Số lô"), max_length=40, required=False)
    expires_on = _date(_("Hạn dùng"))
    quantity = _quantity()
    occurred_on = _date(_("Ngày nhận"))
    source = forms.CharField(
        label=_("Nguồn nhận"), max_length=200, help_text=_("Nơi cấp, nhà cung cấp, nhà tài trợ")
    )
    reference = forms.CharField(label=_("Số phiếu nhập"), max_length=80, required=False)


class TransferForm(StockForm):
    unit_fields = ("from_unit", "to_unit")
    from_unit = _unit_field(_("Kho xuất"))
    to_unit = _unit_field(_("Kho nhận"))
    lot = LotChoiceField(
        label=_("Lô"),
        queryset=None,
        help_text=_("Xếp theo hạn dùng: lô hết hạn trước, xuất trước."),
        error_messages={
            "required": _("Chọn lô."),
            "invalid_choice": _("Lô này không có trong kho của địa bàn."),
        },
    )
    quantity = _quantity()
    occurred_on = _date(_("Ngày xuất"))
    reference = forms.CharField(label=_("Số phiếu xuất"), max_length=80, required=False)


class WasteForm(StockForm):
    unit = _unit_field(_("Kho"))
    lot = TransferForm.base_fields["lot"]
    quantity = _quantity()
    occurred_on = _date(_("Ngày hủy"))
    reference = forms.CharField(
        label=_("Lý do, biên bản hủy"), max_length=80, error_messages={"required": _("Chưa nhập lý do hủy.")}
    )
