"""Forms of the order pages: they parse and offer choices; the services decide."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phaodai.core.scoping import Jurisdiction
from phaodai.facilities.forms import FacilityChoiceField
from phaodai.people.forms import DATE_FORMATS, LabelledErrorsForm
from phaodai.quarantine import selectors
from phaodai.quarantine.reference import OrderKind, OrderPlace


def _date(label: Any, *, required: bool = True, help_text: Any = None) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
        help_text=help_text or _("dd/mm/yyyy"),
        error_messages={"invalid": _("Ngày phải theo dạng dd/mm/yyyy.")},
    )


class IssueForm(LabelledErrorsForm):
    """The part of an order both kinds share: when it starts, where, the facility, the number."""

    kind: str = OrderKind.F1_QUARANTINE
    places: list[tuple[str, Any]] = []

    start_date = _date(_("Ngày bắt đầu cách ly"), help_text=_("Ngày thứ nhất của thời gian cách ly."))
    place = forms.ChoiceField(label=_("Nơi cách ly"), widget=forms.RadioSelect)
    facility = FacilityChoiceField(label=_("Cơ sở cách ly"), queryset=None, required=False)
    address = forms.CharField(
        label=_("Địa chỉ nơi cách ly"),
        required=False,
        max_length=255,
        help_text=_("Để trống: địa chỉ nơi cư trú của người này."),
    )
    number = forms.CharField(label=_("Số quyết định cách ly (nếu có)"), required=False, max_length=32)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        place: Any = self.fields["place"]
        place.choices = self.places
        place.error_messages["invalid_choice"] = _("Chọn nơi cách ly.")
        facility: Any = self.fields["facility"]
        facility.queryset = selectors.facilities_for(jurisdiction=jurisdiction, kind=self.kind, on=today)
        facility.empty_label = _("— Không (cách ly tại nhà) —")
        facility.error_messages["invalid_choice"] = _("Chọn một cơ sở đang mở trong địa bàn bạn quản lý.")


class F1IssueForm(IssueForm):
    kind = OrderKind.F1_QUARANTINE
    places = [(OrderPlace.HOME, OrderPlace.HOME.label), (OrderPlace.FACILITY, OrderPlace.FACILITY.label)]

    vaccine_doses = forms.IntegerField(label=_("Số mũi vắc xin đã tiêm"), required=False, initial=0)
    last_dose_date = _date(_("Ngày tiêm mũi cuối"), required=False)
    recovered_on = _date(
        _("Ngày khỏi bệnh COVID-19 (nếu đã từng mắc)"),
        required=False,
        help_text=_("Ngày ghi trên giấy ra viện hoặc giấy xác nhận khỏi bệnh."),
    )

    field_order = ["start_date", "vaccine_doses", "last_dose_date", "recovered_on", "place", "facility"]


class F0IssueForm(IssueForm):
    kind = OrderKind.F0_ISOLATION
    places = list(OrderPlace.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].label = _("Cơ sở cách ly, điều trị")


class ReleaseForm(LabelledErrorsForm):
    released_on = _date(_("Ngày kết thúc cách ly"))
    release_number = forms.CharField(
        label=_("Số quyết định"),
        required=False,
        max_length=32,
        help_text=_("Để trống để văn thư ghi số bằng tay."),
    )
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=120)
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"), max_length=120, help_text=_("Ví dụ: Trạm trưởng, Chủ tịch.")
    )


class CancelForm(LabelledErrorsForm):
    reason = forms.CharField(label=_("Lý do huỷ"), max_length=200)
