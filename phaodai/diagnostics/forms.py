"""Forms of the testing pages: they parse input; the rules are the services'."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import is_digits
from phaodai.diagnostics.models import Worker
from phaodai.diagnostics.reference import LabKind, Outcome, Reason, Reporter, RoundTarget, SampleKind
from phaodai.diagnostics.selectors.rounds import round_list
from phaodai.diagnostics.selectors.samples import collecting_pools, lab_list
from phaodai.diagnostics.selectors.workplaces import enterprise_list, enterprise_workers
from phaodai.facilities.forms import DATETIME_FORMATS, DateTimeLocalInput
from phaodai.geo.models import AdminUnit
from phaodai.geo.selectors import unit_list
from phaodai.inventory.models import ItemKind
from phaodai.inventory.selectors import items
from phaodai.people.forms import DATE_FORMATS, DomainErrorsForm, UnitChoiceField

PERSON_HELP = _("Số trong địa chỉ trang hồ sơ của người đó (…/nguoi-dan/123/ → 123).")


def _moment(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        error_messages={"invalid": _("Thời điểm phải theo dạng dd/mm/yyyy hh:mm.")},
    )


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text=_("dd/mm/yyyy"),
        error_messages={"invalid": _("Ngày phải theo dạng dd/mm/yyyy.")},
    )


def _choice(label: Any, required: bool = False) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(label=label, queryset=None, required=required)


class PersonIdField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Mã người dân"),
            min_value=1,
            help_text=PERSON_HELP,
            error_messages={
                "invalid": _("Mã người dân phải là số."),
                "min_value": _("Mã người dân phải là số."),
                "required": _("Nhập mã người dân."),
            },
            **kwargs,
        )


class SampleForm(DomainErrorsForm):
    """A sample taken by staff (RT-PCR, pooled, rapid test)."""

    person = PersonIdField()
    kind = forms.ChoiceField(
        label=_("Loại xét nghiệm"), choices=[c for c in SampleKind.choices if c[0] != SampleKind.RAT_SELF]
    )
    reason = forms.ChoiceField(label=_("Lý do"), choices=Reason.choices)
    taken_at = _moment(_("Thời điểm lấy mẫu"))
    lab = _choice(_("Phòng xét nghiệm (RT-PCR)"))
    pool = _choice(_("Ống mẫu gộp (RT-PCR gộp)"))
    round = _choice(_("Đợt xét nghiệm"))
    kit = _choice(_("Loại test nhanh đã dùng (trừ 1 test trong kho của xã)"))

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lab"].queryset = lab_list(jurisdiction=jurisdiction)  # type: ignore[attr-defined]
        self.fields["pool"].queryset = collecting_pools(jurisdiction=jurisdiction)  # type: ignore[attr-defined]
        self.fields["round"].queryset = round_list(jurisdiction=jurisdiction)  # type: ignore[attr-defined]
        self.fields["kit"].queryset = items(kind=ItemKind.RAPID_TEST)  # type: ignore[attr-defined]


class SelfTestForm(DomainErrorsForm):
    """A self-test someone reports (the person, a relative, the employer, the community team)."""

    person = PersonIdField()
    reason = forms.ChoiceField(label=_("Lý do"), choices=Reason.choices, initial=Reason.SCREENING)
    taken_at = _moment(_("Thời điểm tự test"))
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=Outcome.choices, widget=forms.RadioSelect)
    reporter = forms.ChoiceField(label=_("Người báo"), choices=Reporter.choices, initial=Reporter.SELF)
    reporter_name = forms.CharField(
        label=_("Họ tên người báo (nếu không phải chính người test)"), required=False, max_length=120
    )
    reporter_phone = forms.CharField(label=_("Số điện thoại người báo"), required=False, max_length=11)


class ResultForm(DomainErrorsForm):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=Outcome.choices, widget=forms.RadioSelect)
    resulted_at = _moment(_("Thời điểm có kết quả"))
    lab = _choice(_("Phòng xét nghiệm"))
    ct_value = forms.DecimalField(
        label=_("Giá trị Ct (nếu có)"), required=False, max_digits=4, decimal_places=1
    )

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lab"].queryset = lab_list(jurisdiction=jurisdiction)  # type: ignore[attr-defined]


class PoolResultForm(DomainErrorsForm):
    outcome = forms.ChoiceField(label=_("Kết quả ống gộp"), choices=Outcome.choices, widget=forms.RadioSelect)
    resulted_at = _moment(_("Thời điểm có kết quả"))


class _UnitForm(DomainErrorsForm):
    unit = UnitChoiceField(label=_("Địa bàn"), queryset=None)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (  # type: ignore[attr-defined]
            unit_list(jurisdiction=jurisdiction).filter(level__lte=3).select_related("parent")
        )


class PoolForm(_UnitForm):
    code = forms.CharField(label=_("Mã ống mẫu gộp"), max_length=40)
    capacity = forms.IntegerField(label=_("Số mẫu gộp tối đa"), initial=10)
    lab = _choice(_("Phòng xét nghiệm"), required=True)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, jurisdiction=jurisdiction, **kwargs)
        self.fields["lab"].queryset = lab_list(jurisdiction=jurisdiction)  # type: ignore[attr-defined]


class LabForm(_UnitForm):
    name = forms.CharField(label=_("Tên phòng xét nghiệm"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại"), choices=LabKind.choices)


class RoundForm(_UnitForm):
    name = forms.CharField(label=_("Tên đợt"), max_length=200)
    target = forms.ChoiceField(label=_("Đối tượng"), choices=RoundTarget.choices, widget=forms.RadioSelect)
    areas: forms.ModelMultipleChoiceField[AdminUnit] = forms.ModelMultipleChoiceField(
        label=_("Xã, thôn (khu vực)"), queryset=None, required=False
    )
    enterprise = _choice(_("Doanh nghiệp (nhóm dân cư)"))
    population_name = forms.CharField(
        label=_("Hoặc tên nhóm (trường học...)"), required=False, max_length=200
    )
    planned = forms.IntegerField(label=_("Số người dự kiến xét nghiệm"))
    starts_on = _date(_("Ngày bắt đầu"))
    due_on = _date(_("Hạn hoàn thành"))

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, jurisdiction=jurisdiction, **kwargs)
        self.fields["areas"].queryset = unit_list(jurisdiction=jurisdiction).filter(level__gte=3)  # type: ignore[attr-defined]
        self.fields["enterprise"].queryset = enterprise_list(jurisdiction=jurisdiction)  # type: ignore[attr-defined]


class EnterpriseForm(_UnitForm):
    name = forms.CharField(label=_("Tên doanh nghiệp"), max_length=200)
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=255)


class WorkersForm(DomainErrorsForm):
    persons = forms.CharField(
        label=_("Mã người dân của người lao động"),
        help_text=_("Nhiều mã cách nhau bởi dấu phẩy hoặc khoảng trắng."),
        max_length=4000,
    )

    def clean_persons(self) -> list[int]:
        raw = self.cleaned_data["persons"].replace(",", " ").split()
        if not all(is_digits(part) for part in raw):
            raise forms.ValidationError(_("Mã người dân phải là số."))
        return [int(part) for part in raw]


class ShiftForm(DomainErrorsForm):
    name = forms.CharField(label=_("Tên ca"), max_length=80, initial=_("Ca 1"))
    day = _date(_("Ngày"))
    starts_at = forms.TimeField(
        label=_("Giờ bắt đầu"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Giờ phải theo dạng hh:mm.")},
    )
    workers: forms.ModelMultipleChoiceField[Worker] = forms.ModelMultipleChoiceField(
        label=_("Người lao động trong ca"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, enterprise: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["workers"]
        field.queryset = enterprise_workers(enterprise=enterprise)  # type: ignore[attr-defined]
        field.label_from_instance = lambda worker: worker.person.full_name  # type: ignore[attr-defined]
