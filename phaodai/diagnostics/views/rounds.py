from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.diagnostics.forms import RoundForm
from phaodai.diagnostics.models import Round
from phaodai.diagnostics.selectors.rounds import round_get, round_list
from phaodai.diagnostics.services.rounds import RoundInput, round_create
from phaodai.diagnostics.views.common import form_page


@scoped(perm=Perm.TESTS_VIEW)
def round_index(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    return render(
        request,
        "diagnostics/round_list.html",
        {
            "rounds": list(round_list(jurisdiction=access.jurisdiction)[:100]),
            "today": clock.today(),
            "can_manage": access.can(Perm.TESTING_MANAGE),
        },
    )


@scoped(perm=Perm.TESTS_VIEW)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    return render(request, "diagnostics/round_detail.html", {"round": round_, "today": clock.today()})


@scoped(perm=Perm.TESTING_MANAGE)
def round_new(request: HttpRequest) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    initial = {"starts_on": clock.today(), "due_on": clock.today()}
    form = RoundForm(request.POST or None, jurisdiction=jurisdiction, initial=initial)

    def save() -> Round:
        data = RoundInput(**{**form.cleaned_data, "areas": list(form.cleaned_data["areas"])})
        return round_create(actor=request.user, jurisdiction=jurisdiction, data=data)

    return form_page(
        request,
        form,
        save=save,
        done=lambda round_: _("Đã lập đợt %(name)s.") % {"name": round_.name},
        then=lambda round_: reverse("diagnostics:round", args=[round_.pk]),
        title=_("Lập đợt xét nghiệm"),
        back=reverse("diagnostics:rounds"),
    )
