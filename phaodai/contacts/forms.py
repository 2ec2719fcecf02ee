"""The exposure form: it parses and offers choices; the service decides."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phaodai.contacts.reference import ExposureSetting
from phaodai.core.scoping import Jurisdiction
from phaodai.people.forms import DATE_FORMATS, DomainErrorsForm
from phaodai.people.selectors import person_list


class PersonIdField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A person of the caller's jurisdiction, typed by id (the search beside the form finds it)."""

    widget = forms.NumberInput

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.birth_year})"


def _person_field(label: Any, required: Any) -> PersonIdField:
    return PersonIdField(
        label=label,
        queryset=person_list(jurisdiction=Jurisdiction.nothing()),
        error_messages={
            "required": required,
            "invalid_choice": _("Không có người mang mã này trong địa bàn bạn quản lý."),
        },
    )


class ExposureForm(DomainErrorsForm):
    source = _person_field(_("Mã người nguồn lây (F0 hoặc F1)"), _("Nhập mã người nguồn lây."))
    contact = _person_field(_("Mã người tiếp xúc"), _("Nhập mã người tiếp xúc."))
    setting = forms.ChoiceField(
        label=_("Hoàn cảnh tiếp xúc"),
        choices=ExposureSetting.choices,
        error_messages={
            "required": _("Chọn hoàn cảnh tiếp xúc."),
            "invalid_choice": _("Chọn hoàn cảnh tiếp xúc."),
        },
    )
    last_exposure_date = forms.DateField(
        label=_("Ngày tiếp xúc cuối"),
        input_formats=DATE_FORMATS,
        help_text=_("dd/mm/yyyy"),
        error_messages={
            "required": _("Nhập ngày tiếp xúc cuối."),
            "invalid": _("Ngày phải theo dạng dd/mm/yyyy."),
        },
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("source", "contact"):
            self.fields[name].queryset = person_list(jurisdiction=jurisdiction)  # type: ignore[attr-defined]
        self.fields["note"].error_messages["max_length"] = _("Ghi chú tối đa 255 ký tự.")
