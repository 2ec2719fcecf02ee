"""Writes to the household registry (hộ gia đình): create, members, head; audited in the same transaction.

A person belongs to at most one household, and only to one of their own commune: a household's members
are seen by whoever sees the household, and the commune station keeps both. Moving someone to another
household is allowed (families split, people marry); the household they leave loses them, and its head
if it was them, and every record that changed gets its own audit row.

Rows are re-read under a row lock (persons first, then households, each in id order) before they are
changed, so two officials editing the same household at once cannot lose each other's change.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.core import audit, clock
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction, next_path
from phaodai.core.text import nfc
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.people.models import Household, Person, commune_path

CODE_MAX = 32
ADDRESS_MAX = 255
HOUSEHOLD_FIELDS = ["code", "address", "unit", "head"]


def _err(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors=errors)


def _clean_place(
    *, jurisdiction: Jurisdiction, unit: AdminUnit | None, address: str, code: str
) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    address, code = nfc(address or ""), nfc(code or "")
    if unit is None or unit.level not in (UnitLevel.COMMUNE, UnitLevel.VILLAGE):
        _err(errors, "unit", _("Chọn xã/phường hoặc thôn/bản nơi hộ cư trú."))
    elif not jurisdiction.contains(unit.path):
        _err(errors, "unit", _("Đơn vị này không thuộc địa bàn bạn quản lý."))
    if not address:
        _err(errors, "address", _("Địa chỉ của hộ là bắt buộc."))
    elif len(address) > ADDRESS_MAX:
        _err(errors, "address", _("Địa chỉ dài tối đa %(max)s ký tự.") % {"max": ADDRESS_MAX})
    if len(code) > CODE_MAX:
        _err(errors, "code", _("Mã hộ dài tối đa %(max)s ký tự.") % {"max": CODE_MAX})
    _raise(errors)
    return address, code


def _check_code_free(*, unit: AdminUnit, code: str) -> None:
    """A household code (mã hộ, số hộ khẩu) names one household in its commune.

    The commune's row is locked first, so two stations entering the same code at the same moment are
    serialised and the second one is told, instead of both being saved.
    """
    commune = commune_path(unit)
    list(AdminUnit.objects.select_for_update().filter(path=commune).values_list("pk", flat=True))
    taken = Household.objects.filter(
        unit_path__gte=commune, unit_path__lt=next_path(commune), code__iexact=code
    ).exists()
    if taken:
        raise ConflictError(
            _("Mã hộ %(code)s đã được dùng cho một hộ khác trong xã.") % {"code": code}, field="code"
        )


def _check_person(
    *, jurisdiction: Jurisdiction, household: Household, person: Person, field: str = "person"
) -> None:
    if not jurisdiction.contains(person.unit_path):
        raise DomainError(_("Người này không thuộc địa bàn bạn quản lý."), field=field)
    if commune_path(person.unit) != commune_path(household.unit):
        raise DomainError(
            _(
                "%(name)s cư trú ở %(place)s, không cùng xã với hộ này. "
                "Sửa nơi cư trú của người này trước khi thêm vào hộ."
            )
            % {"name": person.full_name, "place": person.unit.name},
            field=field,
        )


def _check_household(*, jurisdiction: Jurisdiction, household: Household) -> None:
    if not jurisdiction.contains(household.unit_path):
        raise DomainError(_("Hộ này không thuộc địa bàn bạn quản lý."), field="household")


def _lock_persons(persons: Iterable[Person]) -> dict[int, int | None]:
    """Lock the persons' rows; their current household ids, as the database holds them now."""
    ids = sorted({p.pk for p in persons})
    locked = Person.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return dict(locked.values_list("pk", "household_id"))


def _lock_households(ids: Iterable[int | None]) -> dict[int, Household]:
    wanted = sorted({pk for pk in ids if pk is not None})
    locked = Household.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
    return {household.pk: household for household in locked}


def _audit_person(actor: Any, person: Person, old: int | None, new: int | None) -> None:
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=person,
        summary=person.full_name,
        changes={"household": [old, new]},
    )


def _audit_household(actor: Any, household: Household, changes: dict[str, Any]) -> None:
    audit.record(
        actor=actor, action=AuditAction.UPDATE, instance=household, summary=str(household), changes=changes
    )


def _set_household(person: Person, household: Household | None) -> None:
    person.household = household
    person.updated_at = clock.now()
    person.save(update_fields=["household", "updated_at"])


def _leave(*, actor: Any, person: Person, left: Household | None) -> None:
    """The household ``person`` leaves loses them, and its head if it was them (audited there)."""
    if left is None:
        return
    changes: dict[str, Any] = {"members_removed": [person.pk]}
    if left.head_id == person.pk:
        left.head = None
        left.save(update_fields=["head"])
        changes["head"] = [person.pk, None]
    _audit_household(actor, left, changes)


