"""API plumbing shared by every app: the policy permission and the one error shape."""

from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, permissions
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.core.access import access_for
from phaodai.core.errors import DomainError

if (
    TYPE_CHECKING
):  # rest_framework.views imports the permission classes named in settings: no cycle at run time
    from rest_framework.views import APIView


class PolicyPermission(permissions.BasePermission):
    """Signed in, and holding the view's ``required_perm`` (for writes, ``write_perm``).

    The rows themselves are cut by jurisdiction in the view's selector; a view without a declared
    permission is refused, so a new endpoint cannot be open by accident.
    """

    message = gettext_lazy("Bạn không có quyền thực hiện thao tác này.")

    def has_permission(self, request: Request, view: "APIView") -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        needed: str | None = getattr(view, "required_perm", None)
        if request.method not in permissions.SAFE_METHODS:
            needed = getattr(view, "write_perm", None)
        return needed is not None and access_for(request).can(needed)


# DRF's own messages are English (its Vietnamese catalogue is nearly empty): those the API answers in
# Vietnamese by the error's code; the field is named by the key it is filed under. Messages our
# serializers word themselves (Vietnamese, never plain ASCII) pass through unchanged.
_MESSAGES_BY_CODE = {
    "required": gettext_lazy("Trường này là bắt buộc."),
    "null": gettext_lazy("Trường này không được để trống."),
    "blank": gettext_lazy("Trường này không được để trống."),
    "empty": gettext_lazy("Trường này không được để trống."),
    "invalid": gettext_lazy("Giá trị không hợp lệ (sai định dạng)."),
    "incorrect_type": gettext_lazy("Sai kiểu dữ liệu."),
    "invalid_choice": gettext_lazy("Giá trị không nằm trong danh sách cho phép."),
    "does_not_exist": gettext_lazy("Không tồn tại hoặc không thuộc địa bàn bạn quản lý."),
    "max_length": gettext_lazy("Quá dài."),
    "min_length": gettext_lazy("Quá ngắn."),
    "max_value": gettext_lazy("Giá trị quá lớn."),
    "min_value": gettext_lazy("Giá trị quá nhỏ."),
    "max_string_length": gettext_lazy("Giá trị quá lớn."),
    "max_digits": gettext_lazy("Quá nhiều chữ số."),
    "max_decimal_places": gettext_lazy("Quá nhiều chữ số thập phân."),
    "not_a_list": gettext_lazy("Phải là một danh sách."),
    "not_a_dict": gettext_lazy("Phải là một đối tượng."),
    "date": gettext_lazy("Phải là một ngày, không kèm giờ."),
    "datetime": gettext_lazy("Phải là một thời điểm (ngày và giờ)."),
    "make_aware": gettext_lazy("Thời điểm không hợp lệ ở múi giờ Việt Nam."),
}


def _message(item: Any) -> str:
    text, code = str(item), getattr(item, "code", None)
    return str(_MESSAGES_BY_CODE[code]) if text.isascii() and code in _MESSAGES_BY_CODE else text


def _field_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Flatten DRF's nested validation detail into ``{"field": [messages]}`` (nested: ``"a.b"``)."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = "__all__" if key == "non_field_errors" else f"{prefix}{key}"
            flat.update(_field_errors(value, f"{name}."))
            if not isinstance(value, dict):
                flat[name] = (
                    [_message(item) for item in value] if isinstance(value, list) else [_message(value)]
                )
        return flat
    return {
        prefix.rstrip(".") or "__all__": [_message(item) for item in detail]
        if isinstance(detail, list)
        else [_message(detail)]
    }


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """One error shape for every API failure: ``{"detail": ..., "errors": {field: [messages]}}``."""
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DomainError):
        return Response({"detail": exc.message, "errors": exc.errors}, status=exc.status_code)
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        field, messages = next(iter(errors.items()))
        detail = f"{messages[0]} ({field})" if field != "__all__" else messages[0]
        return Response({"detail": detail, "errors": errors}, status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Không tìm thấy."))
    return drf_exception_handler(exc, context)
