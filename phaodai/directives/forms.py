"""The ingestion forms (paste or upload, then review every proposed field), progress reports, closure."""

import re
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms import formset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.accounts.models import Organisation
from phaodai.core import clock
from phaodai.directives.parsing.dates import deadlines as read_deadlines
from phaodai.directives.parsing.model import Deadline
from phaodai.directives.reference import DirectiveKind
from phaodai.directives.services import Attachment, DirectiveInput, TaskInput
from phaodai.people.forms import DATE_FORMATS, DomainErrorsForm

MAX_TEXT_BYTES = 1024 * 1024
_YEAR = re.compile(r"\b(20\d\d)\b")


def lines(value: str) -> list[str]:
    return [line.strip(" -;") for line in value.splitlines() if line.strip(" -;")]


def attachment(file: UploadedFile[bytes] | None) -> Attachment | None:
    """The uploaded file, read whole (the service refuses one over its limit)."""
    return Attachment(file.name or "tep", file.read()) if file else None


def _text(label: Any, *, rows: int, help_text: Any = "", required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class OrganisationsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PasteForm(DomainErrorsForm):
    text = _text(gettext_lazy("Dán toàn văn văn bản"), rows=14)
    upload = forms.FileField(
        label=gettext_lazy("hoặc tải lên tệp văn bản (.txt, UTF-8)"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload: UploadedFile[bytes] | None = cleaned.get("upload")
        if upload is not None:
            cleaned["text"] = self._read(upload)
        if not (cleaned.get("text") or "").strip() and not self.has_error("upload"):
            self.add_error("text", _("Dán nội dung văn bản hoặc tải lên một tệp văn bản."))
        return cleaned

    def _read(self, upload: UploadedFile[bytes]) -> str:
        if (upload.size or 0) > MAX_TEXT_BYTES:
            self.add_error("upload", _("Tệp quá lớn (tối đa 1 MB văn bản)."))
            return ""
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            self.add_error(
                "upload", _("Tệp phải là văn bản thuần UTF-8 (.txt); với PDF hay ảnh, hãy dán nội dung.")
            )
            return ""


class DirectiveForm(DomainErrorsForm):
    kind = forms.ChoiceField(label=gettext_lazy("Loại văn bản"), choices=DirectiveKind.choices)
    number = forms.CharField(label=gettext_lazy("Số"), required=False, max_length=20)
    symbol = forms.CharField(label=gettext_lazy("Ký hiệu"), required=False, max_length=60)
    date_text = forms.CharField(
        label=gettext_lazy("Địa danh, ngày tháng (như trong văn bản)"), required=False, max_length=200
    )
    date = forms.DateField(
        label=gettext_lazy("Ngày ban hành"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=gettext_lazy("dd/mm/yyyy; để trống nếu văn bản bỏ trống ngày."),
        error_messages={"invalid": gettext_lazy("Ngày phải theo dạng dd/mm/yyyy.")},
    )
    place = forms.CharField(label=gettext_lazy("Địa danh"), required=False, max_length=100)
    issuer = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan ban hành"), queryset=Organisation.objects.none()
    )
    issuer_name = forms.CharField(
        label=gettext_lazy("Tên cơ quan ban hành (như trong văn bản)"), required=False, max_length=255
    )
    signer = forms.CharField(label=gettext_lazy("Người ký"), required=False, max_length=120)
    subject = _text(gettext_lazy("Trích yếu"), rows=2)
    recipients = _text(gettext_lazy("Nơi nhận"), rows=4, help_text=gettext_lazy("Mỗi dòng một nơi nhận."))
    text = _text(gettext_lazy("Toàn văn"), rows=6)
    file = forms.FileField(label=gettext_lazy("Tệp gốc (PDF, ảnh) nếu có"), required=False)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        issuer = self.fields["issuer"]
        issuer.queryset = organisations  # type: ignore[attr-defined]
        issuer.error_messages["invalid_choice"] = _("Tổ chức này không thuộc địa bàn bạn quản lý.")
        issuer.error_messages["required"] = _("Chọn cơ quan ban hành.")

    def year(self) -> int:
        """The year undated deadlines fall in: the directive's, else today's."""
        date = self.cleaned_data.get("date")
        found = _YEAR.search(self.cleaned_data.get("date_text") or "")
        return date.year if date else int(found.group(1)) if found else clock.today().year

    def to_input(self, tasks: list[TaskInput]) -> DirectiveInput:
        data = self.cleaned_data
        return DirectiveInput(
            kind=data["kind"],
            issuer=data["issuer"],
            number=data["number"],
            symbol=data["symbol"],
            date=data["date"],
            date_text=data["date_text"],
            place=data["place"],
            issuer_name=data["issuer_name"],
            signer=data["signer"],
            subject=data["subject"],
            text=data["text"],
            recipients=lines(data["recipients"]),
            file=attachment(data.get("file")),
            tasks=tasks,
        )


class TaskForm(forms.Form):
    ref = forms.CharField(label=gettext_lazy("Mục"), max_length=20, required=False)
    content = _text(gettext_lazy("Nội dung nhiệm vụ"), rows=4, required=True)
    leads = OrganisationsField(
        label=gettext_lazy("Đơn vị chủ trì"), queryset=Organisation.objects.none(), required=False
    )
    unmapped_leads = _text(
        gettext_lazy("Đơn vị chủ trì chưa có trên hệ thống"),
        rows=2,
        help_text=gettext_lazy("Giữ nguyên tên như trong văn bản, mỗi dòng một đơn vị."),
    )
    coordinating = OrganisationsField(
        label=gettext_lazy("Đơn vị phối hợp"), queryset=Organisation.objects.none(), required=False
    )
    unmapped_coordinating = _text(gettext_lazy("Đơn vị phối hợp chưa có trên hệ thống"), rows=2)
    deadlines = _text(
        gettext_lazy("Thời hạn"),
        rows=2,
        help_text=gettext_lazy(
            "Mỗi dòng một thời hạn, viết như văn bản: «chậm nhất ngày 30/11/2021», "
            "«trong tháng 01 năm 2022», «trong Quý I năm 2022», «từ ngày 16/11/2021», «thường xuyên». "
            "Để trống nếu không có."
        ),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("leads", "coordinating"):
            field = self.fields[name]
            field.queryset = organisations  # type: ignore[attr-defined]
            field.error_messages["invalid_choice"] = _("Tổ chức này không thuộc địa bàn bạn quản lý.")
        self.fields["content"].error_messages["required"] = _("Nội dung nhiệm vụ là bắt buộc.")

    def clean_deadlines(self) -> str:
        """Every line must read as a deadline (the year of undated ones is settled when saving)."""
        value: str = self.cleaned_data.get("deadlines") or ""
        unread = [line for line in lines(value) if not read_deadlines(line, year=None)]
        if unread:
            raise forms.ValidationError(
                _("Không đọc được thời hạn «%(line)s»: viết như «chậm nhất ngày 30/11/2021».")
                % {"line": unread[0]}
            )
        return value

    def parsed_deadlines(self, year: int) -> list[Deadline]:
        return [
            d
            for line in lines(self.cleaned_data.get("deadlines") or "")
            for d in read_deadlines(line, year=year)
        ]

    def to_input(self, year: int) -> TaskInput:
        data = self.cleaned_data
        return TaskInput(
            ref=data["ref"],
            content=data["content"],
            leads=list(data["leads"]),
            coordinating=list(data["coordinating"]),
            unmapped_leads=lines(data["unmapped_leads"]),
            unmapped_coordinating=lines(data["unmapped_coordinating"]),
            deadlines=self.parsed_deadlines(year),
        )


TaskFormSet = formset_factory(TaskForm, extra=1, can_delete=True)


def task_inputs(formset: Any, year: int) -> list[tuple[TaskForm, TaskInput]]:
    """The tasks kept (not deleted, not left blank), in order, with their forms (for the service's errors)."""
    return [
        (form, form.to_input(year))
        for form in formset.forms
        if form.has_changed() and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("content")
    ]


class ReportForm(DomainErrorsForm):
    text = _text(gettext_lazy("Nội dung báo cáo"), rows=5, required=True)
    done = forms.BooleanField(label=gettext_lazy("Đã hoàn thành nhiệm vụ"), required=False)
    file = forms.FileField(label=gettext_lazy("Tệp đính kèm (tối đa 5 MB)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Nội dung báo cáo là bắt buộc.")
