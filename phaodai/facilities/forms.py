from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phaodai.accounts.models import Organisation
from phaodai.accounts.selectors import organisation_list
from phaodai.core.scoping import Jurisdiction
from phaodai.facilities.models import Facility, FacilityKind, StayPurpose, TreatmentTier
from phaodai.facilities.selectors import facility_units
from phaodai.facilities.services import INPUT_FIELDS, FacilityInput
from phaodai.people.forms import DATE_FORMATS, DomainErrorsForm, UnitChoiceField

DATETIME_FORMATS = [
    "%Y-%m-%dT%H:%M",  # what a datetime-local input sends
    "%d/%m/%Y %H:%M",
    "%H:%M %d/%m/%Y",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M",
]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _count(label: Any, *, required: bool) -> forms.IntegerField:
    """A count; its range is the service's rule (a negative number is refused there, on the field)."""
    return forms.IntegerField(
        label=label,
        required=required,
        error_messages={"invalid": _("Phải là một số nguyên.")},
    )


def _date(label: Any, *, required: bool, help_text: Any = None) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text or _("dd/mm/yyyy"),
        error_messages={"invalid": _("Ngày phải theo dạng dd/mm/yyyy.")},
    )


class FacilityChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class FacilityForm(DomainErrorsForm):
    name = forms.CharField(label=_("Tên cơ sở"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại cơ sở"), choices=FacilityKind.choices)
    treatment_tier = forms.TypedChoiceField(
        label=_("Tầng điều trị"), choices=TreatmentTier.choices, coerce=int, initial=TreatmentTier.NONE
    )
    unit = UnitChoiceField(label=_("Huyện, xã/phường hoặc thôn/bản"), queryset=None)
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=255)
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Đơn vị quản lý"), queryset=None, required=False
    )
    beds = _count(_("Số giường"), required=True)
    icu_beds = _count(_("Số giường hồi sức tích cực (ICU)"), required=False)
    oxygen_points = _count(_("Số điểm cung cấp oxy"), required=False)
    opened_on = _date(_("Ngày mở cửa"), required=True)
    closed_on = _date(
        _("Ngày đóng cửa"), required=False, help_text=_("dd/mm/yyyy; để trống nếu cơ sở đang hoạt động.")
    )

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        unit.queryset = facility_units(jurisdiction=jurisdiction)  # type: ignore[attr-defined]
        unit.empty_label = _("— Chọn —")  # type: ignore[attr-defined]
        unit.error_messages["invalid_choice"] = _("Đơn vị này không thuộc địa bàn bạn quản lý.")
        unit.error_messages["required"] = _("Chọn huyện, xã/phường hoặc thôn/bản nơi đặt cơ sở.")
        organisation = self.fields["organisation"]
        organisation.queryset = organisation_list(jurisdiction=jurisdiction)  # type: ignore[attr-defined]
        organisation.empty_label = _("— Không —")  # type: ignore[attr-defined]
        organisation.error_messages["invalid_choice"] = _("Tổ chức này không thuộc địa bàn bạn quản lý.")
        self.fields["name"].error_messages["required"] = _("Tên cơ sở là bắt buộc.")
        self.fields["kind"].error_messages["required"] = _("Chọn loại cơ sở.")
        self.fields["opened_on"].error_messages["required"] = _("Ngày mở cửa là bắt buộc.")
        self.fields["beds"].error_messages["required"] = _("Số giường là bắt buộc.")

    @classmethod
    def initial_from(cls, facility: Facility) -> dict[str, Any]:
        return {name: getattr(facility, name) for name in INPUT_FIELDS}

    def to_input(self) -> FacilityInput:
        data: dict[str, Any] = {name: self.cleaned_data.get(name) for name in INPUT_FIELDS}
        return FacilityInput(**data)


class CloseForm(DomainErrorsForm):
    closed_on = _date(_("Đóng cửa từ ngày"), required=True)


class AdmitForm(DomainErrorsForm):
    person = forms.IntegerField(
        label=_("Mã người dân"),
        min_value=1,
        help_text=_("Số trong địa chỉ trang hồ sơ của người đó (…/nguoi-dan/123/ → 123)."),
        error_messages={
            "invalid": _("Mã người dân phải là số."),
            "min_value": _("Mã người dân phải là số."),
            "required": _("Nhập mã người dân."),
        },
    )
    purpose = forms.ChoiceField(
        label=_("Mục đích"),
        choices=StayPurpose.choices,
        error_messages={"required": _("Chọn mục đích lưu trú.")},
    )
    admitted_at = forms.DateTimeField(
        label=_("Thời điểm vào"),
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        error_messages={
            "invalid": _("Thời điểm phải theo dạng dd/mm/yyyy hh:mm."),
            "required": _("Nhập thời điểm vào."),
        },
    )


class DischargeForm(DomainErrorsForm):
    discharged_at = forms.DateTimeField(
        label=_("Thời điểm ra"),
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        error_messages={
            "invalid": _("Thời điểm phải theo dạng dd/mm/yyyy hh:mm."),
            "required": _("Nhập thời điểm ra."),
        },
    )
    reason = forms.CharField(
        label=_("Lý do ra"),
        required=False,
        max_length=200,
        help_text=_("Ví dụ: hết thời gian cách ly, khỏi bệnh, chuyển tuyến."),
    )
