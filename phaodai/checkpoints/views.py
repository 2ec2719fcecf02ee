"""Pages: the checkpoints and their day, the barrier form, shifts, the dashboards, the arrivals worklist
and its import, the outbreak-zone list, and registered freight (thin: selectors read, services write)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phaodai.accounts.selectors import organisation_list
from phaodai.checkpoints import importers, selectors, services, transport
from phaodai.checkpoints.forms import (
    CheckpointForm,
    CloseForm,
    FollowUpCloseForm,
    HandoverForm,
    ImportForm,
    PassageForm,
    ShiftForm,
    ZoneEndForm,
    ZoneForm,
)
from phaodai.checkpoints.reference import Decision, Direction, FollowUpStatus, Purpose
from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.errors import DomainError
from phaodai.core.paging import CappedPaginator, query_prefix
from phaodai.core.permissions import Perm
from phaodai.core.policies import scoped
from phaodai.geo.selectors import placeable_units, top_units
from phaodai.people.forms import DomainErrorsForm
from phaodai.people.selectors import person_list

DASHBOARD_DAYS = 14


def _saved(request: HttpRequest, form: DomainErrorsForm, save: Callable[[], Any], done: str) -> Any:
    """Run a service on a valid posted form; its refusal goes on the form's fields."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save()
    except DomainError as error:
        form.add_domain_error(error)
        return None
    messages.success(request, done)
    return result


def _posted(
    request: HttpRequest, form: DomainErrorsForm, save: Callable[[], Any], done: str, then: str, **kwargs: Any
) -> HttpResponse:
    """A small form posted from another page: save, then back there with the outcome as a message."""
    if _saved(request, form, save, done) is None:
        for error in [e for errors in form.errors.values() for e in errors]:
            messages.error(request, str(error))
    return redirect(then, **kwargs)


def _day(request: HttpRequest) -> dt.date:
    """The day asked for (ISO), today when it is malformed or older than any checkpoint."""
    try:
        day = dt.date.fromisoformat(request.GET.get("ngay", "")[:10])
    except ValueError:
        return clock.today()
    return day if day >= services.EARLIEST else clock.today()


