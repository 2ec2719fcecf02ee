"""Readiness pages: the summary per commune/district with shortfalls, one unit's detail, staffing
reports, teams with their members and kits. Thin: selectors read, services write."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.htmx import render_page
from phaodai.core.models import RuleStatus
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.core.text import is_digits
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.geo.selectors import top_units, unit_get
from phaodai.inventory.selectors import lots_at
from phaodai.people.forms import DATE_FORMATS
from phaodai.readiness import selectors, services
from phaodai.readiness.forms import (
    DissolveForm,
    KitForm,
    KitReturnForm,
    MembersForm,
    StaffingForm,
    TeamForm,
    parse_members,
)
from phaodai.readiness.models import SupplyCategory, TeamKind

PAGE_SIZE = 50


def _unit(request: HttpRequest) -> AdminUnit:
    jurisdiction = access_for(request).jurisdiction
    if pk := request.GET.get("don-vi", ""):
        return unit_get(jurisdiction=jurisdiction, pk=pk if is_digits(pk) else 0)
    top = top_units(jurisdiction=jurisdiction).first()
    if top is None:
        raise Http404
    return top


def _day(request: HttpRequest) -> dt.date:
    raw = request.GET.get("ngay", "")
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return clock.today()


def _as_of[T](request: HttpRequest, on: dt.date, read: Callable[[dt.date], T]) -> tuple[T, dt.date]:
    """Read for the day asked for; a day no norms cover (before they took effect) is said in a message
    and today's figures are shown instead."""
    today = clock.today()
    try:
        return read(on), on
    except DomainError as error:
        if on == today:
            raise
        messages.error(request, error.message)
        return read(today), today


def _norms_context(summary: selectors.Summary) -> dict[str, Any]:
    return {
        "summary": summary,
        "unconfirmed": summary.norms.status != RuleStatus.CONFIRMED,
        "categories": SupplyCategory,
    }


@scoped(perm=Perm.READINESS_VIEW)
def summary_page(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    parent, on = _unit(request), _day(request)
    if parent.level > UnitLevel.COMMUNE:
        raise Http404
    summary, on = _as_of(
        request,
        on,
        lambda day: selectors.summary(jurisdiction=access.jurisdiction, on=day, unit_path=parent.path),
    )
    order = request.GET.get("sap-xep", "thieu")
    context = {
        **_norms_context(summary),
        "lines": selectors.sorted_lines(summary.lines, order),
        "order": order,
        "on": on,
        "can_manage": access.can(Perm.READINESS_MANAGE),
        "by_district": any(line.unit.level == UnitLevel.DISTRICT for line in summary.lines),
    }
    return render_page(request, "readiness/summary.html", "results", context)


@scoped(perm=Perm.READINESS_VIEW)
def unit_page(request: HttpRequest, pk: int) -> HttpResponse:
    access, on = access_for(request), _day(request)
    unit = unit_get(jurisdiction=access.jurisdiction, pk=pk)
    if unit.level > UnitLevel.COMMUNE:
        raise Http404
    summary, on = _as_of(
        request, on, lambda day: selectors.unit_readiness(jurisdiction=access.jurisdiction, unit=unit, on=day)
    )
    context = {
        **_norms_context(summary),
        "unit": unit,
        "line": summary.lines[0],
        "on": on,
        "reports": selectors.staffing_reports(jurisdiction=access.jurisdiction, unit=unit)[:20],
        "teams": selectors.team_list(jurisdiction=access.jurisdiction, unit=unit),
        "stock": lots_at(jurisdiction=access.jurisdiction, unit=unit),
        "can_manage": access.can(Perm.READINESS_MANAGE),
    }
    return render(request, "readiness/unit.html", context)


def _saved(request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], Any]) -> Any:
    """Run the service on a valid form; a refusal goes back onto the form's fields."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except DomainError as error:
        form.add_domain_error(error)
        return None


@scoped(perm=Perm.READINESS_MANAGE)
def staffing_add(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    initial = {"reported_on": clock.today(), "unit": request.GET.get("don-vi") or None}
    form = StaffingForm(request.POST or None, initial=initial, jurisdiction=access.jurisdiction)

    def save(cleaned: dict[str, Any]) -> Any:
        return services.staffing_record(actor=request.user, jurisdiction=access.jurisdiction, **cleaned)

    if (report := _saved(request, form, save)) is not None:
        messages.success(request, _("Đã ghi nhân lực trạm y tế %(unit)s.") % {"unit": report.unit.name})
        return redirect("readiness:unit", pk=report.unit_id)
    return render(request, "readiness/form.html", {"form": form, "title": _("Báo cáo nhân lực trạm y tế xã")})


@scoped(perm=Perm.READINESS_VIEW)
def teams(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    kind = request.GET.get("loai", "")
    rows = selectors.team_list(
        jurisdiction=access.jurisdiction, kind=kind if kind in TeamKind.values else None
    )
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query_prefix": query_prefix(request),
        "kinds": TeamKind.choices,
        "kind": kind,
        "can_manage": access.can(Perm.READINESS_MANAGE),
    }
    return render_page(request, "readiness/teams.html", "results", context)


@scoped(perm=Perm.READINESS_MANAGE)
def team_add(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    initial = {"established_on": clock.today(), "kind": request.GET.get("loai") or TeamKind.COMMUNITY_TEAM}
    form = TeamForm(request.POST or None, initial=initial, jurisdiction=access.jurisdiction)

    def save(cleaned: dict[str, Any]) -> Any:
        members = parse_members(cleaned.pop("members") or "")
        return services.team_create(
            actor=request.user, jurisdiction=access.jurisdiction, members=members, **cleaned
        )

    if (team := _saved(request, form, save)) is not None:
        messages.success(request, _("Đã thành lập %(name)s.") % {"name": team.name})
        return redirect("readiness:team", pk=team.pk)
    return render(request, "readiness/form.html", {"form": form, "title": _("Trạm lưu động, tổ COVID mới")})


def _team_page(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    access = access_for(request)
    team = selectors.team_get(jurisdiction=access.jurisdiction, pk=pk)
    context = {
        "team": team,
        "kit": selectors.team_kit(team=team),
        "store": selectors.store_of(team),
        "store_stock": selectors.kit_stock(jurisdiction=access.jurisdiction, team=team),
        "kit_form": forms.get("kit_form") or KitForm(initial={"occurred_on": clock.today()}),
        "members_form": forms.get("members_form") or MembersForm(),
        "return_form": forms.get("return_form") or KitReturnForm(initial={"occurred_on": clock.today()}),
        "dissolve_form": forms.get("dissolve_form") or DissolveForm(initial={"dissolved_on": clock.today()}),
        "can_manage": access.can(Perm.READINESS_MANAGE),
    }
    return render(request, "readiness/team.html", context)


@scoped(perm=Perm.READINESS_VIEW)
def team_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _team_page(request, pk)


def _team_post(
    request: HttpRequest, pk: int, form: Any, slot: str, save: Callable[[Any, dict[str, Any]], str]
) -> HttpResponse:
    """POST-redirect-GET for a form on the team page: ``save(team, cleaned)`` writes and returns the
    message; a refusal shows the page again with the reasons on the form's fields."""
    team = selectors.team_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    if request.method != "POST":
        return redirect("readiness:team", pk=team.pk)
    done = _saved(request, form, lambda cleaned: save(team, cleaned))
    if done is not None:
        messages.success(request, done)
        return redirect("readiness:team", pk=team.pk)
    return _team_page(request, pk, **{slot: form})


