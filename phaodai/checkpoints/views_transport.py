"""Pages where a health lead registers freight transport for a company: the company, its vehicles and
crew, and each vehicle's route (thin: reads scoped to the caller's area, writes through `transport`)."""

from collections.abc import Callable
from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from phaodai.checkpoints import selectors, transport
from phaodai.checkpoints.forms import CompanyForm, CrewForm, RouteForm, VehicleForm
from phaodai.checkpoints.models import TransportCompany
from phaodai.checkpoints.views import _saved
from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit
from phaodai.geo.selectors import placeable_units
from phaodai.people.forms import DomainErrorsForm

INVALID = 400


def _companies(jurisdiction: Jurisdiction) -> QuerySet[TransportCompany]:
    return selectors.company_list(jurisdiction=jurisdiction)


def _company(request: HttpRequest, pk: int) -> TransportCompany:
    return selectors.company_get(jurisdiction=access_for(request).jurisdiction, pk=pk)


def _form_page(
    request: HttpRequest, form: DomainErrorsForm, save: Callable[[], Any], done: str, context: dict[str, Any]
) -> Any:
    """Save a valid posted form through its service; else the page again, 400 with the reasons when
    something was posted."""
    if (result := _saved(request, form, save, done)) is not None:
        return result
    status = INVALID if request.method == "POST" else 200
    return render(request, "checkpoints/transport_form.html", {"form": form, **context}, status=status)


@scoped(perm=Perm.TRANSPORT_MANAGE)
def company_index(request: HttpRequest) -> HttpResponse:
    companies = _companies(access_for(request).jurisdiction).annotate(
        vehicle_count=Count("vehicles", distinct=True), crew_count=Count("crew", distinct=True)
    )
    return render(request, "checkpoints/company_list.html", {"companies": companies[:300]})


@scoped(perm=Perm.TRANSPORT_MANAGE)
def company_new(request: HttpRequest) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    form = CompanyForm(
        request.POST or None, units=placeable_units(jurisdiction=jurisdiction).select_related("parent")
    )
    save = lambda: transport.company_create(  # noqa: E731
        actor=request.user, jurisdiction=jurisdiction, **form.cleaned_data
    )
    result = _form_page(
        request,
        form,
        save,
        _("Đã đăng ký doanh nghiệp vận tải."),
        {"title": _("Đăng ký doanh nghiệp vận tải")},
    )
    if isinstance(result, TransportCompany):
        return redirect("checkpoints:company", pk=result.pk)
    return result


@scoped(perm=Perm.TRANSPORT_MANAGE)
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    company = _company(request, pk)
    routes = selectors.route_list(jurisdiction=access_for(request).jurisdiction).filter(
        vehicle__company=company
    )
    context = {
        "company": company,
        "vehicles": company.vehicles.order_by("plate"),
        "crew": company.crew.order_by("role", "full_name"),
        "routes": routes[:200],
    }
    return render(request, "checkpoints/company.html", context)


def _company_form(
    request: HttpRequest,
    pk: int,
    form_class: type[DomainErrorsForm],
    write: Callable[..., Any],
    done: str,
    title: str,
) -> HttpResponse:
    company = _company(request, pk)
    form = form_class(request.POST or None)
    save = lambda: write(actor=request.user, company=company, **form.cleaned_data)  # noqa: E731
    result = _form_page(request, form, save, done, {"title": title, "company": company})
    if isinstance(result, HttpResponse):
        return result
    return redirect("checkpoints:company", pk=company.pk)


@scoped(perm=Perm.TRANSPORT_MANAGE)
def vehicle_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _company_form(
        request, pk, VehicleForm, transport.vehicle_register, _("Đã đăng ký xe."), _("Thêm xe")
    )


@scoped(perm=Perm.TRANSPORT_MANAGE)
def crew_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _company_form(
        request,
        pk,
        CrewForm,
        transport.crew_register,
        _("Đã đăng ký lái xe, phụ xe."),
        _("Thêm lái xe, phụ xe"),
    )


def _unit(code: str, field: str) -> AdminUnit:
    unit = selectors.unit_by_code(code)
    if unit is None:
        raise DomainError(_("Không có đơn vị mã «%(code)s».") % {"code": code.strip()}, field=field)
    return unit


def _route_save(request: HttpRequest, form: RouteForm) -> Any:
    data = dict(form.cleaned_data)
    codes = [code for code in data.pop("stops").replace(";", ",").split(",") if code.strip()]
    return transport.route_register(
        actor=request.user,
        vehicle=data.pop("vehicle"),
        crew=list(data.pop("crew")),
        checkpoints=list(data.pop("checkpoints")),
        origin=_unit(data.pop("origin"), "origin"),
        destination=_unit(data.pop("destination"), "destination"),
        stops=[_unit(code, "stops") for code in codes],
        **data,
    )


@scoped(perm=Perm.TRANSPORT_MANAGE)
def route_new(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    company = _company(request, pk)
    checkpoints = selectors.checkpoint_list(jurisdiction=jurisdiction)
    fleet = selectors.company_fleet(company=company)
    form = RouteForm(
        request.POST or None,
        vehicles=fleet[0],
        crew=fleet[1],
        checkpoints=checkpoints,
        transshipments=checkpoints.filter(transshipment=True),
        initial={"valid_from": clock.today()},
    )
    context: dict[str, Any] = {"title": _("Đăng ký lộ trình"), "company": company}
    if not (company.vehicles.exists() and company.crew.exists()):
        context["hint"] = _("Thêm xe và lái xe của doanh nghiệp trước khi đăng ký lộ trình.")
    result = _form_page(request, form, lambda: _route_save(request, form), _("Đã đăng ký lộ trình."), context)
    if isinstance(result, HttpResponse):
        return result
    return redirect("checkpoints:company", pk=company.pk)