@scoped(perm=Perm.CHECKPOINTS_VIEW)
def checkpoint_index(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    today = clock.today()
    counts = selectors.counts_on(jurisdiction=access.jurisdiction, day=today)
    checkpoints = list(selectors.checkpoint_list(jurisdiction=access.jurisdiction)[:200])
    context = {
        "rows": [(c, counts.get(c.pk)) for c in checkpoints],
        "today": today,
        "can_manage": access.can(Perm.CHECKPOINTS_MANAGE),
        "can_record": access.can(Perm.PASSAGES_RECORD),
    }
    return render(request, "checkpoints/checkpoint_list.html", context)


@scoped(perm=Perm.CHECKPOINTS_MANAGE)
def checkpoint_new(request: HttpRequest) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    form = CheckpointForm(
        request.POST or None,
        units=placeable_units(jurisdiction=jurisdiction).select_related("parent"),
        organisations=organisation_list(jurisdiction=jurisdiction),
        initial={"opened_on": clock.today()},
    )
    save = lambda: services.checkpoint_create(  # noqa: E731
        actor=request.user, jurisdiction=jurisdiction, **form.cleaned_data
    )
    if (checkpoint := _saved(request, form, save, _("Đã lập chốt kiểm soát."))) is not None:
        return redirect("checkpoints:today", pk=checkpoint.pk)
    return render(request, "checkpoints/form.html", {"form": form, "title": _("Lập chốt kiểm soát")})


@scoped(perm=Perm.CHECKPOINTS_VIEW)
def checkpoint_today(request: HttpRequest, pk: int) -> HttpResponse:
    """The checkpoint's day: counters, the shift on duty, the latest passages, flagged vehicles."""
    access = access_for(request)
    today = selectors.checkpoint_today(jurisdiction=access.jurisdiction, pk=pk, day=_day(request))
    context = {
        "t": today,
        "can_record": access.can(Perm.PASSAGES_RECORD),
        "can_manage": access.can(Perm.CHECKPOINTS_MANAGE),
        "shift_form": ShiftForm(),
        "close_form": CloseForm(initial={"closed_on": clock.today()}),
    }
    return render(request, "checkpoints/today.html", context)


def _unit_from(form: PassageForm, pick: str, code: str) -> Any:
    value = form.cleaned_data[code].strip()
    if value:
        unit = selectors.unit_by_code(value)
        if unit is None:
            raise DomainError(_("Không có đơn vị mã «%(code)s».") % {"code": value}, field=code)
        return unit
    chosen = form.cleaned_data[pick]
    return selectors.units_by_id([int(chosen)]).get(int(chosen)) if chosen else None


def _person_from(request: HttpRequest, form: PassageForm) -> tuple[Any, str, str]:
    """The person picked (a registry id when known, else the name and id seen before), or typed."""
    name, national_id = form.cleaned_data["full_name"], form.cleaned_data["national_id"]
    if name or national_id or not form.cleaned_data["person_pick"]:
        return None, name, national_id
    person_id, national_id, name = [*form.cleaned_data["person_pick"].split("|", 2), "", ""][:3]
    person = None
    if person_id.isdigit():
        person = person_list(jurisdiction=access_for(request).jurisdiction).filter(pk=int(person_id)).first()
    return person, name, national_id


def _passage_input(request: HttpRequest, form: PassageForm, checkpoint: Any) -> services.PassageInput:
    data = form.cleaned_data
    person, name, national_id = _person_from(request, form)
    return services.PassageInput(
        checkpoint=checkpoint,
        direction=data["direction"],
        purpose=data["purpose"],
        decision=data["decision"],
        reason=data["reason"],
        plate=data["plate"] or data["plate_pick"],
        person=person,
        full_name=name,
        national_id=national_id,
        phone=data["phone"],
        origin=_unit_from(form, "origin_pick", "origin_code"),
        destination=_unit_from(form, "destination_pick", "destination_code"),
        declaration=dict.fromkeys(data["declaration"], True),
        test_kind=data["test_kind"],
        test_taken_at=data["test_taken_at"],
        test_outcome=data["test_outcome"],
    )


def _defaults(last: Any) -> dict[str, Any]:
    initial = {
        "direction": Direction.IN,
        "purpose": Purpose.GOODS,
        "decision": Decision.PASS,
        "test_kind": "",
    }
    if last:
        _plate, _name, _nid, origin, destination, purpose, direction, _pid = last
        initial.update(
            direction=direction,
            purpose=purpose,
            origin_pick=str(origin or ""),
            destination_pick=str(destination or ""),
        )
    return initial


@scoped(perm=Perm.PASSAGES_RECORD)
def passage_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The barrier form: one tap per answer for what this checkpoint sees often; saved, it comes back
    empty for the next vehicle."""
    access = access_for(request)
    checkpoint = selectors.checkpoint_get(jurisdiction=access.jurisdiction, pk=pk)
    choices = selectors.barrier_choices(
        checkpoint=checkpoint, since=clock.today() - dt.timedelta(days=selectors.RECENT_DAYS)
    )
    form = PassageForm(request.POST or None, choices=choices, initial=_defaults(choices["last"]))

    def save() -> Any:
        return services.passage_record(
            actor=request.user,
            jurisdiction=access.jurisdiction,
            data=_passage_input(request, form, checkpoint),
        )

    if request.method == "POST" and form.is_valid():
        try:
            passage = save()
        except DomainError as error:
            form.add_domain_error(error)
        else:
            text = _("Đã ghi: %(who)s — %(decision)s.") % {
                "who": passage.plate or passage.full_name or passage.national_id,
                "decision": passage.get_decision_display(),
            }
            for flag in passage.flags:
                messages.warning(request, flag)
            if passage.test_kind and not passage.test_valid:
                messages.warning(request, _("Giấy xét nghiệm KHÔNG còn giá trị theo quy định đang áp dụng."))
            messages.success(request, text)
            return redirect("checkpoints:passage_new", pk=checkpoint.pk)
    return render(request, "checkpoints/passage_form.html", {"form": form, "checkpoint": checkpoint})


@require_POST
@scoped(perm=Perm.PASSAGES_RECORD)
def shift_new(request: HttpRequest, pk: int) -> HttpResponse:
    checkpoint = selectors.checkpoint_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    form = ShiftForm(request.POST)
    save = lambda: services.shift_create(actor=request.user, checkpoint=checkpoint, **form.cleaned_data)  # noqa: E731
    return _posted(request, form, save, _("Đã ghi ca trực."), "checkpoints:today", pk=checkpoint.pk)


@require_POST
@scoped(perm=Perm.CHECKPOINTS_MANAGE)
def checkpoint_close(request: HttpRequest, pk: int) -> HttpResponse:
    checkpoint = selectors.checkpoint_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
    form = CloseForm(request.POST)
    save = lambda: services.checkpoint_close(actor=request.user, checkpoint=checkpoint, **form.cleaned_data)  # noqa: E731
    return _posted(request, form, save, _("Đã đóng chốt."), "checkpoints:today", pk=checkpoint.pk)


@scoped(perm=Perm.PASSAGES_RECORD)
def handover_new(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    checkpoint = selectors.checkpoint_get(jurisdiction=access.jurisdiction, pk=pk)
    form = HandoverForm(request.POST or None)
    save = lambda: transport.handover_record(  # noqa: E731
        actor=request.user, jurisdiction=access.jurisdiction, checkpoint=checkpoint, **form.cleaned_data
    )
    if _saved(request, form, save, _("Đã ghi lượt trung chuyển.")) is not None:
        return redirect("checkpoints:handover_new", pk=checkpoint.pk)
    handovers = selectors.handover_list(jurisdiction=access.jurisdiction, checkpoint=checkpoint)[:30]
    context = {"form": form, "checkpoint": checkpoint, "handovers": handovers}
    return render(request, "checkpoints/handover.html", context)


@scoped(perm=Perm.CHECKPOINTS_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    until = _day(request)
    since = until - dt.timedelta(days=DASHBOARD_DAYS - 1)
    days = [since + dt.timedelta(days=i) for i in range(DASHBOARD_DAYS)]
    rows = selectors.dashboard(jurisdiction=jurisdiction, since=since, until=until)
    context = {
        "days": days,
        "rows": [(row, [row.days.get(day) for day in days]) for row in rows],
        "origins": selectors.arrivals_by_origin(jurisdiction=jurisdiction, since=since, until=until),
        "overdue": selectors.overdue_by_commune(jurisdiction=jurisdiction, on=clock.today()),
        "since": since,
        "until": until,
    }
    return render(request, "checkpoints/dashboard.html", context)


@scoped(perm=Perm.ARRIVALS_FOLLOW_UP)
def arrivals(request: HttpRequest) -> HttpResponse:
    """The commune's arrivals from outbreak areas: open items by due date (overdue first), or closed."""
    access = access_for(request)
    closed = request.GET.get("da-xong") == "1"
    rows = selectors.follow_up_list(
        jurisdiction=access.jurisdiction,
        status=FollowUpStatus.CLOSED if closed else FollowUpStatus.OPEN,
        overdue_on=clock.today() if request.GET.get("qua-han") == "1" else None,
    )
    context = {
        "page": CappedPaginator(rows, 30).get_page(request.GET.get("page")),
        "query_prefix": query_prefix(request),
        "today": clock.today(),
        "closed": closed,
        "form": FollowUpCloseForm(),
        "can_import": access.can(Perm.CHECKPOINTS_MANAGE),
    }
    return render(request, "checkpoints/arrivals.html", context)


@require_POST
@scoped(perm=Perm.ARRIVALS_FOLLOW_UP)
def follow_up_close(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    follow_up = selectors.follow_up_get(jurisdiction=access.jurisdiction, pk=pk)
    form = FollowUpCloseForm(request.POST)
    save = lambda: services.follow_up_close(  # noqa: E731
        actor=request.user, jurisdiction=access.jurisdiction, follow_up=follow_up, **form.cleaned_data
    )
    done = _("Đã đóng theo dõi %(name)s.") % {"name": follow_up.full_name}
    return _posted(request, form, save, done, "checkpoints:arrivals")


@scoped(perm=Perm.CHECKPOINTS_MANAGE)
def arrivals_import(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    unit = top_units(jurisdiction=access.jurisdiction).first()

    def save() -> Any:
        assert unit is not None
        upload = form.cleaned_data["file"]
        return importers.arrivals_import(
            actor=request.user,
            jurisdiction=access.jurisdiction,
            unit=unit,
            file_name=upload.name,
            content=upload.read(importers.MAX_BYTES + 1),
            source=form.cleaned_data["source"],
        )

    if unit is not None and (report := _saved(request, form, save, _("Đã nhập danh sách."))) is not None:
        messages.info(
            request,
            _("%(n)s người cần theo dõi đã giao về xã; %(m)s người không đến từ vùng dịch.")
            % {"n": report.follow_ups, "m": report.outside_zones},
        )
        return redirect("checkpoints:arrivals")
    context = {
        "form": form,
        "title": _("Nhập danh sách người đến từ tỉnh khác"),
        "upload": True,
        "headers": list(importers.LABELS.values()),
    }
    return render(request, "checkpoints/form.html", context)


@scoped(perm=Perm.CHECKPOINTS_VIEW)
def zone_index(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    can_manage = access.can(Perm.CHECKPOINTS_MANAGE)
    form = ZoneForm(request.POST or None, initial={"valid_from": clock.today()})

    def save() -> Any:
        data = dict(form.cleaned_data)
        unit = selectors.unit_by_code(data.pop("unit_code"))
        if unit is None:
            raise DomainError(_("Không có đơn vị mang mã này trên bản đồ đang dùng."), field="unit_code")
        return services.zone_create(actor=request.user, unit=unit, **data)

    if request.method == "POST":
        if not can_manage:
            return HttpResponse(status=403)
        zone = _saved(request, form, save, _("Đã thêm vùng dịch."))
        if zone is not None:
            if zone.earlier_arrivals:  # arrivals already recorded from the zone's first day on
                handed = _("Đã giao xã theo dõi %(n)s người đến từ vùng này từ ngày %(day)s.")
                day = f"{zone.valid_from:%d/%m/%Y}"
                messages.info(request, handed % {"n": zone.earlier_arrivals, "day": day})
            return redirect("checkpoints:zones")
    zones = selectors.zone_list()[:300]
    endable = {
        zone.pk for zone in zones if services.may_end_zone(jurisdiction=access.jurisdiction, zone=zone)
    }
    context = {
        "zones": zones,
        "endable": endable if can_manage else set(),
        "today": clock.today(),
        "form": form,
        "end_form": ZoneEndForm(initial={"valid_to": clock.today()}),
        "can_manage": can_manage,
    }
    return render(request, "checkpoints/zones.html", context)


@require_POST
@scoped(perm=Perm.CHECKPOINTS_MANAGE)
def zone_end(request: HttpRequest, pk: int) -> HttpResponse:
    zone = selectors.zone_get(pk=pk)
    form = ZoneEndForm(request.POST)
    jurisdiction = access_for(request).jurisdiction
    save = lambda: services.zone_end(  # noqa: E731
        actor=request.user, jurisdiction=jurisdiction, zone=zone, **form.cleaned_data
    )
    return _posted(request, form, save, _("Đã kết thúc vùng dịch."), "checkpoints:zones")


@scoped(perm=Perm.CHECKPOINTS_VIEW)
def transport_index(request: HttpRequest) -> HttpResponse:
    jurisdiction = access_for(request).jurisdiction
    since = clock.today() - dt.timedelta(days=selectors.RECENT_DAYS)
    context = {
        "routes": selectors.route_list(jurisdiction=jurisdiction)[:200],
        "flagged": selectors.flagged_passages(jurisdiction=jurisdiction, since=since)[:100],
        "now": timezone.localtime(),
        "can_manage": access_for(request).can(Perm.TRANSPORT_MANAGE),
    }
    return render(request, "checkpoints/transport.html", context)
