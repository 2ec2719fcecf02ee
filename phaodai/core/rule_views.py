"""The rule pages: every version of every rule, what it says, how sure we are, and a province's variant."""

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from phaodai.core import rules
from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.core.selectors import rule_set_get, rule_sets


@scoped(perm=Perm.RULES_VIEW)
def rule_list(request: HttpRequest) -> HttpResponse:
    found = rule_sets(jurisdiction=access_for(request).jurisdiction)
    groups = [(kind, [r for r in found if r.kind == kind.kind]) for kind in rules.kinds()]
    return render(request, "core/rule_list.html", {"groups": groups})


def _variant_input(request: HttpRequest, errors: dict[str, list[str]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": request.POST.get("code", "").strip(),
        "note": request.POST.get("note", ""),
    }
    try:
        data["effective_from"] = dt.datetime.strptime(
            request.POST.get("effective_from", ""), "%d/%m/%Y"
        ).date()
    except ValueError:
        errors["effective_from"] = [_("Nhập ngày hiệu lực dạng dd/mm/yyyy.")]
    try:
        data["params"] = json.loads(request.POST.get("params", ""))
    except json.JSONDecodeError:
        errors["params"] = [_("Tham số phải là JSON hợp lệ.")]
    if not data["code"]:
        errors["code"] = [_("Nhập số hiệu văn bản của tỉnh.")]
    return data


def _adopt(request: HttpRequest, base: Any) -> dict[str, list[str]]:
    prefixes = access_for(request).jurisdiction.prefixes
    errors: dict[str, list[str]] = {}
    if len(prefixes) != 1:
        return {"__all__": [_("Chỉ đơn vị quản lý một địa bàn mới điều chỉnh được quy tắc.")]}
    data = _variant_input(request, errors)
    if errors:
        return errors
    try:
        rules.adopt_variant(actor=request.user, base=base, unit_path=prefixes[0], **data)
    except DomainError as error:
        return error.errors
    return {}


@scoped(perm=Perm.RULES_VIEW)
def rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    rule = rule_set_get(jurisdiction=access.jurisdiction, pk=pk)
    errors: dict[str, list[str]] = {}
    posted = request.method == "POST" and access.can(Perm.RULES_MANAGE)
    if posted and not (errors := _adopt(request, rule)):
        messages.success(request, _("Đã lưu bản điều chỉnh của địa phương."))
        return redirect("core:rules")
    labels = next((k.params for k in rules.kinds() if k.kind == rule.kind), {})
    return render(
        request,
        "core/rule_detail.html",
        {
            "rule": rule,
            "kind_label": rules.kind_label(rule.kind),
            "params": [(labels.get(key, key), value) for key, value in rule.params.items()],
            "params_json": request.POST.get("params")
            or json.dumps(rule.params, ensure_ascii=False, indent=2),
            "can_adopt": access.can(Perm.RULES_MANAGE),
            "errors": errors,
            "general_errors": errors.get("__all__", []),
            "posted": request.POST,
        },
    )
