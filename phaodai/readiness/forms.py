"""Forms of the readiness pages: plain input; every rule (counts, places, balances) is the service's."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phaodai.core.scoping import Jurisdiction
from phaodai.geo.selectors import placeable_units
from phaodai.inventory.models import Item, Lot
from phaodai.people.forms import DATE_FORMATS, LabelledErrorsForm, UnitChoiceField
from phaodai.readiness import selectors
from phaodai.readiness.models import TeamKind
from phaodai.readiness.services import MemberInput


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text=_("dd/mm/yyyy"),
        error_messages={"invalid": _("Ngày phải theo dạng dd/mm/yyyy.")},
    )


def _count(label: Any, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, initial=0)


def _units(field: Any, queryset: Any) -> None:
    field.queryset = queryset
    field.empty_label = _("— Chọn —")
    field.error_messages["invalid_choice"] = _("Đơn vị này không thuộc địa bàn bạn quản lý.")


class StaffingForm(LabelledErrorsForm):
    unit = UnitChoiceField(label=_("Trạm y tế xã"), queryset=None)
    reported_on = _date(_("Ngày báo cáo"))
    doctors = _count(_("Số bác sĩ"))
    rotating_doctors = _count(_("Số bác sĩ tăng cường, luân phiên"), required=False)
    nurses = _count(_("Số y sĩ, điều dưỡng, hộ sinh"))
    other_staff = _count(_("Số nhân viên khác"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _units(self.fields["unit"], selectors.station_units(jurisdiction=jurisdiction))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("rotating_doctors", "other_staff"):
            if cleaned.get(name) is None:
                cleaned[name] = 0
        return cleaned


def parse_members(text: str) -> list[MemberInput]:
    """One member a line: ``Họ tên; chức danh; điện thoại`` (the last two may be left out)."""
    members = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        members.append(MemberInput(*[*parts, "", ""][:3]))
    return members


MEMBERS_HELP = _("Mỗi dòng một người: Họ tên; chức danh; điện thoại")


class TeamForm(LabelledErrorsForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=TeamKind.choices)
    name = forms.CharField(label=_("Tên trạm/tổ"), max_length=200)
    unit = UnitChoiceField(label=_("Xã/thôn"), queryset=None)
    established_on = _date(_("Ngày thành lập"))
    phone = forms.CharField(label=_("Điện thoại liên hệ"), required=False, max_length=20)
    members = forms.CharField(
        label=_("Thành viên"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MEMBERS_HELP,
    )

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _units(self.fields["unit"], placeable_units(jurisdiction=jurisdiction).select_related("parent"))


class MembersForm(LabelledErrorsForm):
    members = forms.CharField(
        label=_("Thành viên"), widget=forms.Textarea(attrs={"rows": 3}), help_text=MEMBERS_HELP
    )


class LotField(forms.ModelChoiceField[Lot]):
    def label_from_instance(self, obj: Lot) -> str:
        return f"{obj.item.name} · {obj.number} · HSD {obj.expires_on:%d/%m/%Y}"


class KitForm(LabelledErrorsForm):
    item: forms.ModelChoiceField[Item] = forms.ModelChoiceField(label=_("Vật tư"), queryset=None)
    lot = LotField(label=_("Lô (nếu quản lý theo lô)"), queryset=None, required=False)
    quantity = forms.IntegerField(label=_("Số lượng"))
    occurred_on = _date(_("Ngày cấp"))
    reference = forms.CharField(label=_("Số phiếu xuất"), required=False, max_length=80)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item_field: Any = self.fields["item"]
        item_field.queryset = selectors.kit_items()
        lot_field: Any = self.fields["lot"]
        lot_field.queryset = selectors.kit_lots()


class KitReturnForm(KitForm):
    """A kit handed back: the same lines, no delivery note of its own."""

    reference = None  # type: ignore[assignment]
    occurred_on = _date(_("Ngày trả"))


class DissolveForm(LabelledErrorsForm):
    dissolved_on = _date(_("Ngày giải thể"))
