"""Forms of the case pages: they parse and offer choices; the services decide."""

from typing import Any

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from phaodai.cases import selectors
from phaodai.cases.models import Case, Cluster
from phaodai.cases.reference import (
    CaseStatus,
    ClusterSetting,
    ClusterStatus,
    Detection,
    PlaceOfCare,
    Symptom,
    TestKind,
)
from phaodai.cases.services import CaseInput
from phaodai.core import clock
from phaodai.core.scoping import Jurisdiction
from phaodai.facilities.forms import DATETIME_FORMATS, DateTimeLocalInput, FacilityChoiceField
from phaodai.facilities.models import QUARANTINE_KINDS
from phaodai.facilities.selectors import referral_facilities
from phaodai.geo.selectors import placeable_units
from phaodai.people.forms import DATE_FORMATS, LabelledErrorsForm, UnitChoiceField
from phaodai.people.models import Person


def _date(label: Any, *, required: bool = False, help_text: Any = None) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
        help_text=help_text or _("dd/mm/yyyy"),
        error_messages={"invalid": _("Ngày phải theo dạng dd/mm/yyyy.")},
    )


def _number(label: Any, *, help_text: Any = None) -> forms.IntegerField:
    """A whole number; its range is the service's rule (refused there, on the field)."""
    return forms.IntegerField(label=label, required=False, help_text=help_text)


def _choice(label: Any, choices: Any, required_message: Any, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kwargs,
    )


def _care_facilities(field: forms.Field, jurisdiction: Jurisdiction) -> None:
    """Facilities of the province open today that treat F0 (a quarantine centre holds F1)."""
    open_today = referral_facilities(jurisdiction=jurisdiction, open_on=clock.today())
    field.queryset = open_today.exclude(kind__in=QUARANTINE_KINDS)  # type: ignore[attr-defined]
    field.empty_label = _("— Không (tại nhà, trạm y tế xã) —")  # type: ignore[attr-defined]
    field.error_messages["invalid_choice"] = _("Chọn một cơ sở điều trị đang mở trong tỉnh.")


def _open_clusters(field: forms.Field, jurisdiction: Jurisdiction) -> None:
    field.queryset = selectors.cluster_list(jurisdiction=jurisdiction, status=selectors.OPEN)  # type: ignore[attr-defined]
    field.empty_label = _("— Không thuộc ổ dịch nào —")  # type: ignore[attr-defined]
    field.error_messages["invalid_choice"] = _("Chọn một ổ dịch chưa kết thúc trong địa bàn bạn quản lý.")


class CaseForm(LabelledErrorsForm):
    """Registering a case: the findings, the person's vaccination, where they are cared for."""

    test_kind = _choice(_("Loại xét nghiệm"), TestKind.choices, _("Chọn loại xét nghiệm."))
    positive = forms.BooleanField(label=_("Kết quả dương tính"), required=False, initial=True)
    sample_date = _date(_("Ngày lấy mẫu"))
    report_date = _date(_("Ngày báo cáo"), required=True)
    onset_date = _date(_("Ngày khởi phát triệu chứng"))
    detected_in = _choice(_("Nơi phát hiện"), Detection.choices, _("Chọn nơi phát hiện."))
    symptoms = forms.MultipleChoiceField(
        label=_("Triệu chứng"),
        required=False,
        choices=Symptom.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Triệu chứng không có trong danh mục.")},
    )
    has_epi_factor = forms.BooleanField(
        label=_("Có yếu tố dịch tễ"),
        required=False,
        help_text=_("Đến từ vùng có dịch, tiếp xúc với ca bệnh, ở chung nơi có ổ dịch..."),
    )
    second_rat_hours = _number(
        _("Test nhanh lần 2 dương tính sau (giờ)"),
        help_text=_("Chỉ điền khi có hai test nhanh dương tính liên tiếp."),
    )
    clinical_decision = forms.BooleanField(label=_("Bác sĩ chẩn đoán lâm sàng là F0"), required=False)
    vaccine_doses = _number(_("Số mũi vắc xin đã tiêm"))
    last_dose_date = _date(_("Ngày tiêm mũi cuối"))
    place_of_care = _choice(_("Nơi điều trị"), PlaceOfCare.choices, _("Chọn nơi điều trị."))
    facility = FacilityChoiceField(label=_("Cơ sở điều trị"), queryset=None, required=False)
    can_self_care = forms.BooleanField(
        label=_("Tự chăm sóc được hoặc có người chăm sóc"), required=False, initial=True
    )
    stable_comorbidity = forms.BooleanField(label=_("Bệnh nền đang điều trị ổn định"), required=False)
    spo2 = _number(_("SpO₂ (%)"))
    resp_rate = _number(_("Nhịp thở (lần/phút)"))
    source_case = _number(
        _("Mã ca bệnh nguồn lây"), help_text=_("Số mã của ca F0 đã lây cho người này, nếu biết.")
    )
    cluster: forms.ModelChoiceField[Cluster] = forms.ModelChoiceField(
        label=_("Ổ dịch"), queryset=None, required=False
    )

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.jurisdiction = jurisdiction
        _care_facilities(self.fields["facility"], jurisdiction)
        _open_clusters(self.fields["cluster"], jurisdiction)

    def clean_source_case(self) -> Case | None:
        pk = self.cleaned_data.get("source_case")
        if pk is None:
            return None
        try:
            return selectors.case_get(jurisdiction=self.jurisdiction, pk=pk)
        except Http404:
            raise forms.ValidationError(
                _("Không có ca bệnh mang mã %(id)s trong địa bàn bạn quản lý.") % {"id": pk}
            ) from None

    def to_input(self, person: Person) -> CaseInput:
        data = dict(self.cleaned_data)
        data["vaccine_doses"] = data["vaccine_doses"] or 0
        return CaseInput(person=person, **data)


