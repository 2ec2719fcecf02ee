"""Vaccination pages: a person's doses and dose entry, coverage and targets, sweep lists, sessions, and
vaccine lots nearing expiry. Thin: selectors read, services write."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.htmx import render_page
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.geo.models import AdminUnit, AgeBand, UnitLevel
from phaodai.geo.selectors import unit_find, unit_list, unit_or_top
from phaodai.people.selectors import person_get
from phaodai.vaccination import coverage, selectors, services
from phaodai.vaccination.bundle import bundle_for
from phaodai.vaccination.checks import DoseInput
from phaodai.vaccination.exports import sweep_csv
from phaodai.vaccination.forms import ContraindicationForm, DoseForm, SessionForm
from phaodai.vaccination.pages import dose_initial, verdict
from phaodai.vaccination.sweep import sweep_list

PAGE_SIZE = 50


def _chosen_unit(request: HttpRequest, param: str = "don-vi") -> AdminUnit:
    """The unit named in the query string if it is in the caller's area, else their top unit (404: none)."""
    unit = unit_or_top(jurisdiction=access_for(request).jurisdiction, pk=request.GET.get(param, ""))
    if unit is None:
        raise Http404
    return unit


def _dose_form(request: HttpRequest, data: Any = None, initial: Any = None) -> DoseForm:
    jurisdiction, today = access_for(request).jurisdiction, clock.today()
    products = bundle_for(on=today, unit_path="").catalogue
    return DoseForm(data, initial=initial, jurisdiction=jurisdiction, products=products, on=today)


def _person_page(request: HttpRequest, pk: int, bound: dict[str, Any] | None = None) -> HttpResponse:
    """The person page; ``bound`` holds a refused form to show again (``dose_form``/``contra_form``)."""
    bound = bound or {}
    access, today = access_for(request), clock.today()
    person = person_get(jurisdiction=access.jurisdiction, pk=pk)
    doses = list(selectors.person_doses(person=person))
    status = selectors.status_of(person=person)
    context = {
        "person": person,
        "doses": doses,
        "status": status,
        "verdict": verdict(person, doses, today),
        "contraindications": selectors.active_contraindications(person=person, on=today),
        "dose_form": bound.get("dose_form") or _dose_form(request, initial=dose_initial(status, today)),
        "contra_form": bound.get("contra_form") or ContraindicationForm(),
        "can_record": access.can(Perm.VACCINATION_RECORD),
        "today": today,
    }
    return render(request, "vaccination/person.html", context)


@scoped(perm=Perm.VACCINATION_VIEW)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_page(request, pk)


def _person_post(
    request: HttpRequest, pk: int, form: DoseForm | ContraindicationForm, save: Callable[..., str], slot: str
) -> HttpResponse:
    """POST-redirect-GET for a form on the person page: ``save(person, jurisdiction, cleaned)`` writes
    and returns the message; a refusal shows the page again with the reasons on the fields."""
    jurisdiction = access_for(request).jurisdiction
    subject = person_get(jurisdiction=jurisdiction, pk=pk)
    if request.method != "POST":
        return redirect("vaccination:person", pk=pk)
    if form.is_valid():
        try:
            done = save(subject, jurisdiction, form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, done)
            return redirect("vaccination:person", pk=pk)
    return _person_page(request, pk, {slot: form})


@scoped(perm=Perm.VACCINATION_RECORD)
def dose_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(subject: Any, jurisdiction: Any, cleaned: dict[str, Any]) -> str:
        data = DoseInput(person=subject, **cleaned)
        dose = services.dose_record(actor=request.user, jurisdiction=jurisdiction, data=data)
        return _("Đã ghi mũi %(n)s.") % {"n": dose.number}

    return _person_post(request, pk, _dose_form(request, data=request.POST or None), save, "dose_form")


@scoped(perm=Perm.VACCINATION_RECORD)
def contraindication_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(subject: Any, jurisdiction: Any, cleaned: dict[str, Any]) -> str:
        services.contraindication_record(
            actor=request.user, jurisdiction=jurisdiction, person=subject, **cleaned
        )
        return _("Đã ghi chống chỉ định.")

    return _person_post(request, pk, ContraindicationForm(request.POST or None), save, "contra_form")


def _trail(unit: AdminUnit, request: HttpRequest) -> list[AdminUnit]:
    """The unit and its ancestors inside the caller's area, top first (for the breadcrumb)."""
    jurisdiction, trail = access_for(request).jurisdiction, []
    current: AdminUnit | None = unit
    while current is not None and jurisdiction.contains(current.path):
        trail.append(current)
        current = current.parent
    return trail[::-1]


