"""Writes of contact tracing: exposures (the edges), reaching a contact, and what follows from both."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from phaodai.cases.models import Cluster
from phaodai.cases.selectors import open_cases_of_person
from phaodai.contacts import graph
from phaodai.contacts.models import Contact, Exposure
from phaodai.contacts.reference import ExposureSetting, TraceStatus
from phaodai.core import audit, clock
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import nfc
from phaodai.people.models import Person

Errors = dict[str, list[str]]
FIRST_DAY = dt.date(2020, 1, 1)  # the first case in Việt Nam was found in January 2020
NOTE_MAX = 255


def _err(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _clean_exposure(
    *,
    jurisdiction: Jurisdiction,
    source: Person,
    contact: Person,
    setting: str,
    last_exposure_date: dt.date,
    note: str,
) -> None:
    errors: Errors = {}
    if not jurisdiction.contains(source.unit_path):
        _err(errors, "source", _("Người nguồn lây không thuộc địa bàn bạn quản lý."))
    if not jurisdiction.contains(contact.unit_path):
        _err(errors, "contact", _("Người tiếp xúc không thuộc địa bàn bạn quản lý."))
    if source.pk == contact.pk:
        _err(errors, "contact", _("Một người không thể là tiếp xúc của chính mình."))
    if setting not in ExposureSetting.values:
        _err(errors, "setting", _("Chọn hoàn cảnh tiếp xúc."))
    if last_exposure_date > clock.today():
        _err(errors, "last_exposure_date", _("Ngày tiếp xúc cuối không được sau ngày hôm nay."))
    if last_exposure_date < FIRST_DAY:
        _err(errors, "last_exposure_date", _("Ngày tiếp xúc cuối không được trước năm 2020."))
    if len(note) > NOTE_MAX:
        _err(errors, "note", _("Ghi chú tối đa %(n)s ký tự.") % {"n": NOTE_MAX})
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors=errors)


def _summary(exposure: Exposure, source: Person, contact: Person) -> str:
    return _("%(contact)s tiếp xúc với %(source)s (%(setting)s, lần cuối %(day)s)") % {
        "contact": contact.full_name,
        "source": source.full_name,
        "setting": exposure.get_setting_display(),
        "day": f"{exposure.last_exposure_date:%d/%m/%Y}",
    }


def _create(
    *, actor: Any, source: Person, contact: Person, setting: str, day: dt.date, note: str
) -> Exposure:
    exposure = Exposure(
        source=source,
        contact=contact,
        source_case=open_cases_of_person(source).first(),
        setting=setting,
        last_exposure_date=day,
        note=note,
        unit_id=contact.unit_id,
        unit_path=contact.unit_path,
        created_at=clock.now(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    try:
        with transaction.atomic():
            exposure.save()
    except IntegrityError as exc:  # the same pair saved meanwhile (both persons are locked: rare)
        raise ConflictError(_("Tiếp xúc này vừa được ghi nhận, hãy thử lại."), field="contact") from exc
    audit.record(
        actor=actor, action=AuditAction.CREATE, instance=exposure, summary=_summary(exposure, source, contact)
    )
    return exposure


def _renew(*, actor: Any, exposure: Exposure, source: Person, contact: Person, day: dt.date) -> Exposure:
    """The same pair again: a later meeting moves the date on; an earlier one changes nothing."""
    changes: dict[str, list[Any]] = {}
    if day > exposure.last_exposure_date:
        changes["last_exposure_date"] = [str(exposure.last_exposure_date), str(day)]
        exposure.last_exposure_date = day
    if exposure.source_case_id is None and (case := open_cases_of_person(source).first()) is not None:
        changes["source_case"] = [None, case.pk]
        exposure.source_case = case
    if changes:
        exposure.save(update_fields=["last_exposure_date", "source_case"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=exposure,
            summary=_summary(exposure, source, contact),
            changes=changes,
        )
    return exposure


@dataclass(frozen=True)
class Named:
    """Someone a source names as a contact, and where they met."""

    person: Person
    setting: str


def exposures_add(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    source: Person,
    named: Sequence[Named],
    last_exposure_date: dt.date,
    note: str = "",
) -> list[Exposure]:
    """Record the people a source names at once (their household, their workshop team): each edge as
    :func:`exposure_add` would, then the F1/F2 levels and the chain refreshed once for all of them.

    A refusal names the person it concerns; nothing is saved unless every edge is valid.
    """
    note = nfc(note)
    for entry in named:
        try:
            _clean_exposure(
                jurisdiction=jurisdiction, source=source, contact=entry.person, setting=entry.setting,
                last_exposure_date=last_exposure_date, note=note,
            )  # fmt: skip
        except DomainError as error:
            if len(named) == 1:
                raise
            prefix = f"{entry.person.full_name}: "
            raise DomainError(
                prefix + error.message, errors={k: [prefix + m for m in v] for k, v in error.errors.items()}
            ) from error
    with transaction.atomic():
        ids = sorted({source.pk, *(entry.person.pk for entry in named)})
        list(Person.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        exposures = [
            _create_or_renew(actor=actor, source=source, entry=entry, day=last_exposure_date, note=note)
            for entry in named
        ]
        graph.refresh_from([entry.person.pk for entry in named], on=clock.today(), actor=actor)
    return exposures


def _create_or_renew(*, actor: Any, source: Person, entry: Named, day: dt.date, note: str) -> Exposure:
    existing = Exposure.objects.filter(source=source, contact=entry.person).first()
    if existing is None:
        exposure = _create(
            actor=actor, source=source, contact=entry.person, setting=entry.setting, day=day, note=note
        )
    else:
        exposure = _renew(actor=actor, exposure=existing, source=source, contact=entry.person, day=day)
    graph.link(source, entry.person)
    return exposure


def exposure_add(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    source: Person,
    contact: Person,
    setting: str,
    last_exposure_date: dt.date,
    note: str = "",
) -> Exposure:
    """Record that ``contact`` met ``source``; the contact's F1/F2 status and the chain follow.

    The same pair again updates the one edge (a later date), never adds a second.
    """
    return exposures_add(
        actor=actor, jurisdiction=jurisdiction, source=source, named=[Named(contact, setting)],
        last_exposure_date=last_exposure_date, note=note,
    )[0]  # fmt: skip


def contact_mark_reached(*, actor: Any, contact: Contact) -> Contact:
    """The tracer reached a listed contact (the 24-hour target); reaching them again changes nothing."""
    with transaction.atomic():
        current = Contact.objects.select_for_update().filter(pk=contact.pk).first()
        if current is None or current.status not in (TraceStatus.LISTED, TraceStatus.REACHED):
            raise DomainError(
                _("Người này không còn trong danh sách cần theo dõi (%(status)s).")
                % {"status": current.get_status_display() if current else "—"},
                field="status",
            )
        if current.status == TraceStatus.LISTED:
            current.status, current.reached_at, current.reached_by = TraceStatus.REACHED, clock.now(), actor
            current.save(update_fields=["status", "reached_at", "reached_by"])
            audit.record(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=current,
                summary=_("Đã liên hệ %(level)s") % {"level": current.level},
                changes={"status": [TraceStatus.LISTED.value, TraceStatus.REACHED.value]},
            )
    contact.status, contact.reached_at, contact.reached_by = (
        current.status,
        current.reached_at,
        current.reached_by,
    )
    return contact


def chain_record_view(*, actor: Any, subject: Person | Cluster, shown: int) -> None:
    """Log that someone opened a chain (of a person or a cluster): it names people and their F-status."""
    audit.record(
        actor=actor,
        action=AuditAction.VIEW,
        instance=subject,
        entity="contacts.chain",
        summary=_("Chuỗi lây nhiễm: %(subject)s (%(n)s người)") % {"subject": subject, "n": shown},
    )
