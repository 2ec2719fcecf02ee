"""Registered freight ("1 cung đường 2 điểm đến"): which route a plate is on, and what a passage breaks.

A passage of a vehicle registered that day (not retired) is flagged when it is at a checkpoint its route
does not list, when it comes from or goes to a place that is neither end of the route nor an allowed
stop, or when, leaving a checkpoint, it stayed there longer than the route allows (measured from its
last entry there).
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.checkpoints.models import Passage, Route, Vehicle
from phaodai.checkpoints.reference import Direction


def _holds_on(day: dt.date) -> Q:
    """Registered on ``day``: not retired, or retired only after it."""
    return Q(retired_on__isnull=True) | Q(retired_on__gt=day)


def active_route(vehicle: Vehicle, passage: Passage) -> Route | None:
    return (
        Route.objects.filter(
            _holds_on(passage.day), vehicle=vehicle, valid_from__lte=passage.day, valid_to__gte=passage.day
        )
        .prefetch_related("checkpoints", "stops")
        .select_related("origin", "destination")
        .order_by("-valid_from")
        .first()
    )


def _on_route(route: Route, path: str) -> bool:
    allowed = [route.origin.path, route.destination.path, *(stop.path for stop in route.stops.all())]
    return any(path.startswith(a) or a.startswith(path) for a in allowed)


def _stop_minutes(passage: Passage) -> float | None:
    """Minutes since the vehicle's last entry at this checkpoint, when this passage leaves it."""
    if passage.direction != Direction.OUT:
        return None
    last = (
        Passage.objects.filter(vehicle=passage.vehicle, checkpoint=passage.checkpoint, at__lte=passage.at)
        .filter(Q(direction=Direction.IN) | Q(direction=Direction.OUT))
        .order_by("-at")
        .values_list("direction", "at")
        .first()
    )
    if last is None or last[0] != Direction.IN:
        return None
    return (passage.at - last[1]).total_seconds() / 60


def registered_vehicle(plate: str, day: dt.date) -> Vehicle | None:
    """The vehicle registered under ``plate`` on ``day`` (the latest registration): :func:`_holds_on` in
    hand-written SQL, asked on every passage with a plate, where the ORM's query building cost three times
    the query."""
    sql = (
        f"SELECT * FROM {Vehicle._meta.db_table} WHERE plate = %s "  # noqa: S608 - the model's own table
        "AND (retired_on IS NULL OR retired_on > %s) ORDER BY id DESC LIMIT 1"
    )
    return next(iter(Vehicle.objects.raw(sql, [plate, day])), None)


def route_flags(passage: Passage) -> tuple[Vehicle | None, Route | None, list[str]]:
    vehicle = registered_vehicle(passage.plate, passage.day)
    if vehicle is None:
        return None, None, []
    passage.vehicle = vehicle
    route = active_route(vehicle, passage)
    if route is None:
        return vehicle, None, [_("Xe đăng ký vận tải nhưng không có lộ trình còn hiệu lực ngày này.")]
    flags = []
    listed = list(route.checkpoints.all())
    if listed and passage.checkpoint not in listed and passage.checkpoint != route.transshipment:
        flags.append(_("Chốt này không nằm trên lộ trình đã đăng ký."))
    for unit, label in ((passage.origin, _("Nơi đi")), (passage.destination, _("Nơi đến"))):
        if unit is not None and not _on_route(route, unit.path):
            flags.append(
                _("%(label)s «%(name)s» ngoài lộ trình đã đăng ký.") % {"label": label, "name": unit.name}
            )
    minutes = _stop_minutes(passage)
    if minutes is not None and minutes > route.allowed_stop_minutes:
        flags.append(
            _("Dừng %(minutes)d phút, quá %(allowed)d phút cho phép (vào lúc %(since)s).")
            % {
                "minutes": minutes,
                "allowed": route.allowed_stop_minutes,
                "since": timezone.localtime(passage.at - dt.timedelta(minutes=minutes)).strftime("%H:%M"),
            }
        )
    return vehicle, route, flags
