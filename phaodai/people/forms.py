from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phaodai.core.errors import DomainError
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.selectors import placeable_units
from phaodai.people.models import Person
from phaodai.people.reference import Comorbidity, Sex, ethnicities
from phaodai.people.services import INPUT_FIELDS, PersonInput

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%y"]


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.parent.name}" if obj.level == 4 and obj.parent else str(obj.name)


def _scope_units(field: forms.Field, jurisdiction: Jurisdiction, required: "StrOrPromise") -> None:
    """Offer the communes and villages of the jurisdiction; anything else "is not in your area"."""
    field.queryset = placeable_units(jurisdiction=jurisdiction).select_related("parent")  # type: ignore[attr-defined]
    field.empty_label = _("— Chọn —")  # type: ignore[attr-defined]
    field.error_messages["invalid_choice"] = _("Đơn vị này không thuộc địa bàn bạn quản lý.")
    field.error_messages["required"] = required


class DomainErrorsForm(forms.Form):
    def add_domain_error(self, error: DomainError) -> None:
        """Show a service's refusal next to the fields it names (elsewhere at the top of the form)."""
        for name, messages in error.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class LabelledErrorsForm(DomainErrorsForm):
    """Messages that name their field, worded in the language of the request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = {"label": field.label}
            if field.error_messages["required"] == forms.Field.default_error_messages["required"]:
                field.error_messages["required"] = _("%(label)s là bắt buộc.") % label
            if isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = _("%(label)s phải là số nguyên.") % label


class PersonForm(DomainErrorsForm):
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
        _scope_units(
            self.fields["unit"], jurisdiction, _("Chọn xã/phường (hoặc thôn/bản) nơi người này cư trú.")
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


class HouseholdForm(DomainErrorsForm):
    """A new household: where it lives and, if it has one, its code (mã hộ, số hộ khẩu)."""

    unit = UnitChoiceField(label=_("Thôn/bản hoặc xã/phường"), queryset=None)
    address = forms.CharField(label=_("Địa chỉ (số nhà, đường, xóm)"), max_length=255)
    code = forms.CharField(
        label=_("Mã hộ / số hộ khẩu (nếu có)"),
        required=False,
        max_length=32,
        help_text=_("Để trống nếu hộ chưa có mã."),
    )

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scope_units(self.fields["unit"], jurisdiction, _("Chọn xã/phường hoặc thôn/bản nơi hộ cư trú."))
        self.fields["address"].error_messages["required"] = _("Địa chỉ của hộ là bắt buộc.")
