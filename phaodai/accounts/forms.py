from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phaodai.accounts import selectors
from phaodai.accounts.backends import is_locked
from phaodai.accounts.models import Organisation, OrganisationKind, User
from phaodai.accounts.roles import Role
from phaodai.accounts.services import HOME_LEVELS
from phaodai.core.errors import DomainError
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.geo.selectors import unit_list


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản đã bị vô hiệu hoá."),
        "locked": _("Tài khoản tạm khoá do đăng nhập sai nhiều lần. Vui lòng thử lại sau ít phút."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")

    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip()
        user = User.objects.filter(username__iexact=username).first()
        if user is not None and is_locked(user):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        return super().clean()


CHOOSE = _("— Chọn —")


class _DomainErrorForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("Trường này là bắt buộc.")

    def add_domain_error(self, error: DomainError) -> None:
        for name, messages in error.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return _unit_label(obj)


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return _unit_label(obj)


def _unit_label(unit: AdminUnit) -> str:
    """Communes are named with their district: two communes of a province may share a name."""
    if unit.level == UnitLevel.COMMUNE and unit.parent is not None:
        return f"{unit.name} — {unit.parent.name}"
    return unit.name


class OrganisationChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.unit.name}"


class OrganisationForm(_DomainErrorForm):
    name = forms.CharField(label=_("Tên tổ chức"), max_length=200)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Loại tổ chức"), choices=[("", CHOOSE), *OrganisationKind.choices])
    unit = UnitChoiceField(
        label=_("Trụ sở (tỉnh, huyện hoặc xã)"), queryset=AdminUnit.objects.none(), empty_label=CHOOSE
    )
    served_units = UnitMultipleChoiceField(
        label=_("Địa bàn phụ trách"),
        queryset=AdminUnit.objects.none(),
        required=False,
        help_text=_(
            "Để trống nếu tổ chức phụ trách toàn bộ địa bàn nơi đặt trụ sở. Nếu chọn, người dùng của tổ "
            "chức chỉ thấy các xã được chọn (trên máy tính, giữ Ctrl để chọn nhiều xã)."
        ),
    )

    def __init__(
        self, *args: Any, jurisdiction: Jurisdiction, organisation: Organisation | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        units = unit_list(jurisdiction=jurisdiction).select_related("parent")
        self.fields["unit"].queryset = units.filter(level__in=HOME_LEVELS)  # type: ignore[attr-defined]
        # Communes, and whatever the organisation already serves (a district, say), so saving keeps it.
        served = Q(level=UnitLevel.COMMUNE)
        if organisation is not None:
            served |= Q(pk__in=selectors.served_unit_ids(organisation=organisation))
        self.fields["served_units"].queryset = units.filter(served)  # type: ignore[attr-defined]
        outside = _("Đơn vị này không thuộc địa bàn bạn quản lý.")
        self.fields["unit"].error_messages["invalid_choice"] = outside
        self.fields["served_units"].error_messages["invalid_choice"] = outside
        self.fields["served_units"].error_messages["invalid_pk_value"] = outside
        self.fields["kind"].error_messages["invalid_choice"] = _("Chọn loại tổ chức trong danh sách.")
        self.fields["served_units"].widget.attrs["size"] = 8

    @staticmethod
    def initial_from(organisation: Organisation) -> dict[str, Any]:
        return {
            "name": organisation.name,
            "short_name": organisation.short_name,
            "kind": organisation.kind,
            "unit": organisation.unit_id,
            "served_units": selectors.served_unit_ids(organisation=organisation),
        }


class _UserFieldsForm(_DomainErrorForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    role = forms.ChoiceField(label=_("Vai trò"), choices=[("", CHOOSE), *Role.choices])
    organisation = OrganisationChoiceField(
        label=_("Tổ chức"), queryset=Organisation.objects.none(), empty_label=CHOOSE
    )

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations_managed(jurisdiction=jurisdiction)  # type: ignore[attr-defined]
        self.fields["organisation"].error_messages["invalid_choice"] = _(
            "Tổ chức này không thuộc địa bàn bạn quản lý."
        )
        self.fields["role"].error_messages["invalid_choice"] = _("Chọn vai trò trong danh sách.")


class _PasswordFields(forms.Form):
    password = forms.CharField(
        label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    password_confirm = forms.CharField(
        label=_("Nhập lại mật khẩu"), strip=False, widget=forms.PasswordInput(render_value=False)
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_confirm"):
            self.add_error("password_confirm", _("Hai lần nhập mật khẩu không khớp."))
        return cleaned


class UserCreateForm(_UserFieldsForm, _PasswordFields):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    field_order = ("username", "full_name", "role", "organisation", "password", "password_confirm")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            autocapitalize="none", autocomplete="off", spellcheck="false"
        )
        self.fields["password"].widget.attrs["autocomplete"] = "new-password"
        self.fields["password_confirm"].widget.attrs["autocomplete"] = "new-password"


class UserEditForm(_UserFieldsForm):
    is_active = forms.BooleanField(
        label=_("Đang hoạt động"),
        required=False,
        help_text=_("Bỏ chọn để khoá tài khoản: người dùng không đăng nhập được nữa."),
    )

    @staticmethod
    def initial_from(user: User) -> dict[str, Any]:
        return {
            "full_name": user.full_name,
            "role": user.role,
            "organisation": user.organisation_id,
            "is_active": user.is_active,
        }


class PasswordResetForm(_DomainErrorForm, _PasswordFields):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Mật khẩu mới")
        self.fields["password"].widget.attrs["autocomplete"] = "new-password"
        self.fields["password_confirm"].widget.attrs["autocomplete"] = "new-password"
