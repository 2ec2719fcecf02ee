"""Pages where a health lead registers freight transport for a company (the company, its vehicles and
crew, and each vehicle's route), corrects it and retires it (thin: reads scoped to the caller's area,
writes through `transport`)."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phaodai.checkpoints import selectors, transport
from phaodai.checkpoints.forms import CompanyForm, CrewForm, RetireForm, RouteForm, VehicleForm
from phaodai.checkpoints.models import TransportCompany
from phaodai.checkpoints.views import _posted, _saved
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
    registered = {"vehicles": Q(vehicles__retired_on__isnull=True), "crew": Q(crew__retired_on__isnull=True)}
    companies = _companies(access_for(request).jurisdiction).annotate(
        vehicle_count=Count("vehicles", filter=registered["vehicles"], distinct=True),
        crew_count=Count("crew", filter=registered["crew"], distinct=True),
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
        "today": clock.today(),
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
    return _edit_page(request, form, save, company, title, done)


def _edit_page(
    request: HttpRequest,
    form: DomainErrorsForm,
    save: Callable[[], Any],
    company: TransportCompany,
    title: str,
    done: str = "",
) -> HttpResponse:
    """The company's form page; saved, back to the company."""
    result = _form_page(
        request, form, save, done or _("Đã lưu thay đổi."), {"title": title, "company": company}
    )
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


def _route_plan(form: RouteForm) -> transport.RoutePlan:
    data = dict(form.cleaned_data)
    codes = [code for code in data.pop("stops").replace(";", ",").split(",") if code.strip()]
    return transport.RoutePlan(
        vehicle=data.pop("vehicle"),
        crew=list(data.pop("crew")),
        checkpoints=list(data.pop("checkpoints")),
        origin=_unit(data.pop("origin"), "origin"),
        destination=_unit(data.pop("destination"), "destination"),
        stops=[_unit(code, "stops") for code in codes],
        **data,
    )


def _route_form(request: HttpRequest, company: TransportCompany, initial: dict[str, Any]) -> RouteForm:
    checkpoints = selectors.checkpoint_list(jurisdiction=access_for(request).jurisdiction)
    vehicles, crew = selectors.company_fleet(company=company)
    return RouteForm(
        request.POST or None,
        vehicles=vehicles,
        crew=crew,
        checkpoints=checkpoints,
        transshipments=checkpoints.filter(transshipment=True),
        initial=initial,
    )


@scoped(perm=Perm.TRANSPORT_MANAGE)
def route_new(request: HttpRequest, pk: int) -> HttpResponse:
    company = _company(request, pk)
    form = _route_form(request, company, {"valid_from": clock.today()})
    context: dict[str, Any] = {"title": _("Đăng ký lộ trình"), "company": company}
    vehicles, crew = selectors.company_fleet(company=company)
    if not (vehicles.exists() and crew.exists()):
        context["hint"] = _("Thêm xe và lái xe của doanh nghiệp trước khi đăng ký lộ trình.")
    save = lambda: transport.route_register(actor=request.user, **vars(_route_plan(form)))  # noqa: E731
    result = _form_page(request, form, save, _("Đã đăng ký lộ trình."), context)
    if isinstance(result, HttpResponse):
        return result
    return redirect("checkpoints:company", pk=company.pk)


# --- Corrections and retirements --------------------------------------------------------------------


@scoped(perm=Perm.TRANSPORT_MANAGE)
def company_edit(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    company = _company(request, pk)
    initial = {
        "name": company.name,
        "unit": company.unit_id,
        "tax_code": company.tax_code,
        "phone": company.phone,
    }
    units = placeable_units(jurisdiction=jurisdiction).select_related("parent")
    form = CompanyForm(request.POST or None, units=units, initial=initial)
    save = lambda: transport.company_update(  # noqa: E731
        actor=request.user, jurisdiction=jurisdiction, company=company, **form.cleaned_data
    )
    return _edit_page(request, form, save, company, _("Sửa đăng ký doanh nghiệp"))


@scoped(perm=Perm.TRANSPORT_MANAGE)
def vehicle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    vehicle = selectors.vehicle_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    form = VehicleForm(
        request.POST or None, initial={"plate": vehicle.plate, "description": vehicle.description}
    )
    save = lambda: transport.vehicle_update(actor=request.user, vehicle=vehicle, **form.cleaned_data)  # noqa: E731
    return _edit_page(
        request, form, save, vehicle.company, _("Sửa đăng ký xe %(plate)s") % {"plate": vehicle.plate}
    )


@scoped(perm=Perm.TRANSPORT_MANAGE)
def crew_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.crew_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    fields = ("role", "full_name", "national_id", "phone")
    form = CrewForm(request.POST or None, initial={name: getattr(member, name) for name in fields})
    save = lambda: transport.crew_update(actor=request.user, member=member, **form.cleaned_data)  # noqa: E731
    return _edit_page(
        request, form, save, member.company, _("Sửa đăng ký %(name)s") % {"name": member.full_name}
    )


@scoped(perm=Perm.TRANSPORT_MANAGE)
def route_edit(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    company = route.vehicle.company
    initial = {
        "vehicle": route.vehicle_id,
        "crew": [member.pk for member in route.crew.all()],
        "origin": route.origin.code,
        "destination": route.destination.code,
        "stops": ", ".join(stop.code for stop in route.stops.all()),
        "checkpoints": [checkpoint.pk for checkpoint in route.checkpoints.all()],
        "transshipment": route.transshipment_id,
        "allowed_stop_minutes": route.allowed_stop_minutes,
        "valid_from": route.valid_from,
        "valid_to": route.valid_to,
    }
    form = _route_form(request, company, initial)
    save = lambda: transport.route_update(actor=request.user, route=route, plan=_route_plan(form))  # noqa: E731
    return _edit_page(
        request, form, save, company, _("Sửa lộ trình xe %(plate)s") % {"plate": route.vehicle.plate}
    )


def _retire(
    request: HttpRequest, company: TransportCompany, retire: Callable[..., Any], done: str
) -> HttpResponse:
    form = RetireForm(request.POST)
    save = lambda: retire(actor=request.user, **form.cleaned_data)  # noqa: E731
    return _posted(request, form, save, done, "checkpoints:company", pk=company.pk)


@require_POST
@scoped(perm=Perm.TRANSPORT_MANAGE)
def company_retire(request: HttpRequest, pk: int) -> HttpResponse:
    company = _company(request, pk)
    retire = partial(transport.company_retire, company=company)
    return _retire(request, company, retire, _("Doanh nghiệp đã ngừng đăng ký vận tải."))


@require_POST
@scoped(perm=Perm.TRANSPORT_MANAGE)
def vehicle_retire(request: HttpRequest, pk: int) -> HttpResponse:
    vehicle = selectors.vehicle_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    retire = partial(transport.vehicle_retire, vehicle=vehicle)
    return _retire(request, vehicle.company, retire, _("Xe đã ngừng đăng ký."))


@require_POST
@scoped(perm=Perm.TRANSPORT_MANAGE)
def crew_retire(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.crew_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    retire = partial(transport.crew_retire, member=member)
    return _retire(request, member.company, retire, _("Lái xe, phụ xe đã ngừng đăng ký."))


@require_POST
@scoped(perm=Perm.TRANSPORT_MANAGE)
def route_retire(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    retire = partial(transport.route_retire, route=route)
    return _retire(request, route.vehicle.company, retire, _("Lộ trình đã huỷ."))
