import csv

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.htmx import render_page
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.core.text import is_digits
from phaodai.geo import placement, selectors, services
from phaodai.geo.models import UnitLevel

UNPLACED_PAGE_SIZE = 50
IMPORTS_PAGE_SIZE = 20


@scoped(perm=Perm.UNITS_VIEW)
def unit_browse(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Drill down the unit tree of the user's jurisdiction, with population per unit."""
    access = access_for(request)
    jurisdiction = access.jurisdiction
    unit = selectors.unit_get(jurisdiction=jurisdiction, pk=pk) if pk is not None else None
    if unit is None:
        children = list(selectors.top_units(jurisdiction=jurisdiction))
        population: dict[str, int] = {}
    else:
        children = list(selectors.unit_list(jurisdiction=jurisdiction, parent_id=unit.pk))
        population = selectors.population_by_child(
            jurisdiction=jurisdiction, parent=unit, year=clock.today().year
        )
    rows = [(child, population.get(child.path)) for child in children]
    return render(
        request,
        "geo/unit_browse.html",
        {
            "unit": unit,
            "rows": rows,
            "can_add_village": unit is not None
            and unit.level == UnitLevel.COMMUNE
            and access.can(Perm.UNITS_MANAGE),
            "can_import_population": access.can(Perm.UNITS_MANAGE),
        },
    )


@scoped(perm=Perm.UNITS_MANAGE)
def village_create(request: HttpRequest, pk: int) -> HttpResponse:
    commune = selectors.unit_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    if request.method == "POST":
        try:
            services.village_create(actor=request.user, commune=commune, name=request.POST.get("name", ""))
        except DomainError as error:
            return render(
                request,
                "geo/village_form.html",
                {"commune": commune, "error": error.message, "name": request.POST.get("name", "")},
            )
        return redirect("geo:unit", pk=commune.pk)
    return render(request, "geo/village_form.html", {"commune": commune, "error": "", "name": ""})


def _unplaced_page(request: HttpRequest, *, failed: int | None = None, error: str = "") -> HttpResponse:
    """The list; after a refused POST, the error sits next to the row ``failed`` with its choice kept."""
    jurisdiction = access_for(request).jurisdiction
    rows = selectors.unplaced_rows(jurisdiction=jurisdiction)
    page = CappedPaginator(rows, UNPLACED_PAGE_SIZE).get_page(request.GET.get("page"))
    items = selectors.unplaced_items(jurisdiction=jurisdiction, rows=list(page.object_list))
    if error and failed not in {item.row.pk for item in items}:  # e.g. resolved meanwhile: say it on top
        messages.error(request, error)
    chosen = request.POST.get("unit", "")
    return render(
        request,
        "geo/unplaced_list.html",
        {
            "page": page,
            "rows": [(item, error, chosen) if item.row.pk == failed else (item, "", "") for item in items],
            "query_prefix": query_prefix(request),
        },
    )


@scoped(perm=Perm.UNITS_MANAGE)
def unplaced_list(request: HttpRequest) -> HttpResponse:
    """Rows the map switch left at a new province (their commune was split), with a commune to pick."""
    return _unplaced_page(request)


@scoped(perm=Perm.UNITS_MANAGE)
def unplaced_assign(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":  # e.g. switching language on a re-rendered error: back to the list
        return redirect("geo:unplaced")
    jurisdiction = access_for(request).jurisdiction
    row = selectors.unplaced_get(jurisdiction=jurisdiction, pk=pk)
    unit = selectors.unit_find(jurisdiction=jurisdiction, pk=request.POST.get("unit", ""))
    try:
        if unit is None:
            raise DomainError(_("Hãy chọn một xã/phường trong danh sách."), field="unit")
        placement.unplaced_assign(actor=request.user, row=row, unit=unit)
    except DomainError as error:
        return _unplaced_page(request, failed=row.pk, error=error.message)
    messages.success(request, _("Đã gán vào %(unit)s.") % {"unit": unit.name})
    page = request.GET.get("page", "")
    return redirect(reverse("geo:unplaced") + (f"?page={page}" if is_digits(page) else ""))


@scoped(perm=Perm.UNITS_MANAGE)
def population_imports(request: HttpRequest) -> HttpResponse:
    """Upload a population CSV (imported in the background) and follow the recent uploads."""
    jurisdiction = access_for(request).jurisdiction
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        choice = request.POST.get("unit", "")
        unit = selectors.unit_find(jurisdiction=jurisdiction, pk=choice) if choice else None
        try:
            if choice and unit is None:
                raise DomainError(_("Hãy chọn địa bàn trong danh sách."), field="unit")
            upload = services.population_import_start(
                actor=request.user, jurisdiction=jurisdiction, file=request.FILES.get("file"), unit=unit
            )
        except DomainError as error:
            errors = error.errors
        else:
            return redirect("geo:population_import", pk=upload.pk)
    imports = selectors.population_imports(jurisdiction=jurisdiction)
    return render(
        request,
        "geo/population_imports.html",
        {
            "page": CappedPaginator(imports, IMPORTS_PAGE_SIZE).get_page(request.GET.get("page")),
            "query_prefix": query_prefix(request),
            "places": list(selectors.top_units(jurisdiction=jurisdiction)),
            "chosen": request.POST.get("unit", ""),
            "errors": errors,
            "max_mb": services.POPULATION_IMPORT_MAX_BYTES // (1024 * 1024),
        },
    )


@scoped(perm=Perm.UNITS_MANAGE)
def population_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One upload's status and errors; htmx polls the status part until the job has finished."""
    upload = selectors.population_import_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    return render_page(request, "geo/population_import.html", "status", {"upload": upload})


@scoped(perm=Perm.UNITS_MANAGE)
def population_import_template(request: HttpRequest) -> HttpResponse:
    """An empty CSV with the headers the import expects (with a BOM, so spreadsheets read UTF-8)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mau-dan-so.csv"'
    response.write("\ufeff")
    csv.writer(response).writerow(services.POPULATION_CSV_HEADERS)
    return response
