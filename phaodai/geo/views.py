from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.geo import selectors, services
from phaodai.geo.models import UnitLevel


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
