"""Forms of the support pages: plain input; every rule is the service's."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit
from phaodai.people.forms import DATE_FORMATS, DomainErrorsForm
from phaodai.support import selectors
from phaodai.support.models import Allocation, Programme
from phaodai.support.reference import ConflictDecision, DonationKind, DonorKind, FundPurpose, PaymentMethod


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=_("dd/mm/yyyy"),
        error_messages={"invalid": _("Ngày phải theo dạng dd/mm/yyyy.")},
    )


def _money(label: Any, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=1,
        help_text=_("đồng"),
        error_messages={
            "invalid": _("Số tiền phải là số nguyên (đồng)."),
            "min_value": _("Số tiền phải lớn hơn 0."),
        },
    )


class ProgrammeChoiceField(forms.ModelChoiceField[Programme]):
    def label_from_instance(self, obj: Programme) -> str:
        return obj.name


class ListForm(DomainErrorsForm):
    programme = ProgrammeChoiceField(label=_("Chính sách"), queryset=None)
    unit: forms.ModelChoiceField[AdminUnit] = forms.ModelChoiceField(label=_("Xã/phường"), queryset=None)
    period_start = _date(_("Từ ngày"))
    period_end = _date(_("Đến ngày"))
    title = forms.CharField(label=_("Tên danh sách (để trống: tự đặt)"), required=False, max_length=255)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = selectors.programme_list(active_only=True)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = selectors.communes(jurisdiction=jurisdiction)  # type: ignore[attr-defined]
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "Đơn vị này không thuộc địa bàn bạn quản lý."
        )


class EntryForm(DomainErrorsForm):
    person = forms.CharField(
        label=_("Người dân: số CCCD hoặc mã hồ sơ"),
        required=False,
        max_length=12,
        help_text=_(
            "để trống nếu người này chưa có trong sổ người dân (chỉ với chính sách không kiểm tra F0/F1)"
        ),
    )
    full_name = forms.CharField(label=_("Họ và tên (nếu chưa có hồ sơ)"), required=False, max_length=120)
    national_id = forms.CharField(label=_("Số CCCD (nếu chưa có hồ sơ)"), required=False, max_length=12)
    birth_year = forms.IntegerField(label=_("Năm sinh (nếu chưa có hồ sơ)"), required=False, min_value=1900)
    days = forms.IntegerField(label=_("Số ngày (để trống: theo hệ thống)"), required=False, min_value=1)
    amount = _money(_("Số tiền đề nghị (để trống: theo mức chính sách)"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)


class ConfirmForm(DomainErrorsForm):
    """A button with no fields; the refusal shows above it."""


class ImportForm(DomainErrorsForm):
    file = forms.FileField(
        label=_("Tệp danh sách (.xlsx hoặc .csv)"),
        help_text=_("Cột: Họ và tên, Số CCCD, Năm sinh, Số ngày, Số tiền, Ghi chú"),
    )


class TransitionForm(DomainErrorsForm):
    to_status = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RemoveForm(DomainErrorsForm):
    reason = forms.CharField(label=_("Lý do loại"), max_length=255)


class ConflictForm(DomainErrorsForm):
    decision = forms.ChoiceField(
        label=_("Cách xử lý"), choices=ConflictDecision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)


class PaymentForm(DomainErrorsForm):
    amount = _money(_("Số tiền chi"))
    paid_on = _date(_("Ngày chi"))
    method = forms.ChoiceField(label=_("Hình thức"), choices=PaymentMethod.choices)
    receiver_name = forms.CharField(label=_("Người nhận"), max_length=120, required=False)
    signed = forms.BooleanField(label=_("Người nhận đã ký nhận"), required=False)
    transfer_reference = forms.CharField(label=_("Mã giao dịch chuyển khoản"), required=False, max_length=64)
    voucher_number = forms.CharField(label=_("Số chứng từ"), required=False, max_length=32)


class DonationForm(DomainErrorsForm):
    unit: forms.ModelChoiceField[AdminUnit] = forms.ModelChoiceField(label=_("Quỹ của đơn vị"), queryset=None)
    donor_kind = forms.ChoiceField(label=_("Người ủng hộ là"), choices=DonorKind.choices)
    donor_name = forms.CharField(label=_("Tên người/đơn vị ủng hộ"), max_length=200, required=False)
    donor_contact = forms.CharField(label=_("Liên hệ"), max_length=200, required=False)
    named_publicly = forms.BooleanField(
        label=_("Đơn vị đồng ý công khai tên"),
        required=False,
        help_text=_("chỉ áp dụng cho tổ chức; cá nhân không bao giờ được công khai tên"),
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=DonationKind.choices)
    items = forms.CharField(label=_("Hiện vật"), max_length=255, required=False)
    amount = _money(_("Số tiền hoặc giá trị quy đổi"))
    purpose = forms.ChoiceField(
        label=_("Mục đích (nếu chỉ định)"), choices=[("", "—"), *FundPurpose.choices], required=False
    )
    received_on = _date(_("Ngày nhận"))
    receipt_number = forms.CharField(label=_("Số biên nhận"), max_length=32, required=False)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.fund_units(jurisdiction=jurisdiction)  # type: ignore[attr-defined]


class AllocationForm(DomainErrorsForm):
    unit: forms.ModelChoiceField[AdminUnit] = forms.ModelChoiceField(label=_("Quỹ của đơn vị"), queryset=None)
    purpose = forms.ChoiceField(label=_("Mục đích"), choices=FundPurpose.choices)
    amount = _money(_("Số tiền"))
    decided_on = _date(_("Ngày quyết định"))
    document_number = forms.CharField(label=_("Số quyết định"), max_length=64, required=False)
    description = forms.CharField(label=_("Nội dung"), max_length=255)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.fund_units(jurisdiction=jurisdiction)  # type: ignore[attr-defined]


class AllocationChoiceField(forms.ModelChoiceField[Allocation]):
    def label_from_instance(self, obj: Allocation) -> str:
        return f"{obj.document_number} · {obj.get_purpose_display()}"


class SpendingForm(DomainErrorsForm):
    allocation = AllocationChoiceField(label=_("Khoản phân bổ"), queryset=None)
    amount = _money(_("Số tiền"))
    spent_on = _date(_("Ngày chi"))
    document_number = forms.CharField(label=_("Số chứng từ"), max_length=64, required=False)
    description = forms.CharField(label=_("Nội dung chi"), max_length=255)
    attachment = forms.FileField(label=_("Chứng từ đính kèm (tối đa 2 MB)"), required=False)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = selectors.allocations(jurisdiction=jurisdiction)  # type: ignore[attr-defined]
        self.fields["allocation"].error_messages["invalid_choice"] = _(
            "Khoản phân bổ không thuộc địa bàn bạn quản lý."
        )
