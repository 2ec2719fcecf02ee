from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phaodai.core.errors import DomainError
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.selectors import placeable_units
from phaodai.people.models import Person
from phaodai.people.reference import Comorbidity, Sex, ethnicities
from phaodai.people.services import INPUT_FIELDS, PersonInput

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%y"]


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.parent.name}" if obj.level == 4 and obj.parent else str(obj.name)


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    birth_year = forms.IntegerField(
        label=_("Năm sinh"), error_messages={"invalid": _("Năm sinh phải là số.")}
    )
    birth_date = forms.DateField(
        label=_("Ngày sinh (nếu biết)"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("dd/mm/yyyy"),
        error_messages={"invalid": _("Ngày sinh phải theo dạng dd/mm/yyyy.")},
    )
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Sex.choices, widget=forms.RadioSelect)
    national_id = forms.CharField(label=_("Số CCCD/CMND"), required=False, max_length=20)
    phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=20)
    unit = UnitChoiceField(label=_("Xã/phường hoặc thôn/bản"), queryset=None)
    address = forms.CharField(label=_("Địa chỉ (số nhà, đường, xóm)"), required=False, max_length=255)
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), choices=ethnicities)
    occupation = forms.CharField(label=_("Nghề nghiệp"), required=False, max_length=120)
    workplace = forms.CharField(label=_("Nơi làm việc"), required=False, max_length=200)
    comorbidities = forms.MultipleChoiceField(
        label=_("Bệnh nền"), required=False, choices=Comorbidity.choices, widget=forms.CheckboxSelectMultiple
    )
    pregnant = forms.BooleanField(label=_("Đang mang thai"), required=False)
    confirm_distinct = forms.BooleanField(label=_("Tôi đã kiểm tra: đây là một người khác"), required=False)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = placeable_units(jurisdiction=jurisdiction).select_related("parent")  # type: ignore[attr-defined]
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "Đơn vị này không thuộc địa bàn bạn quản lý."
        )
        self.fields["unit"].error_messages["required"] = _(
            "Chọn xã/phường (hoặc thôn/bản) nơi người này cư trú."
        )
        for name, field in self.fields.items():
            field.error_messages.setdefault("required", _("Trường này là bắt buộc."))
            if name in ("full_name", "birth_year", "sex"):
                field.error_messages["required"] = _("%(label)s là bắt buộc.") % {"label": field.label}

    @classmethod
    def initial_from(cls, person: Person) -> dict[str, Any]:
        return {name: getattr(person, name) for name in INPUT_FIELDS}

    def to_input(self) -> PersonInput:
        data = dict(self.cleaned_data)
        data.pop("confirm_distinct", None)
        return PersonInput(**data)

    def add_domain_error(self, error: DomainError) -> None:
        for name, messages in error.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
