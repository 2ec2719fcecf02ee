"""API plumbing shared by every app: the policy permission, the one error shape, and the date filter
of every list (the unit filter needs units: ``phaodai.geo.api``, decision 0013)."""

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, permissions
from rest_framework.filters import BaseFilterBackend
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


# --- The date filter of every list ------------------------------------------------------------------

QUERY_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
# A range's first and last day: the name every list takes, then the older names some lists took first
# (still honoured, documented as deprecated).
FIRST_DAY_NAMES, LAST_DAY_NAMES = ("from", "since"), ("to", "until")


def query_date(request: Request, name: str) -> dt.date | None:
    """The day the query parameter ``name`` gives (YYYY-MM-DD or dd/mm/yyyy), None when absent; anything
    else is refused under the parameter's name (400)."""
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    for format_ in QUERY_DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, format_).date()
        except ValueError:
            continue
    raise exceptions.ValidationError(
        {name: [_("Ngày không hợp lệ: ghi theo dạng YYYY-MM-DD hoặc dd/mm/yyyy.")]}
    )


def _start_of(day: dt.date | None) -> dt.datetime | None:
    """Local midnight opening ``day``; None for no day, and at the calendar's edges (a moment before
    year 1 or after 9999 in UTC does not exist: there is no bound there)."""
    if day is None:
        return None
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    try:
        moment.astimezone(dt.UTC)
    except OverflowError:
        return None
    return moment


def _day_after(day: dt.date | None) -> dt.date | None:
    return day + dt.timedelta(days=1) if day and day < dt.date.max else None


@dataclass(frozen=True)
class DayRange:
    """Days from ``first`` to ``last``, both included; either end may be open."""

    first: dt.date | None = None
    last: dt.date | None = None

    @classmethod
    def of(cls, request: Request) -> "DayRange":
        """``?from=``/``?to=`` (and the older ``?since=``/``?until=``: given with them, both bound)."""
        firsts = [day for name in FIRST_DAY_NAMES if (day := query_date(request, name))]
        lasts = [day for name in LAST_DAY_NAMES if (day := query_date(request, name))]
        days = cls(max(firsts, default=None), min(lasts, default=None))
        if days.first and days.last and days.first > days.last:
            message = _("Ngày kết thúc phải từ ngày bắt đầu (from) trở đi.")
            raise exceptions.ValidationError({LAST_DAY_NAMES[0]: [message]})
        return days

    def q(self, field: str, *, moment: bool) -> Q:
        """The rows whose ``field`` falls on these days; a moment (a datetime) on its local day."""
        bounds: dict[str, dt.date | None]
        if moment:
            bounds = {"gte": _start_of(self.first), "lt": _start_of(_day_after(self.last))}
        else:
            bounds = {"gte": self.first, "lte": self.last}
        return Q(**{f"{field}__{op}": value for op, value in bounds.items() if value is not None})


def is_moment(model: type[models.Model], path: str) -> bool:
    """Whether ``path`` (``at`` or ``case__report_date``) ends at a datetime rather than a date."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model  # type: ignore[assignment]
    return isinstance(model._meta.get_field(name), models.DateTimeField)


def _date_parameter(name: str, description: str, *, deprecated: bool = False) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "string", "format": "date"},
        **({"deprecated": True} if deprecated else {}),
    }


class DateFilter(BaseFilterBackend):
    """The date of a list, as the view declares it (one of):

    - ``date_field``: the rows' main date; ``?from=``/``?to=`` keep the rows on those days;
    - ``as_of_param``: a computed list (coverage, readiness) is "as of" one day, read by the view;
    - ``undated``: why the rows have no date (units, organisations, balances held now).

    Only documented on the ``list`` action (a detail or another action takes none of these).
    """

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        field: str | None = getattr(view, "date_field", None)
        if not field or getattr(view, "action", None) != "list":  # a detail read is not cut
            return queryset
        return queryset.filter(DayRange.of(request).q(field, moment=is_moment(queryset.model, field)))

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        if getattr(view, "action", None) != "list":
            return []
        if field := getattr(view, "date_field", None):
            (first, *older_first), (last, *older_last) = FIRST_DAY_NAMES, LAST_DAY_NAMES
            return [
                _date_parameter(first, f"the rows whose {field} is on this day or after"),
                _date_parameter(last, f"the rows whose {field} is on this day or before"),
                *(_date_parameter(old, f"older name of {first}", deprecated=True) for old in older_first),
                *(_date_parameter(old, f"older name of {last}", deprecated=True) for old in older_last),
            ]
        if name := getattr(view, "as_of_param", None):
            return [_date_parameter(name, getattr(view, "as_of_help", "the day the list is computed for"))]
        return []
