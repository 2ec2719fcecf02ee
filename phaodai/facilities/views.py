from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.htmx import render_page
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.facilities import selectors, services
from phaodai.facilities.forms import AdmitForm, CloseForm, DischargeForm, FacilityForm
from phaodai.facilities.models import Facility, FacilityKind, FacilityPurpose, StayPurpose
from phaodai.people.selectors import person_get

PAGE_SIZE = 25
MOVEMENT_DAYS = 14


@scoped(perm=Perm.FACILITIES_VIEW)
def facility_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    kind = request.GET.get("loai", "")
    kind = kind if kind in FacilityKind.values else ""
    facilities = selectors.facility_list(jurisdiction=access.jurisdiction, kind=kind or None)
    page = CappedPaginator(facilities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "facilities/facility_list.html",
        "results",
        {
            "page": page,
            "kind": kind,
            "kinds": FacilityKind.choices,
            "query_prefix": query_prefix(request),
            "can_manage": access.can(Perm.FACILITIES_MANAGE),
            "positives": list(selectors.positive_in_quarantine(jurisdiction=access.jurisdiction)[:50]),
        },
    )


@scoped(perm=Perm.FACILITIES_VIEW)
def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    facility = selectors.facility_get(jurisdiction=access.jurisdiction, pk=pk)
    stays = list(selectors.facility_stays(facility=facility))
    return render(
        request,
        "facilities/facility_detail.html",
        {
            "facility": facility,
            "stays": stays,
            "flagged": [stay for stay in stays if stay.positive_flagged_at is not None],
            "free_beds": max(facility.beds - facility.occupied, 0),  # type: ignore[attr-defined]
            "movements": selectors.facility_movements(
                facility=facility, days=MOVEMENT_DAYS, today=clock.today()
            ),
            "days": MOVEMENT_DAYS,
            "can_admit": access.can(Perm.FACILITIES_ADMIT),
            "can_manage": access.can(Perm.FACILITIES_MANAGE),
        },
    )


def _save(request: HttpRequest, form: FacilityForm, facility: Facility | None) -> HttpResponse | None:
    jurisdiction = access_for(request).jurisdiction
    try:
        if facility is None:
            saved = services.facility_create(
                actor=request.user, jurisdiction=jurisdiction, data=form.to_input()
            )
        else:
            saved = services.facility_update(
                actor=request.user, jurisdiction=jurisdiction, facility=facility, data=form.to_input()
            )
    except DomainError as error:
        form.add_domain_error(error)
        return None
    messages.success(request, _("Đã lưu cơ sở %(name)s.") % {"name": saved.name})
    return redirect("facilities:detail", pk=saved.pk)


@scoped(perm=Perm.FACILITIES_MANAGE)
def facility_create(request: HttpRequest) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    posted = request.method == "POST"
    form = FacilityForm(
        request.POST if posted else None, jurisdiction=jurisdiction, initial={"opened_on": clock.today()}
    )
    if posted and form.is_valid() and (response := _save(request, form, None)):
        return response
    return render(request, "facilities/facility_form.html", {"form": form, "facility": None})


@scoped(perm=Perm.FACILITIES_MANAGE)
def facility_edit(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    facility = selectors.facility_get(jurisdiction=jurisdiction, pk=pk)
    posted = request.method == "POST"
    form = FacilityForm(
        request.POST if posted else None,
        jurisdiction=jurisdiction,
        initial=FacilityForm.initial_from(facility),
    )
    if posted and form.is_valid() and (response := _save(request, form, facility)):
        return response
    return render(request, "facilities/facility_form.html", {"form": form, "facility": facility})


@scoped(perm=Perm.FACILITIES_MANAGE)
def facility_close(request: HttpRequest, pk: int) -> HttpResponse:
    facility = selectors.facility_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    posted = request.method == "POST"
    form = CloseForm(request.POST if posted else None, initial={"closed_on": clock.today()})
    if posted and form.is_valid():
        try:
            services.facility_close(
                actor=request.user, facility=facility, closed_on=form.cleaned_data["closed_on"]
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã đóng cửa cơ sở %(name)s.") % {"name": facility.name})
            return redirect("facilities:detail", pk=facility.pk)
    return render(request, "facilities/facility_close.html", {"form": form, "facility": facility})


def _admit(request: HttpRequest, form: AdmitForm, facility: Facility) -> HttpResponse | None:
    try:
        person = person_get(jurisdiction=access_for(request).jurisdiction, pk=form.cleaned_data["person"])
    except Http404:
        form.add_error(
            "person",
            _("Không có người mang mã %(id)s trong địa bàn bạn quản lý.")
            % {"id": form.cleaned_data["person"]},
        )
        return None
    try:
        services.stay_admit(
            actor=request.user,
            facility=facility,
            person=person,
            purpose=form.cleaned_data["purpose"],
            at=form.cleaned_data["admitted_at"],
        )
    except DomainError as error:
        form.add_domain_error(error)
        return None
    messages.success(
        request,
        _("Đã nhận %(name)s vào %(facility)s.") % {"name": person.full_name, "facility": facility.name},
    )
    return redirect("facilities:detail", pk=facility.pk)


def _default_purpose(facility: Facility) -> str:
    return StayPurpose.QUARANTINE if facility.purpose == FacilityPurpose.QUARANTINE else StayPurpose.ISOLATION


@scoped(perm=Perm.FACILITIES_ADMIT)
def stay_admit(request: HttpRequest, pk: int) -> HttpResponse:
    """Admit someone by their person id (``?nguoi=`` fills it in from a person's page)."""
    facility = selectors.facility_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    posted = request.method == "POST"
    initial: dict[str, Any] = {
        "person": request.GET.get("nguoi", "")[:12],
        "purpose": _default_purpose(facility),
        "admitted_at": clock.now().replace(second=0, microsecond=0),
    }
    form = AdmitForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid() and (response := _admit(request, form, facility)):
        return response
    return render(request, "facilities/stay_admit.html", {"form": form, "facility": facility})


@scoped(perm=Perm.FACILITIES_ADMIT)
def stay_discharge(request: HttpRequest, pk: int) -> HttpResponse:
    stay = selectors.stay_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    posted = request.method == "POST"
    form = DischargeForm(
        request.POST if posted else None,
        initial={"discharged_at": clock.now().replace(second=0, microsecond=0)},
    )
    if posted and form.is_valid():
        try:
            services.stay_discharge(
                actor=request.user,
                stay=stay,
                at=form.cleaned_data["discharged_at"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("%(name)s đã ra khỏi %(facility)s.")
                % {"name": stay.person.full_name, "facility": stay.facility.name},
            )
            return redirect("facilities:detail", pk=stay.facility_id)
    return render(request, "facilities/stay_discharge.html", {"form": form, "stay": stay})
