from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.htmx import render_page
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.diagnostics.forms import ResultForm, SampleForm, SelfTestForm
from phaodai.diagnostics.models import Result, Sample
from phaodai.diagnostics.reference import SampleKind
from phaodai.diagnostics.selectors import samples as selectors
from phaodai.diagnostics.services.samples import SampleInput, result_record, sample_take, self_test_report
from phaodai.diagnostics.views.common import form_page, person_named, saved

PAGE_SIZE = 25
SAMPLE_FIELDS = ("kind", "reason", "taken_at", "lab", "pool", "round", "kit")
SELF_TEST_FIELDS = ("reason", "taken_at", "reporter", "reporter_name", "reporter_phone")


def _now() -> Any:
    return clock.now().replace(second=0, microsecond=0)


def _initial(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    """``?nguoi=`` fills in the person (the link from a person's page)."""
    return {"person": request.GET.get("nguoi", "")[:12], "taken_at": _now(), **extra}


def _input(request: HttpRequest, data: dict[str, Any], fields: tuple[str, ...], **extra: Any) -> SampleInput:
    return SampleInput(person=person_named(request, data["person"]), **{k: data[k] for k in fields}, **extra)


@scoped(perm=Perm.TESTS_VIEW)
def sample_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    kind = request.GET.get("loai", "")
    kind = kind if kind in SampleKind.values else ""
    waiting = request.GET.get("cho") == "1"
    rows = selectors.sample_list(jurisdiction=access.jurisdiction, kind=kind or None, waiting=waiting)
    return render_page(
        request,
        "diagnostics/sample_list.html",
        "results",
        {
            "page": CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "kind": kind,
            "kinds": SampleKind.choices,
            "waiting": waiting,
            "query_prefix": query_prefix(request),
            "can_record": access.can(Perm.TESTS_RECORD),
        },
    )


@scoped(perm=Perm.TESTS_RECORD)
def sample_create(request: HttpRequest) -> HttpResponse:
    """Record a swab taken by staff; a rapid test takes its kit off the commune's shelf."""
    jurisdiction = access_for(request).jurisdiction
    initial = _initial(request, kind=SampleKind.RAT_STAFF)
    form = SampleForm(request.POST or None, jurisdiction=jurisdiction, initial=initial)

    def save() -> Sample:
        data = _input(request, form.cleaned_data, SAMPLE_FIELDS)
        return sample_take(actor=request.user, jurisdiction=jurisdiction, data=data)

    return form_page(
        request,
        form,
        save=save,
        done=lambda sample: _("Đã ghi nhận mẫu của %(name)s.") % {"name": sample.person.full_name},
        then=lambda sample: reverse("diagnostics:sample", args=[sample.pk]),
        title=_("Lấy mẫu xét nghiệm"),
        back=reverse("diagnostics:samples"),
    )


@scoped(perm=Perm.TESTS_RECORD)
def self_test_create(request: HttpRequest) -> HttpResponse:
    """A self-test and its reading, reported by the person or someone for them."""
    jurisdiction = access_for(request).jurisdiction
    form = SelfTestForm(request.POST or None, initial=_initial(request))

    def save() -> Result:
        data = _input(request, form.cleaned_data, SELF_TEST_FIELDS, kind=SampleKind.RAT_SELF)
        outcome = form.cleaned_data["outcome"]
        return self_test_report(actor=request.user, jurisdiction=jurisdiction, data=data, outcome=outcome)

    return form_page(
        request,
        form,
        save=save,
        done=lambda result: (
            _("Đã ghi nhận kết quả tự test của %(name)s.") % {"name": result.sample.person.full_name}
        ),
        then=lambda result: reverse("diagnostics:sample", args=[result.sample_id]),
        title=_("Báo kết quả tự test nhanh"),
        back=reverse("diagnostics:samples"),
    )


def _detail(request: HttpRequest, sample: Sample, form: ResultForm) -> HttpResponse:
    return render(
        request,
        "diagnostics/sample_detail.html",
        {
            "sample": sample,
            "result": getattr(sample, "result", None),
            "form": form,
            "can_record": access_for(request).can(Perm.TESTS_RECORD),
        },
    )


def _result_form(request: HttpRequest, sample: Sample) -> ResultForm:
    initial = {"resulted_at": _now(), "lab": sample.lab_id}
    return ResultForm(request.POST or None, jurisdiction=access_for(request).jurisdiction, initial=initial)


@scoped(perm=Perm.TESTS_VIEW)
def sample_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sample = selectors.sample_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    return _detail(request, sample, _result_form(request, sample))


@scoped(perm=Perm.TESTS_RECORD)
def result_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter a sample's result (the form sits on the sample's page)."""
    jurisdiction = access_for(request).jurisdiction
    sample = selectors.sample_get(jurisdiction=jurisdiction, pk=pk)
    form = _result_form(request, sample)
    done = saved(
        request,
        form,
        lambda: result_record(
            actor=request.user, jurisdiction=jurisdiction, sample=sample, **form.cleaned_data
        ),
        lambda _result: _("Đã nhập kết quả."),
    )
    if done is not None or request.method != "POST":
        return redirect("diagnostics:sample", pk=sample.pk)
    return _detail(request, sample, form)