def _kit_args(request: HttpRequest, team: Any, cleaned: dict[str, Any]) -> dict[str, Any]:
    return {
        "actor": request.user,
        "jurisdiction": access_for(request).jurisdiction,
        "team": team,
        "item": cleaned["item"],
        "lot": cleaned["lot"],
        "quantity": cleaned["quantity"],
        "on": cleaned["occurred_on"],
    }


@scoped(perm=Perm.READINESS_MANAGE)
def kit_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(team: Any, cleaned: dict[str, Any]) -> str:
        services.kit_issue(**_kit_args(request, team, cleaned), reference=cleaned["reference"])
        return _("Đã cấp phát cho %(team)s.") % {"team": team.name}

    return _team_post(request, pk, KitForm(request.POST or None), "kit_form", save)


@scoped(perm=Perm.READINESS_MANAGE)
def kit_return_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(team: Any, cleaned: dict[str, Any]) -> str:
        services.kit_return(**_kit_args(request, team, cleaned))
        return _("Đã nhận lại vật tư của %(team)s.") % {"team": team.name}

    return _team_post(request, pk, KitReturnForm(request.POST or None), "return_form", save)


@scoped(perm=Perm.READINESS_MANAGE)
def members_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(team: Any, cleaned: dict[str, Any]) -> str:
        members = parse_members(cleaned["members"])
        services.members_add(
            actor=request.user, jurisdiction=access_for(request).jurisdiction, team=team, members=members
        )
        return _("Đã thêm thành viên.")

    return _team_post(request, pk, MembersForm(request.POST or None), "members_form", save)


@scoped(perm=Perm.READINESS_MANAGE)
def team_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    def save(team: Any, cleaned: dict[str, Any]) -> str:
        services.team_dissolve(
            actor=request.user, jurisdiction=access_for(request).jurisdiction, team=team,
            on=cleaned["dissolved_on"],
        )  # fmt: skip
        return _("Đã ghi giải thể %(team)s.") % {"team": team.name}

    return _team_post(request, pk, DissolveForm(request.POST or None), "dissolve_form", save)
