"""Writes of readiness: a station's staffing report, teams and their members, and kits issued to a team
through the stock ledger (``inventory.services.stock_consume``, in this transaction: the kit and its
ledger line are saved together, or neither)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.core import audit, clock
from phaodai.core.errors import FieldErrors
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import day_text, nfc
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.inventory.models import Item, ItemKind, Lot, Movement, MovementKind
from phaodai.inventory.services import Line, stock_consume, stock_receive
from phaodai.readiness.models import StaffingReport, Supply, Team, TeamKind, TeamMember
from phaodai.readiness.selectors import kit_held, store_of

# More staff than any commune station has: a larger number is a typing mistake.
MAX_STAFF = 200
STAFF_FIELDS = {
    "doctors": gettext_lazy("Số bác sĩ"),
    "rotating_doctors": gettext_lazy("Số bác sĩ tăng cường, luân phiên"),
    "nurses": gettext_lazy("Số y sĩ, điều dưỡng, hộ sinh"),
    "other_staff": gettext_lazy("Số nhân viên khác"),
}


def _check_place(
    errors: FieldErrors, unit: AdminUnit, jurisdiction: Jurisdiction, levels: tuple[int, ...]
) -> None:
    if not jurisdiction.contains(unit.path):
        errors.add("unit", _("Đơn vị %(unit)s không thuộc địa bàn bạn quản lý.") % {"unit": unit.name})
    elif unit.level not in levels:
        errors.add("unit", _("%(unit)s không phải đơn vị phù hợp (chọn xã hoặc thôn).") % {"unit": unit.name})


def _check_day(errors: FieldErrors, name: str, day: dt.date) -> None:
    if day > clock.today():
        errors.add(name, _("Ngày không được sau hôm nay."))


def _check_counts(errors: FieldErrors, counts: dict[str, int]) -> None:
    for name, value in counts.items():
        label = str(STAFF_FIELDS[name])
        if value < 0:
            errors.add(name, _("%(label)s không được âm.") % {"label": label})
        elif value > MAX_STAFF:
            errors.add(name, _("%(label)s quá lớn (tối đa %(max)s).") % {"label": label, "max": MAX_STAFF})


@transaction.atomic
def staffing_record(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    unit: AdminUnit,
    reported_on: dt.date,
    doctors: int,
    nurses: int,
    rotating_doctors: int = 0,
    other_staff: int = 0,
    note: str = "",
) -> StaffingReport:
    """A commune health station's staff on a day; a second report the same day replaces the first."""
    errors = FieldErrors()
    _check_place(errors, unit, jurisdiction, (UnitLevel.COMMUNE,))
    if not errors.has("unit") and unit.level != UnitLevel.COMMUNE:
        errors.add("unit", _("Nhân lực được báo cáo cho trạm y tế xã."))
    _check_day(errors, "reported_on", reported_on)
    counts = {
        "doctors": doctors,
        "rotating_doctors": rotating_doctors,
        "nurses": nurses,
        "other_staff": other_staff,
    }
    _check_counts(errors, counts)
    errors.raise_any()
    report, created = StaffingReport.objects.select_for_update().get_or_create(
        unit=unit,
        reported_on=reported_on,
        defaults={"unit_path": unit.path, "created_at": clock.now(), "created_by": _user(actor), **counts},
    )
    before = audit.snapshot(report, [*counts, "note"])
    for name, value in {**counts, "note": nfc(note).strip()[:255]}.items():
        setattr(report, name, value)
    report.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        instance=report,
        summary=_("Nhân lực trạm y tế %(unit)s ngày %(day)s: %(doctors)s bác sĩ")
        % {"unit": unit.name, "day": day_text(reported_on), "doctors": doctors + rotating_doctors},
        changes=audit.diff(before, audit.snapshot(report, [*counts, "note"])),
    )
    return report


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


@dataclass(frozen=True)
class MemberInput:
    full_name: str
    position: str = ""
    phone: str = ""


def _check_members(errors: FieldErrors, members: list[MemberInput]) -> None:
    for number, member in enumerate(members, start=1):
        if not nfc(member.full_name).strip():
            errors.add("members", _("Thành viên dòng %(n)s: chưa có họ tên.") % {"n": number})
        if len(member.phone) > 20 or len(member.full_name) > 120 or len(member.position) > 120:
            errors.add("members", _("Thành viên dòng %(n)s: thông tin quá dài.") % {"n": number})


@transaction.atomic
def team_create(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    kind: str,
    name: str,
    unit: AdminUnit,
    established_on: dt.date,
    phone: str = "",
    members: list[MemberInput] | None = None,
) -> Team:
    """A mobile medical station or a community COVID team, with its members, in a commune or village of
    the caller's area."""
    members = members or []
    errors = FieldErrors()
    if kind not in TeamKind.values:
        errors.add("kind", _("Loại đội không hợp lệ."))
    if not nfc(name).strip():
        errors.add("name", _("Chưa nhập tên trạm/tổ."))
    _check_place(errors, unit, jurisdiction, (UnitLevel.COMMUNE, UnitLevel.VILLAGE))
    _check_day(errors, "established_on", established_on)
    _check_members(errors, members)
    errors.raise_any()
    now = clock.now()
    team = Team.objects.create(
        kind=kind, name=nfc(name).strip()[:200], unit=unit, unit_path=unit.path,
        established_on=established_on, phone=phone.strip()[:20], created_at=now, updated_at=now,
    )  # fmt: skip
    _members_add(team, members)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=team,
        summary=_("Thành lập %(kind)s %(name)s (%(n)s thành viên)")
        % {"kind": team.get_kind_display(), "name": team.name, "n": len(members)},
    )
    return team


