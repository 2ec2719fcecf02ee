"""Forms of the checkpoint pages: plain input; every rule is the service's.

The barrier form is built for a phone at the barrier: the choices the checkpoint saw lately (vehicles,
people, origins, destinations) are one tap each, the answers of the last passage are the defaults, and
typing a plate, an id or a unit code is the slow path.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phaodai.checkpoints.reference import (
    DECLARATION_QUESTIONS,
    CheckpointLevel,
    CrewRole,
    Decision,
    Direction,
    Purpose,
    TestKind,
    TestOutcome,
    ZoneLevel,
)
from phaodai.checkpoints.selectors import Choice
from phaodai.people.forms import DATE_FORMATS, DomainErrorsForm, LabelledErrorsForm, UnitChoiceField

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]
RADIO = forms.RadioSelect(attrs={"class": "chip"})


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=_("dd/mm/yyyy"),
        error_messages={"invalid": _("Ngày phải theo dạng dd/mm/yyyy.")},
    )


def _phone(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=16, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )


def _picks(choices: list[Choice]) -> list[tuple[str, Any]]:
    return [("", _("Khác (nhập)")), *((c.value, c.label) for c in choices)]


class PassageForm(DomainErrorsForm):
    direction = forms.ChoiceField(label=_("Chiều"), choices=Direction.choices, widget=RADIO)
    plate_pick = forms.ChoiceField(label=_("Xe hay qua chốt"), required=False, widget=RADIO)
    plate = forms.CharField(
        label=_("Biển số (nếu xe khác)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    person_pick = forms.ChoiceField(label=_("Người hay qua chốt"), required=False, widget=RADIO)
    full_name = forms.CharField(label=_("Họ tên (nếu người khác)"), required=False, max_length=120)
    national_id = forms.CharField(
        label=_("Số CCCD/CMND"),
        required=False,
        max_length=14,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    phone = _phone(_("Số điện thoại"))
    origin_pick = forms.ChoiceField(label=_("Nơi đi"), required=False, widget=RADIO)
    origin_code = forms.CharField(
        label=_("Mã nơi đi khác (tỉnh 2 số, huyện 3 số, xã 5 số)"), required=False, max_length=5
    )
    destination_pick = forms.ChoiceField(label=_("Nơi đến"), required=False, widget=RADIO)
    destination_code = forms.CharField(label=_("Mã nơi đến khác"), required=False, max_length=5)
    purpose = forms.ChoiceField(label=_("Mục đích"), choices=Purpose.choices, widget=RADIO)
    declaration = forms.MultipleChoiceField(
        label=_("Khai báo y tế (đánh dấu nếu CÓ)"),
        required=False,
        choices=DECLARATION_QUESTIONS,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "chip"}),
    )
    test_kind = forms.ChoiceField(
        label=_("Giấy xét nghiệm"), choices=TestKind.choices, required=False, widget=RADIO
    )
    test_outcome = forms.ChoiceField(
        label=_("Kết quả"), choices=[("", "—"), *TestOutcome.choices], required=False, widget=RADIO
    )
    test_taken_at = forms.DateTimeField(
        label=_("Lấy mẫu lúc"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={"invalid": _("Thời điểm lấy mẫu phải theo dạng dd/mm/yyyy hh:mm.")},
    )
    decision = forms.ChoiceField(label=_("Quyết định"), choices=Decision.choices, widget=RADIO)
    reason = forms.CharField(
        label=_("Lý do (bắt buộc nếu không cho qua bình thường)"), required=False, max_length=255
    )

    def __init__(self, *args: Any, choices: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, key in (
            ("plate_pick", "plates"),
            ("person_pick", "people"),
            ("origin_pick", "origins"),
            ("destination_pick", "destinations"),
        ):
            self.fields[name].choices = _picks(choices[key])  # type: ignore[attr-defined]
            self.fields[name].error_messages["invalid_choice"] = _(
                "Lựa chọn không còn trong danh sách; nhập lại."
            )


class CheckpointForm(DomainErrorsForm):
    name = forms.CharField(label=_("Tên chốt"), max_length=200)
    unit = UnitChoiceField(label=_("Nơi đặt chốt (xã)"), queryset=None)
    road = forms.CharField(label=_("Tuyến đường, lý trình"), required=False, max_length=200)
    level = forms.ChoiceField(label=_("Cấp chốt"), choices=CheckpointLevel.choices)
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Đơn vị quản lý"), queryset=None
    )
    opened_on = _date(_("Ngày mở chốt"))
    transshipment = forms.BooleanField(label=_("Là điểm trung chuyển hàng hoá"), required=False)

    def __init__(self, *args: Any, units: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class ShiftForm(DomainErrorsForm):
    starts_at = forms.DateTimeField(
        label=_("Bắt đầu"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    ends_at = forms.DateTimeField(
        label=_("Kết thúc"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    leader = forms.CharField(label=_("Trưởng ca"), max_length=120)
    staff = forms.CharField(
        label=_("Người trực (mỗi người một dòng: họ tên – lực lượng)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CloseForm(DomainErrorsForm):
    closed_on = _date(_("Ngày đóng chốt"))


class ZoneForm(DomainErrorsForm):
    unit_code = forms.CharField(label=_("Mã đơn vị (tỉnh 2 số, huyện 3 số, xã 5 số)"), max_length=5)
    level = forms.TypedChoiceField(label=_("Cấp độ"), choices=ZoneLevel.choices, coerce=int)
    valid_from = _date(_("Từ ngày"))
    valid_to = _date(_("Đến ngày (để trống nếu chưa biết)"), required=False)
    reason = forms.CharField(label=_("Căn cứ (văn bản, thông báo)"), max_length=255)


class ZoneEndForm(DomainErrorsForm):
    valid_to = _date(_("Kết thúc ngày"))


class FollowUpCloseForm(DomainErrorsForm):
    outcome = forms.CharField(label=_("Kết quả theo dõi"), max_length=255)


class ImportForm(DomainErrorsForm):
    source = forms.CharField(label=_("Nơi gửi danh sách"), max_length=200)
    file = forms.FileField(label=_("Tệp .xlsx hoặc .csv"))


class HandoverForm(DomainErrorsForm):
    from_plate = forms.CharField(label=_("Xe giao hàng"), max_length=20)
    to_plate = forms.CharField(label=_("Xe nhận hàng"), max_length=20)
    goods = forms.CharField(label=_("Hàng hoá"), max_length=200)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)


class CompanyForm(LabelledErrorsForm):
    name = forms.CharField(label=_("Tên doanh nghiệp vận tải"), max_length=200)
    unit = UnitChoiceField(label=_("Địa chỉ (xã)"), queryset=None)
    tax_code = forms.CharField(label=_("Mã số thuế"), required=False, max_length=14)
    phone = _phone(_("Số điện thoại liên hệ"))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.queryset = units  # type: ignore[attr-defined]
        field.empty_label = _("— Chọn —")  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = _("Đơn vị này không thuộc địa bàn bạn quản lý.")


class VehicleForm(LabelledErrorsForm):
    plate = forms.CharField(
        label=_("Biển số"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    description = forms.CharField(label=_("Loại xe, tải trọng"), required=False, max_length=120)


class CrewForm(LabelledErrorsForm):
    role = forms.ChoiceField(label=_("Vai trò"), choices=CrewRole.choices, widget=RADIO)
    full_name = forms.CharField(label=_("Họ tên"), max_length=120)
    national_id = forms.CharField(
        label=_("Số CCCD/CMND"), max_length=14, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    phone = _phone(_("Số điện thoại"))


class RouteForm(LabelledErrorsForm):
    """The route's ends and stops are unit codes (they lie anywhere in the country); its checkpoints and
    transshipment point are the caller's own."""

    vehicle: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Xe"), queryset=None)
    crew: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Lái xe, phụ xe"), queryset=None, widget=forms.CheckboxSelectMultiple(attrs={"class": "chip"})
    )
    origin = forms.CharField(label=_("Mã nơi đi (tỉnh 2 số, huyện 3 số, xã 5 số)"), max_length=5)
    destination = forms.CharField(label=_("Mã nơi đến"), max_length=5)
    stops = forms.CharField(
        label=_("Mã các điểm dừng được phép (cách nhau bởi dấu phẩy)"), required=False, max_length=200
    )
    checkpoints: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Chốt được đi qua"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "chip"}),
    )
    transshipment: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Điểm trung chuyển"), queryset=None, required=False
    )
    allowed_stop_minutes = forms.IntegerField(
        label=_("Thời gian dừng tối đa (phút)"), initial=30, min_value=1, max_value=24 * 60
    )
    valid_from = _date(_("Hiệu lực từ ngày"))
    valid_to = _date(_("Đến ngày"))

    def __init__(
        self, *args: Any, vehicles: Any, crew: Any, checkpoints: Any, transshipments: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = {
            "vehicle": vehicles,
            "crew": crew,
            "checkpoints": checkpoints,
            "transshipment": transshipments,
        }
        for name, queryset in choices.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]
            self.fields[name].error_messages["invalid_choice"] = _("Lựa chọn không hợp lệ; chọn lại.")
            self.fields[name].error_messages["invalid_pk_value"] = _("Lựa chọn không hợp lệ; chọn lại.")
        self.fields["vehicle"].empty_label = _("— Chọn —")  # type: ignore[attr-defined]
        self.fields["transshipment"].empty_label = _("— Không qua điểm trung chuyển —")  # type: ignore[attr-defined]
        self.fields["allowed_stop_minutes"].error_messages.update(
            min_value=_("Thời gian dừng cho phép phải từ 1 đến 1440 phút."),
            max_value=_("Thời gian dừng cho phép phải từ 1 đến 1440 phút."),
        )


class RetireForm(DomainErrorsForm):
    retired_on = _date(_("Ngừng từ ngày"))
