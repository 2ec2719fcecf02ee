"""Writes of the vaccination campaign: doses (checked against the rules in force that day, one dose out of
the site's stock), contraindications and mobile team sessions; audited in the same transaction."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from phaodai.core import audit, clock
from phaodai.core.errors import ConflictError, DomainError, FieldErrors
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import day_text, nfc
from phaodai.geo.models import AdminUnit
from phaodai.inventory.models import Item, ItemKind, Lot
from phaodai.inventory.services import Line, stock_consume
from phaodai.people.models import Person
from phaodai.vaccination.bundle import Bundle, bundle_for
from phaodai.vaccination.checks import DoseInput, check_dose
from phaodai.vaccination.models import Contraindication, Dose, Session
from phaodai.vaccination.schedule import Given
from phaodai.vaccination.status import dose_effects, history_of, home_commune

MAX_PLANNED = 10_000  # more doses than a team gives in a day: a typing mistake


def product_item(code: str, name: str) -> Item:
    """The stock item of a vaccine product; the shipped catalogue's are created by a data migration,
    a product a later rule version adds gets its item on first use."""
    item, _created = Item.objects.get_or_create(
        code=code, defaults={"name": name, "kind": ItemKind.VACCINE, "counting_unit": "liều"}
    )
    return item


def _by(actor: Any) -> Any:
    """The user to store as author (a job or the demo acts without one)."""
    return actor if getattr(actor, "pk", None) else None


def _check_place(errors: FieldErrors, data: DoseInput, jurisdiction: Jurisdiction) -> None:
    if not jurisdiction.contains(data.unit.path):
        errors.add(
            "unit", _("Điểm tiêm %(unit)s không thuộc địa bàn bạn quản lý.") % {"unit": data.unit.name}
        )
    if not jurisdiction.contains(data.person.unit_path):
        errors.add("person", _("Người này không thuộc địa bàn bạn quản lý."))
    if data.session is not None and data.session.held_on != data.given_on:
        errors.add(
            "session",
            _("Buổi tiêm %(session)s diễn ra ngày %(day)s, khác ngày tiêm.")
            % {"session": data.session.team, "day": day_text(data.session.held_on)},
        )
    if data.given_on > clock.today():
        errors.add("given_on", _("Ngày tiêm không được sau hôm nay."))


def _check_lot(errors: FieldErrors, data: DoseInput) -> None:
    lot = data.lot
    if lot is None:
        errors.add("lot", _("Chưa chọn lô vắc xin."))
    elif lot.item.code != data.product:
        errors.add(
            "lot",
            _("Lô %(lot)s là vắc xin %(item)s, không phải vắc xin đã chọn.")
            % {"lot": lot.number, "item": lot.item.name},
        )
    elif lot.expires_on < data.given_on:
        errors.add(
            "lot",
            _("Lô %(lot)s đã hết hạn ngày %(day)s: không được tiêm.")
            % {"lot": lot.number, "day": day_text(lot.expires_on)},
        )


def _validated(data: DoseInput, jurisdiction: Jurisdiction) -> tuple[Bundle, list[Given]]:
    """Every check before anything is written; all the messages at once, each on its field."""
    errors = FieldErrors()
    _check_place(errors, data, jurisdiction)
    errors.raise_any()
    try:
        bundle = bundle_for(on=data.given_on, unit_path=data.unit.path)
    except DomainError as error:
        raise DomainError(error.message, field="given_on") from error
    history = history_of(data.person)
    check_dose(errors, data, history, bundle)
    _check_lot(errors, data)
    errors.raise_any()
    return bundle, history


def _consume(actor: Any, dose: Dose, lot: Lot) -> None:
    """One dose leaves the site's shelf; a shortage is reported on the lot the user chose."""
    try:
        stock_consume(
            actor=actor,
            unit=dose.unit,
            line=Line(lot.item, lot, 1),
            on=dose.given_on,
            record=f"dose:{dose.pk}",
        )
    except DomainError as error:
        raise DomainError(error.message, field="lot") from error