def _members_add(team: Team, members: list[MemberInput]) -> None:
    TeamMember.objects.bulk_create(
        TeamMember(
            team=team,
            full_name=nfc(m.full_name).strip(),
            position=nfc(m.position).strip(),
            phone=m.phone.strip(),
        )
        for m in members
    )


@transaction.atomic
def members_add(*, actor: Any, jurisdiction: Jurisdiction, team: Team, members: list[MemberInput]) -> Team:
    errors = FieldErrors()
    _check_place(errors, team.unit, jurisdiction, (UnitLevel.COMMUNE, UnitLevel.VILLAGE))
    if not members:
        errors.add("members", _("Chưa nhập thành viên nào."))
    _check_members(errors, members)
    errors.raise_any()
    _members_add(team, members)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=team,
        summary=_("Thêm %(n)s thành viên vào %(name)s") % {"n": len(members), "name": team.name},
    )
    return team


@transaction.atomic
def team_dissolve(*, actor: Any, jurisdiction: Jurisdiction, team: Team, on: dt.date) -> Team:
    errors = FieldErrors()
    _check_place(errors, team.unit, jurisdiction, (UnitLevel.COMMUNE, UnitLevel.VILLAGE))
    _check_day(errors, "dissolved_on", on)
    if on < team.established_on:
        errors.add("dissolved_on", _("Ngày giải thể không được trước ngày thành lập."))
    if team.dissolved_on is not None:
        errors.add("dissolved_on", _("Trạm/tổ này đã giải thể."))
    errors.raise_any()
    Team.objects.filter(pk=team.pk).update(dissolved_on=on, updated_at=clock.now())
    team.dissolved_on = on
    audit.record(
        actor=actor, action=AuditAction.UPDATE, instance=team,
        summary=_("Giải thể %(name)s ngày %(day)s") % {"name": team.name, "day": day_text(on)},
    )  # fmt: skip
    return team


def _check_issue(
    errors: FieldErrors, team: Team, item: Item, on: dt.date, jurisdiction: Jurisdiction
) -> None:
    _check_place(errors, team.unit, jurisdiction, (UnitLevel.COMMUNE, UnitLevel.VILLAGE))
    if not Supply.objects.filter(item=item).exists() and item.kind not in (
        ItemKind.RAPID_TEST,
        ItemKind.PCR_TEST,
    ):
        errors.add("item", _("%(item)s không phải vật tư sẵn sàng ứng phó.") % {"item": item.name})
    if on < team.established_on or (team.dissolved_on is not None and on >= team.dissolved_on):
        errors.add(
            "occurred_on",
            _("%(team)s không hoạt động vào ngày %(day)s.") % {"team": team.name, "day": day_text(on)},
        )


@transaction.atomic
def kit_issue(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    team: Team,
    item: Item,
    lot: Lot | None,
    quantity: int,
    on: dt.date,
    reference: str = "",
) -> Movement:
    """Stock issued from the team's commune store to the team (a kit): one ledger line of use naming the
    team; refused above the store's balance, from an expired lot, or outside the caller's area."""
    errors = FieldErrors()
    _check_issue(errors, team, item, on, jurisdiction)
    errors.raise_any()
    movement = stock_consume(
        actor=actor, unit=store_of(team), line=Line(item, lot, quantity), on=on,
        kind=MovementKind.USE, record=team.record, reference=reference,
    )  # fmt: skip
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=movement,
        summary=_("Cấp %(n)s %(counting)s %(item)s cho %(team)s")
        % {"n": quantity, "counting": item.counting_unit, "item": item.name, "team": team.name},
    )
    return movement


@transaction.atomic
def kit_return(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    team: Team,
    item: Item,
    lot: Lot | None,
    quantity: int,
    on: dt.date,
) -> Movement:
    """A team hands part of its kit back to its store (a receipt into the store referencing the team);
    never more than the ledger shows the team holding."""
    errors = FieldErrors()
    _check_place(errors, team.unit, jurisdiction, (UnitLevel.COMMUNE, UnitLevel.VILLAGE))
    _check_day(errors, "occurred_on", on)
    held = kit_held(team=team, item=item, lot=lot)
    if quantity > held:
        errors.add(
            "quantity",
            _("%(team)s chỉ giữ %(held)s %(counting)s %(item)s, không trả được %(n)s.")
            % {
                "team": team.name,
                "held": held,
                "counting": item.counting_unit,
                "item": item.name,
                "n": quantity,
            },
        )
    errors.raise_any()
    return stock_receive(
        actor=actor, jurisdiction=jurisdiction, unit=store_of(team), line=Line(item, lot, quantity), on=on,
        source=_("%(team)s trả lại") % {"team": team.name}, reference=team.record,
    )  # fmt: skip
