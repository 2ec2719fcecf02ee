import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.diagnostics.forms import LabForm, PoolForm, PoolResultForm
from phaodai.diagnostics.reference import PoolStatus
from phaodai.diagnostics.selectors import samples as selectors
from phaodai.diagnostics.selectors.turnaround import lab_turnaround
from phaodai.diagnostics.services.labs import lab_create
from phaodai.diagnostics.services.pools import pool_create, pool_result
from phaodai.diagnostics.views.common import form_page, saved

TURNAROUND_DAYS = 14


@scoped(perm=Perm.TESTS_VIEW)
def pool_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    return render(
        request,
        "diagnostics/pool_list.html",
        {
            "pools": list(selectors.pool_list(jurisdiction=access.jurisdiction)[:100]),
            "can_record": access.can(Perm.TESTS_RECORD),
        },
    )


@scoped(perm=Perm.TESTS_RECORD)
def pool_new(request: HttpRequest) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    form = PoolForm(request.POST or None, jurisdiction=jurisdiction)
    return form_page(
        request,
        form,
        save=lambda: pool_create(actor=request.user, jurisdiction=jurisdiction, **form.cleaned_data),
        done=lambda pool: _("Đã mở ống mẫu gộp %(code)s.") % {"code": pool.code},
        then=lambda pool: reverse("diagnostics:pool", args=[pool.pk]),
        title=_("Mở ống mẫu gộp"),
        back=reverse("diagnostics:pools"),
    )


def _pool_page(request: HttpRequest, pool: Any, form: PoolResultForm) -> HttpResponse:
    members = list(selectors.pool_members(jurisdiction=access_for(request).jurisdiction, pool=pool))
    return render(
        request,
        "diagnostics/pool_detail.html",
        {
            "pool": pool,
            "members": members,
            "retests": [s for s in members if not s.resulted] if pool.status == PoolStatus.RETEST else [],
            "form": form,
            "can_record": access_for(request).can(Perm.TESTS_RECORD),
        },
    )


@scoped(perm=Perm.TESTS_VIEW)
def pool_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pool = selectors.pool_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    initial = {"resulted_at": clock.now().replace(second=0, microsecond=0)}
    return _pool_page(request, pool, PoolResultForm(initial=initial))


@scoped(perm=Perm.TESTS_RECORD)
def pool_result_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter a pool's result (the form sits on the pool's page)."""
    jurisdiction = access_for(request).jurisdiction
    pool = selectors.pool_get(jurisdiction=jurisdiction, pk=pk)
    form = PoolResultForm(request.POST or None)
    done = saved(
        request,
        form,
        lambda: pool_result(actor=request.user, jurisdiction=jurisdiction, pool=pool, **form.cleaned_data),
        lambda _pool: _("Đã nhập kết quả ống %(code)s.") % {"code": pool.code},
    )
    if done is not None or request.method != "POST":
        return redirect("diagnostics:pool", pk=pool.pk)
    return _pool_page(request, pool, form)


@scoped(perm=Perm.TESTS_VIEW)
def turnaround(request: HttpRequest) -> HttpResponse:
    """Hours from swab to result per lab over the last two weeks."""
    access = access_for(request)
    until = clock.today()
    since = until - dt.timedelta(days=TURNAROUND_DAYS - 1)
    return render(
        request,
        "diagnostics/turnaround.html",
        {
            "rows": lab_turnaround(jurisdiction=access.jurisdiction, since=since, until=until),
            "since": since,
            "until": until,
            "can_manage": access.can(Perm.TESTING_MANAGE),
        },
    )


@scoped(perm=Perm.TESTING_MANAGE)
def lab_new(request: HttpRequest) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    form = LabForm(request.POST or None, jurisdiction=jurisdiction)
    return form_page(
        request,
        form,
        save=lambda: lab_create(actor=request.user, jurisdiction=jurisdiction, **form.cleaned_data),
        done=lambda lab: _("Đã thêm %(name)s.") % {"name": lab.name},
        then=lambda _lab: reverse("diagnostics:turnaround"),
        title=_("Thêm phòng xét nghiệm"),
        back=reverse("diagnostics:turnaround"),
    )