def _join(*, actor: Any, household: Household, person: Person, left: Household | None) -> None:
    """Make ``person`` a member of ``household``, moving them out of ``left`` (locked) if they were in one."""
    _set_household(person, household)
    _leave(actor=actor, person=person, left=left)
    _audit_person(actor, person, left.pk if left else None, household.pk)


@transaction.atomic
def household_create(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    unit: AdminUnit | None,
    address: str,
    code: str = "",
    members: Sequence[Person] = (),
    head: Person | None = None,
) -> Household:
    """Register a household in a commune or village of the jurisdiction, with its first members if given.

    ``head`` must be one of ``members``. Members already in another household move here (audited on
    both households and on the person).
    """
    address, code = _clean_place(jurisdiction=jurisdiction, unit=unit, address=address, code=code)
    assert unit is not None
    members = list({person.pk: person for person in members}.values())
    household = Household(unit=unit, unit_path=unit.path, address=address, code=code)
    for person in members:
        _check_person(jurisdiction=jurisdiction, household=household, person=person, field="members")
    if head is not None and head.pk not in {p.pk for p in members}:
        raise DomainError(_("Chủ hộ phải là một thành viên của hộ."), field="head")
    if code:
        _check_code_free(unit=unit, code=code)
    household.save()
    current = _lock_persons(members)
    left = _lock_households(current.values())
    for person in members:
        old = current[person.pk]
        _join(actor=actor, household=household, person=person, left=left[old] if old else None)
    if head is not None:
        household.head = head
        household.save(update_fields=["head"])
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=household,
        summary=str(household),
        changes={
            **audit.snapshot(household, HOUSEHOLD_FIELDS),
            "members": sorted({p.pk for p in members}),
        },
    )
    return household


@transaction.atomic
def household_add_member(
    *, actor: Any, jurisdiction: Jurisdiction, household: Household, person: Person, head: bool = False
) -> None:
    """Add ``person`` to ``household`` (moving them from the one they were in); ``head`` makes them its
    head. Adding a member again changes nothing (and, with ``head``, only makes them the head)."""
    _check_household(jurisdiction=jurisdiction, household=household)
    _check_person(jurisdiction=jurisdiction, household=household, person=person)
    current = _lock_persons([person])[person.pk]
    locked = _lock_households([household.pk, current])
    household.head_id = locked[household.pk].head_id
    changes: dict[str, Any] = {}
    if current == household.pk:
        person.household_id = current
    else:
        _join(actor=actor, household=household, person=person, left=locked[current] if current else None)
        changes["members_added"] = [person.pk]
    if head and household.head_id != person.pk:
        changes["head"] = [household.head_id, person.pk]
        household.head = person
        household.save(update_fields=["head"])
    if changes:
        _audit_household(actor, household, changes)


@transaction.atomic
def household_remove_member(
    *, actor: Any, jurisdiction: Jurisdiction, household: Household, person: Person
) -> None:
    """Take ``person`` out of ``household``; a head who leaves leaves the household without a head."""
    _check_household(jurisdiction=jurisdiction, household=household)
    if not jurisdiction.contains(person.unit_path):
        raise DomainError(_("Người này không thuộc địa bàn bạn quản lý."), field="person")
    current = _lock_persons([person])[person.pk]
    if current != household.pk:
        raise DomainError(
            _("%(name)s không phải thành viên của hộ này.") % {"name": person.full_name}, field="person"
        )
    locked = _lock_households([household.pk])[household.pk]
    household.head_id = locked.head_id
    _set_household(person, None)
    _leave(actor=actor, person=person, left=household)
    _audit_person(actor, person, household.pk, None)


@transaction.atomic
def household_set_head(
    *, actor: Any, jurisdiction: Jurisdiction, household: Household, person: Person
) -> None:
    """Make a member the head (chủ hộ); making the head the head again changes nothing."""
    _check_household(jurisdiction=jurisdiction, household=household)
    if not jurisdiction.contains(person.unit_path):
        raise DomainError(_("Người này không thuộc địa bàn bạn quản lý."), field="head")
    current = _lock_persons([person])[person.pk]
    if current != household.pk:
        raise DomainError(
            _("Chủ hộ phải là thành viên của hộ: %(name)s chưa thuộc hộ này.") % {"name": person.full_name},
            field="head",
        )
    locked = _lock_households([household.pk])[household.pk]
    if locked.head_id == person.pk:
        household.head_id = locked.head_id
        return
    before = locked.head_id
    household.head = person
    household.save(update_fields=["head"])
    _audit_household(actor, household, {"head": [before, person.pk]})
