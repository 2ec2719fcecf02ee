import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.diagnostics.forms import EnterpriseForm, ShiftForm, WorkersForm
from phaodai.diagnostics.models import Enterprise, Shift, Worker
from phaodai.diagnostics.selectors import workplaces as selectors
from phaodai.diagnostics.services.workplaces import enterprise_create, shift_create, workers_add
from phaodai.diagnostics.views.common import form_page, saved
from phaodai.people.selectors import person_list


def _day(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("ngay", "")[:10])
    except ValueError:
        return clock.today()


@scoped(perm=Perm.TESTS_VIEW)
def enterprise_index(request: HttpRequest) -> HttpResponse:
    """The enterprises, and how many of the day's worker-shifts had a valid negative test."""
    access = access_for(request)
    day = _day(request)
    return render(
        request,
        "diagnostics/enterprise_list.html",
        {
            "enterprises": list(selectors.enterprise_list(jurisdiction=access.jurisdiction)[:200]),
            "compliance": selectors.compliance(jurisdiction=access.jurisdiction, day=day),
            "day": day,
            "can_manage": access.can(Perm.TESTING_MANAGE),
        },
    )


@scoped(perm=Perm.TESTING_MANAGE)
def enterprise_new(request: HttpRequest) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    form = EnterpriseForm(request.POST or None, jurisdiction=jurisdiction)
    return form_page(
        request,
        form,
        save=lambda: enterprise_create(actor=request.user, jurisdiction=jurisdiction, **form.cleaned_data),
        done=lambda enterprise: _("Đã thêm %(name)s.") % {"name": enterprise.name},
        then=lambda enterprise: reverse("diagnostics:enterprise", args=[enterprise.pk]),
        title=_("Thêm doanh nghiệp"),
        back=reverse("diagnostics:enterprises"),
    )


def _enterprise_page(request: HttpRequest, enterprise: Any, form: WorkersForm) -> HttpResponse:
    access = access_for(request)
    day = _day(request)
    return render(
        request,
        "diagnostics/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "workers": list(selectors.enterprise_workers(enterprise=enterprise)),
            "shifts": list(
                selectors.shift_list(jurisdiction=access.jurisdiction, enterprise=enterprise)[:30]
            ),
            "day": day,
            "form": form,
            "can_manage": access.can(Perm.TESTING_MANAGE),
        },
    )


@scoped(perm=Perm.TESTS_VIEW)
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    return _enterprise_page(request, enterprise, WorkersForm())


def _workers(request: HttpRequest, form: WorkersForm, enterprise: Enterprise) -> list[Worker]:
    jurisdiction = access_for(request).jurisdiction
    wanted = form.cleaned_data["persons"]
    persons = list(person_list(jurisdiction=jurisdiction).filter(pk__in=wanted))
    if missing := sorted(set(wanted) - {p.pk for p in persons}):
        raise DomainError(
            _("Không có người mang mã %(ids)s trong địa bàn bạn quản lý.")
            % {"ids": ", ".join(map(str, missing))},
            field="persons",
        )
    return workers_add(actor=request.user, jurisdiction=jurisdiction, enterprise=enterprise, persons=persons)


@scoped(perm=Perm.TESTING_MANAGE)
def workers_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Register workers by their person ids (people of the user's area)."""
    enterprise = selectors.enterprise_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    form = WorkersForm(request.POST or None)
    done = saved(
        request, form, lambda: _workers(request, form, enterprise), lambda _rows: _("Đã thêm người lao động.")
    )
    if done is not None or request.method != "POST":
        return redirect("diagnostics:enterprise", pk=enterprise.pk)
    return _enterprise_page(request, enterprise, form)


@scoped(perm=Perm.TESTING_MANAGE)
def shift_new(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    enterprise = selectors.enterprise_get(jurisdiction=jurisdiction, pk=pk)
    initial = {"day": clock.today(), "starts_at": dt.time(6, 0)}
    form = ShiftForm(request.POST or None, enterprise=enterprise, initial=initial)

    def save() -> Shift:
        data = {**form.cleaned_data, "workers": list(form.cleaned_data["workers"])}
        return shift_create(actor=request.user, jurisdiction=jurisdiction, enterprise=enterprise, **data)

    return form_page(
        request,
        form,
        save=save,
        done=lambda shift: _("Đã lập %(shift)s.") % {"shift": shift},
        then=lambda shift: reverse("diagnostics:shift", args=[shift.pk]),
        title=_("Lập ca làm việc"),
        back=reverse("diagnostics:enterprise", args=[enterprise.pk]),
        subject=enterprise.name,
    )


@scoped(perm=Perm.TESTS_VIEW)
def shift_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has, and who has not, a valid negative test before the shift starts."""
    shift = selectors.shift_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    check = selectors.shift_check(shift=shift)
    return render(
        request,
        "diagnostics/shift_detail.html",
        {
            "shift": shift,
            "check": check,
            "missing": [row for row in check.rows if not row.cleared],
            "cleared": [row for row in check.rows if row.cleared],
        },
    )
