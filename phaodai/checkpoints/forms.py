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
    Decision,
    Direction,
    Purpose,
    TestKind,
    TestOutcome,
    ZoneLevel,
)
from phaodai.checkpoints.selectors import Choice
from phaodai.people.forms import DATE_FORMATS, DomainErrorsForm, UnitChoiceField

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
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
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