class TransferForm(LabelledErrorsForm):
    place_of_care = _choice(_("Chuyển đến"), PlaceOfCare.choices, _("Chọn nơi điều trị."))
    facility = FacilityChoiceField(label=_("Cơ sở điều trị"), queryset=None, required=False)
    at = forms.DateTimeField(
        label=_("Thời điểm chuyển"),
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        error_messages={
            "invalid": _("Thời điểm phải theo dạng dd/mm/yyyy hh:mm."),
            "required": _("Nhập thời điểm chuyển."),
        },
    )
    reason = forms.CharField(
        label=_("Lý do"),
        required=False,
        max_length=200,
        help_text=_("Ví dụ: SpO₂ giảm, chuyển tầng điều trị, đủ điều kiện về nhà."),
    )

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _care_facilities(self.fields["facility"], jurisdiction)


CLOSING_OUTCOMES = [
    (status.value, status.label)
    for status in (CaseStatus.RECOVERED, CaseStatus.DECEASED, CaseStatus.DISCARDED)
]


class ConfirmForm(LabelledErrorsForm):
    """The new result (or the doctor's decision) that may make a suspected case an F0."""

    test_kind = CaseForm.base_fields["test_kind"]
    on = _date(_("Ngày có kết quả"), required=True)
    second_rat_hours = CaseForm.base_fields["second_rat_hours"]
    clinical_decision = CaseForm.base_fields["clinical_decision"]


class CloseForm(LabelledErrorsForm):
    outcome = _choice(
        _("Kết quả"),
        CLOSING_OUTCOMES,
        _("Chọn kết quả: khỏi bệnh, tử vong hoặc loại trừ."),
        widget=forms.RadioSelect,
    )
    on = _date(_("Ngày kết thúc"), required=True)
    test_negative = forms.BooleanField(label=_("Đã có xét nghiệm âm tính"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)


class ClusterAssignForm(LabelledErrorsForm):
    cluster: forms.ModelChoiceField[Cluster] = forms.ModelChoiceField(
        label=_("Ổ dịch"), queryset=None, required=False
    )

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _open_clusters(self.fields["cluster"], jurisdiction)


class ClusterForm(LabelledErrorsForm):
    name = forms.CharField(
        label=_("Tên ổ dịch"), max_length=200, error_messages={"required": _("Tên ổ dịch là bắt buộc.")}
    )
    setting = _choice(_("Loại ổ dịch"), ClusterSetting.choices, _("Chọn loại ổ dịch."))
    unit = UnitChoiceField(label=_("Xã/phường hoặc thôn/bản"), queryset=None)
    place_name = forms.CharField(
        label=_("Địa điểm"),
        required=False,
        max_length=200,
        help_text=_("Tên nhà máy, trường học, thôn bản..."),
    )
    opened_on = _date(_("Ngày phát hiện"), required=True)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        unit.queryset = placeable_units(jurisdiction=jurisdiction).select_related("parent")  # type: ignore[attr-defined]
        unit.empty_label = _("— Chọn —")  # type: ignore[attr-defined]
        unit.error_messages["invalid_choice"] = _("Đơn vị này không thuộc địa bàn bạn quản lý.")
        unit.error_messages["required"] = _("Chọn xã/phường (hoặc thôn/bản) nơi có ổ dịch.")


class ClusterStatusForm(LabelledErrorsForm):
    status = _choice(_("Trạng thái"), ClusterStatus.choices, _("Chọn trạng thái ổ dịch."))
    on = _date(_("Từ ngày"), required=True)