@scoped(perm=Perm.VACCINATION_VIEW)
def coverage_page(request: HttpRequest) -> HttpResponse:
    jurisdiction, today = access_for(request).jurisdiction, clock.today()
    parent = _chosen_unit(request)
    rows = coverage.coverage_by_child(jurisdiction=jurisdiction, parent=parent, on=today)
    rule, targets = coverage.targets_in_force(on=today, unit_path=parent.path)
    context = {
        "parent": parent,
        "trail": _trail(parent, request),
        "table": [(row, [coverage.progress(row, t, today) for t in targets]) for row in rows],
        "bands": AgeBand.choices,
        "drillable": parent.level < UnitLevel.COMMUNE,
        "targets": targets,
        "target_rule": rule,
        "today": today,
    }
    return render_page(request, "vaccination/coverage.html", "results", context)


@scoped(perm=Perm.VACCINATION_VIEW)
def targets_page(request: HttpRequest) -> HttpResponse:
    jurisdiction, today = access_for(request).jurisdiction, clock.today()
    parent = _chosen_unit(request)
    rows = coverage.coverage_by_level(
        jurisdiction=jurisdiction, parent=parent, level=UnitLevel.COMMUNE, on=today
    )
    rule, targets = coverage.targets_in_force(on=today, unit_path=parent.path)
    table = [(row, [coverage.progress(row, target, today) for target in targets]) for row in rows]
    context = {"parent": parent, "trail": _trail(parent, request), "targets": targets, "target_rule": rule,
               "table": table, "today": today}  # fmt: skip
    return render(request, "vaccination/targets.html", context)


def _communes(request: HttpRequest) -> Any:
    return unit_list(jurisdiction=access_for(request).jurisdiction, level=UnitLevel.COMMUNE)


def _sweep_commune(request: HttpRequest) -> AdminUnit | None:
    unit = unit_find(jurisdiction=access_for(request).jurisdiction, pk=request.GET.get("xa", ""))
    return unit if unit is not None and unit.level == UnitLevel.COMMUNE else None


@scoped(perm=Perm.VACCINATION_VIEW)
def sweep(request: HttpRequest) -> HttpResponse:
    commune, context = _sweep_commune(request), {}
    if commune is not None:
        found = sweep_list(jurisdiction=access_for(request).jurisdiction, commune=commune, on=clock.today())
        page = CappedPaginator(found.persons, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"sweep": found, "page": page, "query_prefix": query_prefix(request)}
    context |= {"commune": commune, "communes": _communes(request)[:2000],
                "can_export": access_for(request).can(Perm.PEOPLE_EXPORT)}  # fmt: skip
    return render_page(request, "vaccination/sweep.html", "results", context)


@scoped(perm=Perm.PEOPLE_EXPORT)
def sweep_export(request: HttpRequest) -> StreamingHttpResponse:
    """The whole sweep list of a commune as CSV, streamed, for the teams going door to door."""
    commune = _sweep_commune(request)
    if commune is None:
        raise Http404
    access = access_for(request)
    found = sweep_list(jurisdiction=access.jurisdiction, commune=commune, on=clock.today())
    services.sweep_export(actor=request.user, commune=commune, rows=found.persons.count())
    rows = sweep_csv(
        found, found.persons.iterator(chunk_size=2000), masked=not access.can(Perm.IDENTIFIERS_EXPORT)
    )
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ra-soat-tiem-chung-{commune.code}.csv"'
    return response


@scoped(perm=Perm.VACCINATION_VIEW)
def sessions(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    rows = selectors.session_list(jurisdiction=access.jurisdiction)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query_prefix": query_prefix(request),
               "can_manage": access.can(Perm.VACCINATION_MANAGE)}  # fmt: skip
    return render_page(request, "vaccination/sessions.html", "results", context)


@scoped(perm=Perm.VACCINATION_MANAGE)
def session_add(request: HttpRequest) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    posted = request.method == "POST"
    form = SessionForm(request.POST if posted else None, jurisdiction=jurisdiction,
                       initial={"held_on": clock.today()})  # fmt: skip
    if posted and form.is_valid():
        try:
            services.session_create(actor=request.user, jurisdiction=jurisdiction, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã lập buổi tiêm."))
            return redirect("vaccination:sessions")
    return render(request, "vaccination/session_form.html", {"form": form})


@scoped(perm=Perm.VACCINATION_VIEW)
def lots(request: HttpRequest) -> HttpResponse:
    jurisdiction, today = access_for(request).jurisdiction, clock.today()
    rows = selectors.vaccine_stock(jurisdiction=jurisdiction)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "expiring": list(selectors.vaccine_expiring(jurisdiction=jurisdiction, on=today)[:100]),
        "today": today,
        "query_prefix": query_prefix(request),
    }
    return render_page(request, "vaccination/lots.html", "results", context)