def dose_record(*, actor: Any, jurisdiction: Jurisdiction, data: DoseInput) -> Dose:
    """Record a dose given: refused with the reason (too early, wrong age or product, expired lot, no stock)
    and nothing saved, or saved with its stock movement, the person's next due date and the counters."""
    bundle, history = _validated(data, jurisdiction)
    person, lot = data.person, data.lot
    assert lot is not None  # checked above
    try:
        with transaction.atomic():
            dose = Dose.objects.create(
                person=person, number=data.number, kind=data.kind, product=data.product, lot=lot,
                given_on=data.given_on, unit=data.unit, unit_path=data.unit.path, session=data.session,
                team=nfc(data.team).strip()[:120], home_path=home_commune(person).path,
                birth_year=person.birth_year, rules=bundle.products_rules, created_at=clock.now(),
                created_by=_by(actor),
            )  # fmt: skip
            _consume(actor, dose, lot)
            dose_effects(dose, person, history, bundle)
            audit.record(
                actor=actor,
                action=AuditAction.CREATE,
                instance=dose,
                summary=_("Mũi %(n)s %(product)s cho %(person)s")
                % {"n": dose.number, "product": lot.item.name, "person": person.full_name},
            )
    except IntegrityError as error:
        raise ConflictError(_("Mũi này vừa được ghi cho người này."), field="number") from error
    return dose


def contraindication_record(
    *, actor: Any, jurisdiction: Jurisdiction, person: Person, reason: str, until: dt.date | None
) -> Contraindication:
    """A person who must not be vaccinated until a day (or ever), kept apart in the sweep lists."""
    errors = FieldErrors()
    reason = nfc(reason).strip()
    if not jurisdiction.contains(person.unit_path):
        errors.add("person", _("Người này không thuộc địa bàn bạn quản lý."))
    if not reason:
        errors.add("reason", _("Chưa nhập lý do chống chỉ định."))
    if until is not None and until < clock.today():
        errors.add("until", _("Ngày hết chống chỉ định không được trước hôm nay."))
    errors.raise_any()
    with transaction.atomic():
        row = Contraindication.objects.create(
            person=person, unit=person.unit, unit_path=person.unit_path, reason=reason[:255], until=until,
            recorded_on=clock.today(), created_at=clock.now(),
            created_by=_by(actor),
        )  # fmt: skip
        audit.record(actor=actor, action=AuditAction.CREATE, instance=row, summary=reason[:200])
    return row


def session_create(
    *, actor: Any, jurisdiction: Jurisdiction, unit: AdminUnit, team: str, place: str, held_on: dt.date,
    planned: int | None,
) -> Session:  # fmt: skip
    """A mobile team's session: where, when, how many doses planned."""
    errors = FieldErrors()
    team, place = nfc(team).strip(), nfc(place).strip()
    if not jurisdiction.contains(unit.path):
        errors.add("unit", _("Đơn vị %(unit)s không thuộc địa bàn bạn quản lý.") % {"unit": unit.name})
    if not team:
        errors.add("team", _("Chưa nhập tên đội tiêm."))
    if planned is None or not 0 < planned <= MAX_PLANNED:
        errors.add("planned", _("Số mũi dự kiến phải từ 1 đến %(max)s.") % {"max": MAX_PLANNED})
    errors.raise_any()
    with transaction.atomic():
        session = Session.objects.create(
            unit=unit, unit_path=unit.path, team=team[:120], place=place[:200], held_on=held_on,
            planned=planned or 0, created_at=clock.now(), created_by=_by(actor),
        )  # fmt: skip
        audit.record(actor=actor, action=AuditAction.CREATE, instance=session, summary=str(session))
    return session


def sweep_export(*, actor: Any, commune: AdminUnit, rows: int) -> None:
    """Log that a sweep list with personal data left the platform (one event, with its size)."""
    audit.record(
        actor=actor, action=AuditAction.EXPORT, entity="vaccination.sweep", unit_path=commune.path,
        row_count=rows, summary=_("Danh sách rà soát tiêm chủng %(unit)s") % {"unit": commune.name},
    )  # fmt: skip
