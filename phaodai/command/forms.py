from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phaodai.command.models import RiskLevel
from phaodai.people.forms import DATE_FORMATS, LabelledErrorsForm


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text=_("dd/mm/yyyy"),
        error_messages={"invalid": _("%(label)s phải theo dạng dd/mm/yyyy.") % {"label": label}},
    )


def _lines(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class AssessForm(LabelledErrorsForm):
    week_end = _date(_("Tuần kết thúc ngày"))


class OverrideForm(LabelledErrorsForm):
    level = forms.TypedChoiceField(
        label=_("Cấp độ công bố"),
        choices=[("", _("— Bỏ điều chỉnh, dùng cấp tính toán —")), *RiskLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    reason = forms.CharField(label=_("Lý do, căn cứ"), widget=_lines(3), max_length=500)


class ReportDraftForm(LabelledErrorsForm):
    day = _date(_("Ngày báo cáo"))
    issuer_name = forms.CharField(label=_("Cơ quan ban hành"), max_length=200)
    place_name = forms.CharField(label=_("Địa danh"), max_length=80)
    remarks = forms.CharField(label=_("Nhận định, đề xuất"), widget=_lines(4), required=False)
    recipients = forms.CharField(label=_("Nơi nhận (mỗi dòng một nơi)"), widget=_lines(4), required=False)

    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["recipients"].splitlines() if line.strip()]


class ApproveForm(LabelledErrorsForm):
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=120)


class IssueForm(LabelledErrorsForm):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=40)


class BoundaryForm(LabelledErrorsForm):
    name = forms.CharField(label=_("Tên bản đồ"), max_length=200)
    file = forms.FileField(label=_("Tệp GeoJSON"))
    schematic = forms.BooleanField(label=_("Bản đồ vẽ phác (không phải ranh giới đo đạc)"), required=False)
