"""Forms of the vaccination pages: plain input; every rule is the service's."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phaodai.core.scoping import Jurisdiction
from phaodai.inventory.models import Lot
from phaodai.people.forms import DATE_FORMATS, DomainErrorsForm, UnitChoiceField
from phaodai.vaccination import selectors
from phaodai.vaccination.models import DoseKind, Session
from phaodai.vaccination.schedule import Product


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=_("dd/mm/yyyy"),
        widget=forms.DateInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _("Ngày phải theo dạng dd/mm/yyyy.")},
    )


class LotChoiceField(forms.ModelChoiceField[Lot]):
    def label_from_instance(self, obj: Lot) -> str:
        return f"{obj.item.name} · {obj.number} · HSD {obj.expires_on:%d/%m/%Y}"


class DoseForm(DomainErrorsForm):
    """Dose entry, phone first: the fields a vaccinator fills in the order they fill them."""

    number = forms.IntegerField(label=_("Mũi thứ"), min_value=1, max_value=9)
    kind = forms.ChoiceField(label=_("Loại liều"), choices=DoseKind.choices)
    product = forms.ChoiceField(label=_("Vắc xin"))
    lot = LotChoiceField(label=_("Lô vắc xin"), queryset=None)
    given_on = _date(_("Ngày tiêm"))
    unit = UnitChoiceField(label=_("Điểm tiêm (đơn vị giữ kho)"), queryset=None)
    session: forms.ModelChoiceField[Session] = forms.ModelChoiceField(
        label=_("Buổi tiêm lưu động"), queryset=None, required=False
    )
    team = forms.CharField(label=_("Đội tiêm"), required=False, max_length=120)

    def __init__(
        self, *args: Any, jurisdiction: Jurisdiction, products: dict[str, Product], on: dt.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [(code, p.name) for code, p in products.items()]  # type: ignore[attr-defined]
        self.fields["lot"].queryset = selectors.vaccine_lots(jurisdiction=jurisdiction, on=on)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = selectors.site_units(jurisdiction=jurisdiction)  # type: ignore[attr-defined]
        self.fields["session"].queryset = selectors.recent_sessions(jurisdiction=jurisdiction, on=on)  # type: ignore[attr-defined]
        for name in ("lot", "unit", "session"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Lựa chọn không thuộc địa bàn bạn quản lý."
            )


class ContraindicationForm(DomainErrorsForm):
    reason = forms.CharField(label=_("Lý do chống chỉ định"), max_length=255)
    until = _date(_("Đến ngày (để trống: lâu dài)"), required=False)


class SessionForm(DomainErrorsForm):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=None)
    team = forms.CharField(label=_("Đội tiêm"), max_length=120)
    place = forms.CharField(label=_("Địa điểm"), required=False, max_length=200)
    held_on = _date(_("Ngày tiêm"))
    planned = forms.IntegerField(
        label=_("Số mũi dự kiến"), error_messages={"invalid": _("Phải là một số nguyên.")}
    )

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.site_units(jurisdiction=jurisdiction)  # type: ignore[attr-defined]
