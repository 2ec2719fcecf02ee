"""Writes to the person registry: validated, de-duplicated by tier, audited in the same transaction."""

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model, UniqueConstraint
from django.utils.translation import gettext as _

from phaodai.core import audit, clock
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import fold, nfc, sort_key, tokens
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.people.identity import clean_national_id, national_id_warnings, normalise_phone
from phaodai.people.models import DuplicateReview, DuplicateTier, Person, PersonNameToken, ReviewDecision
from phaodai.people.reference import Comorbidity, Sex, ethnicities
from phaodai.people.signals import person_merged, person_merging


@dataclass
class PersonInput:
    """What a form, the API or an import supplies for one person."""

    full_name: str
    birth_year: int | None
    sex: str
    unit: AdminUnit | None
    birth_date: dt.date | None = None
    national_id: str = ""
    phone: str = ""
    address: str = ""
    ethnicity: str = "01"
    occupation: str = ""
    workplace: str = ""
    comorbidities: list[str] = field(default_factory=list)
    pregnant: bool = False


INPUT_FIELDS = tuple(f.name for f in fields(PersonInput))
AUDITED_FIELDS = [*INPUT_FIELDS, "household"]


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    EXISTING = "existing"  # same CCCD, same person: nothing new was created
    EXISTING_REVIEW = "existing_review"  # same CCCD, other name or year: sent to the review list
    EXISTING_ELSEWHERE = "existing_elsewhere"  # same CCCD, outside the jurisdiction: listed there, not shown
    CREATED_REVIEW = "created_review"  # created, and listed beside a namesake of the same year


@dataclass
class CreateResult:
    person: Person | None  # None: the number belongs to a record outside the caller's jurisdiction
    outcome: Outcome
    warnings: list[str] = field(default_factory=list)


class SimilarPersonError(DomainError):
    """Same name, full birth date and commune: the user must confirm it is someone else."""

    def __init__(self, matches: list[Person]):
        super().__init__(
            _(
                "Đã có người cùng họ tên, ngày sinh trong xã này. Kiểm tra danh sách bên dưới; "
                "nếu đúng là người khác, đánh dấu xác nhận và lưu lại."
            ),
            field="confirm_distinct",
        )
        self.matches = matches


def _err(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _clean_identity(data: PersonInput, errors: dict[str, list[str]]) -> None:
    try:
        data.national_id = clean_national_id(data.national_id)
    except ValueError as exc:
        _err(errors, "national_id", str(exc))
    try:
        data.phone = normalise_phone(data.phone)
    except ValueError as exc:
        _err(errors, "phone", str(exc))


def _clean_birth(data: PersonInput, errors: dict[str, list[str]]) -> None:
    this_year = clock.today().year
    if data.birth_year is None:
        _err(errors, "birth_year", _("Năm sinh là bắt buộc."))
    elif not 1900 <= data.birth_year <= this_year:
        _err(errors, "birth_year", _("Năm sinh phải từ 1900 đến %(year)s.") % {"year": this_year})
    if data.birth_date and data.birth_year and data.birth_date.year != data.birth_year:
        _err(errors, "birth_date", _("Ngày sinh không khớp năm sinh."))
    if data.birth_date and data.birth_date > clock.today():
        _err(errors, "birth_date", _("Ngày sinh không được sau ngày hôm nay."))


def _clean(data: PersonInput, *, jurisdiction: Jurisdiction) -> PersonInput:
    """Normalise text to NFC and check every field; raise one DomainError listing them all."""
    errors: dict[str, list[str]] = {}
    for name in ("full_name", "address", "occupation", "workplace"):
        setattr(data, name, nfc(getattr(data, name) or ""))
    if not data.full_name:
        _err(errors, "full_name", _("Họ và tên là bắt buộc."))
    _clean_birth(data, errors)
    if data.sex not in Sex.values:
        _err(errors, "sex", _("Chọn giới tính Nam hoặc Nữ."))
    if data.pregnant and data.sex != Sex.FEMALE:
        _err(errors, "pregnant", _("Chỉ người giới tính nữ mới có thể đang mang thai."))
    _clean_identity(data, errors)
    if data.unit is None or data.unit.level not in (UnitLevel.COMMUNE, UnitLevel.VILLAGE):
        _err(errors, "unit", _("Chọn xã/phường (hoặc thôn/bản) nơi người này cư trú."))
    elif not jurisdiction.contains(data.unit.path):
        _err(errors, "unit", _("Đơn vị này không thuộc địa bàn bạn quản lý."))
    if data.ethnicity not in dict(ethnicities()):
        _err(errors, "ethnicity", _("Dân tộc không có trong danh mục."))
    unknown = set(data.comorbidities) - set(Comorbidity.values)
    if unknown:
        _err(
            errors,
            "comorbidities",
            _("Bệnh nền không có trong danh mục: %(codes)s.") % {"codes": ", ".join(sorted(unknown))},
        )
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors=errors)
    return data


def _commune_of(unit: AdminUnit) -> AdminUnit:
    return unit.parent if unit.level == UnitLevel.VILLAGE and unit.parent else unit


def _namesakes(data: PersonInput) -> Any:
    assert data.unit is not None
    commune = _commune_of(data.unit)
    return Person.objects.visible_to(Jurisdiction.of([commune.path])).filter(
        name_folded=fold(data.full_name), birth_year=data.birth_year
    )


def _apply(person: Person, data: PersonInput) -> None:
    assert data.unit is not None
    for name, value in asdict(data).items():
        if name != "unit":
            setattr(person, name, value)
    person.unit, person.unit_path = data.unit, data.unit.path
    person.name_sort, person.name_folded = sort_key(data.full_name), fold(data.full_name)
    person.updated_at = clock.now()


def _save(person: Person) -> None:
    """Save; a CCCD registered by someone else in the meantime is a conflict on that field, not a 500."""
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        if (
            person.national_id
            and Person.objects.filter(national_id=person.national_id).exclude(pk=person.pk).exists()
        ):
            raise ConflictError(
                _("Số CCCD/CMND này đã thuộc về người khác trong hệ thống."), field="national_id"
            ) from exc
        raise


def _write_tokens(person: Person) -> None:
    PersonNameToken.objects.filter(person=person).delete()
    PersonNameToken.objects.bulk_create(
        [
            PersonNameToken(person=person, token=t[:40], unit_path=person.unit_path)
            for t in tokens(person.full_name)
        ]
    )


def _review(
    tier: DuplicateTier,
    existing: Person,
    actor: Any,
    *,
    candidate: Person | None = None,
    submitted: dict[str, Any] | None = None,
) -> None:
    DuplicateReview.objects.create(
        tier=tier,
        existing=existing,
        candidate=candidate,
        submitted=submitted or {},
        unit=existing.unit,
        unit_path=existing.unit_path,
        created_at=clock.now(),
        created_by=actor,
    )


def _same_id(data: PersonInput, actor: Any, jurisdiction: Jurisdiction) -> CreateResult | None:
    """Same CCCD: the same person. A record outside the caller's jurisdiction is never shown to them: the
    attempt goes to that record's review list (so it is seen by those who may see it) and the caller
    learns only that the number is known elsewhere."""
    existing = Person.objects.filter(national_id=data.national_id).first() if data.national_id else None
    if existing is None:
        return None
    submitted = {k: audit.snapshot_value(v) for k, v in asdict(data).items()}
    if not jurisdiction.contains(existing.unit_path):
        _review(DuplicateTier.SAME_ID_ELSEWHERE, existing, actor, submitted=submitted)
        return CreateResult(None, Outcome.EXISTING_ELSEWHERE)
    if fold(existing.full_name) == fold(data.full_name) and existing.birth_year == data.birth_year:
        return CreateResult(existing, Outcome.EXISTING)
    _review(DuplicateTier.SAME_ID_DIFFERENT_DETAILS, existing, actor, submitted=submitted)
    return CreateResult(existing, Outcome.EXISTING_REVIEW)


def outcome_message(outcome: Outcome) -> str:
    """What to tell the user after a save, the same words for the page and the API."""
    return {
        Outcome.CREATED: _("Đã lưu hồ sơ."),
        Outcome.UPDATED: _("Đã lưu hồ sơ."),
        Outcome.EXISTING: _("Người này đã có trong hệ thống (trùng số CCCD/CMND); không tạo hồ sơ mới."),
        Outcome.EXISTING_REVIEW: _(
            "Số CCCD/CMND đã thuộc một hồ sơ khác họ tên hoặc năm sinh; thông tin đã được "
            "chuyển vào danh sách nghi trùng để kiểm tra."
        ),
        Outcome.EXISTING_ELSEWHERE: _(
            "Số CCCD/CMND này đã có hồ sơ ở địa bàn khác; không tạo hồ sơ mới. Thông tin đã được chuyển "
            "đến nơi quản lý hồ sơ đó để kiểm tra."
        ),
        Outcome.CREATED_REVIEW: _(
            "Đã lưu hồ sơ. Trong xã có người cùng họ tên và năm sinh: hai hồ sơ được đưa vào "
            "danh sách nghi trùng để kiểm tra."
        ),
    }[outcome]


def _result(person: Person, outcome: Outcome) -> CreateResult:
    """The saved person with the CCCD mismatches worth a warning (records are often wrong too)."""
    warnings = national_id_warnings(person.national_id, sex=person.sex, birth_year=person.birth_year)
    return CreateResult(person, outcome, warnings)


@transaction.atomic
def person_create(
    *, actor: Any, jurisdiction: Jurisdiction, data: PersonInput, confirm_distinct: bool = False
) -> CreateResult:
    """Register a person, applying the duplicate tiers:

    same CCCD -> the same person (a different name or year goes to the review list); same name, full
    birth date and commune -> the user must confirm; same name and birth year in the commune ->
    created and listed for review, never merged automatically.
    """
    data = _clean(data, jurisdiction=jurisdiction)
    if (same := _same_id(data, actor, jurisdiction)) is not None:
        return same
    namesakes = list(_namesakes(data))
    if data.birth_date and not confirm_distinct:
        exact = [p for p in namesakes if p.birth_date == data.birth_date]
        if exact:
            raise SimilarPersonError(exact)
    person = Person(created_at=clock.now())
    _apply(person, data)
    _save(person)
    _write_tokens(person)
    for other in namesakes:
        if other.birth_date is None or data.birth_date is None:
            _review(DuplicateTier.SAME_NAME_YEAR, other, actor, candidate=person)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=person,
        summary=person.full_name,
        changes=audit.snapshot(person, AUDITED_FIELDS),
    )
    outcome = (
        Outcome.CREATED_REVIEW
        if any(p.birth_date is None or data.birth_date is None for p in namesakes)
        else Outcome.CREATED
    )
    return _result(person, outcome)


@transaction.atomic
def person_update(
    *, actor: Any, jurisdiction: Jurisdiction, person: Person, data: PersonInput
) -> CreateResult:
    data = _clean(data, jurisdiction=jurisdiction)
    if (
        data.national_id
        and Person.objects.filter(national_id=data.national_id).exclude(pk=person.pk).exists()
    ):
        raise ConflictError(_("Số CCCD/CMND này đã thuộc về người khác trong hệ thống."), field="national_id")
    before = audit.snapshot(person, AUDITED_FIELDS)
    _apply(person, data)
    _save(person)
    _write_tokens(person)
    changes = audit.diff(before, audit.snapshot(person, AUDITED_FIELDS))
    if changes:
        audit.record(
            actor=actor, action=AuditAction.UPDATE, instance=person, summary=person.full_name, changes=changes
        )
    return _result(person, Outcome.UPDATED)


@transaction.atomic
def person_delete(*, actor: Any, person: Person) -> None:
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=person,
        summary=person.full_name,
        changes=audit.snapshot(person, AUDITED_FIELDS),
    )
    person.delete()


def persons_export(*, actor: Any, jurisdiction: Jurisdiction, persons: Any, query: str) -> None:
    """Log an export of the registry (one event for the whole file, with how many rows it holds)."""
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        entity="people.person",
        unit_path=jurisdiction.prefixes[0] if jurisdiction.prefixes else "",
        row_count=persons.count(),
        summary=query[:200],
    )


def person_record_export(*, actor: Any, person: Person) -> None:
    """Log that someone downloaded one person's record."""
    audit.record(actor=actor, action=AuditAction.EXPORT, instance=person, summary=person.full_name)


def person_record_view(*, actor: Any, person: Person) -> None:
    """Log that someone opened a person's record (Personal Data Protection Law: access is reviewable)."""
    audit.record(actor=actor, action=AuditAction.VIEW, instance=person, summary=person.full_name)


def _person_relations() -> list[tuple[type[Model], str]]:
    """(model, field) of every row that refers to a person, except the name tokens (rebuilt apart)."""
    return [
        (relation.related_model, relation.field.name)  # type: ignore[misc, union-attr]
        for relation in Person._meta.get_fields(include_hidden=True)
        if relation.auto_created and relation.one_to_many and relation.related_model is not PersonNameToken
    ]


def _open_record_clashes(keep: Person, duplicate: Person) -> list[str]:
    """Models allowing one open row per person (an open case, a stay, an active order) where both
    records have one: merging would leave that person with two, so a person must close one first."""
    clashes = []
    for model, name in _person_relations():
        for constraint in model._meta.constraints:
            if not isinstance(constraint, UniqueConstraint) or tuple(constraint.fields) != (name,):
                continue
            rows = model._default_manager.filter(**{f"{name}__in": [keep.pk, duplicate.pk]})
            if constraint.condition is not None:
                rows = rows.filter(constraint.condition)
            if rows.values(name).distinct().count() == 2:
                clashes.append(str(model._meta.verbose_name).lower())
    return clashes


def _merge_into(*, actor: Any, keep: Person, duplicate: Person) -> None:
    """Point every row that refers to ``duplicate`` at ``keep``, then delete ``duplicate``.

    Generic over the models that refer to a person, so modules added later (cases, doses...) are carried
    over without this function knowing them; name tokens and reviews of the duplicate go with it. Apps
    with derived data about persons (contact levels, chains) take part through ``people.signals``.
    """
    person_merging.send(sender=Person, keep=keep, duplicate=duplicate, actor=actor)
    if clashes := _open_record_clashes(keep, duplicate):
        raise ConflictError(
            _("Cả hai hồ sơ đều đang có %(what)s: hãy kết thúc một bên trước khi gộp.")
            % {"what": ", ".join(clashes)}
        )
    for model, name in _person_relations():
        model._default_manager.filter(**{name: duplicate}).update(**{name: keep})
    DuplicateReview.objects.filter(existing=keep, candidate=keep).update(candidate=None)
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=duplicate,
        summary=duplicate.full_name,
        changes={**audit.snapshot(duplicate, AUDITED_FIELDS), "merged_into": keep.pk},
    )
    duplicate.delete()
    person_merged.send(sender=Person, keep=keep, actor=actor)


@transaction.atomic
def duplicate_resolve(*, actor: Any, review: DuplicateReview, decision: ReviewDecision) -> DuplicateReview:
    """Record a person's decision on a possible duplicate.

    "Same person" on a namesake created beside an existing record merges the newer record into the older
    one; on a CCCD clash nothing was created, so the existing record simply stands. "Different persons"
    closes the review and keeps both.
    """
    if review.resolved_at is not None:
        raise ConflictError(_("Hồ sơ nghi trùng này đã được xử lý."))
    if decision == ReviewDecision.SAME and review.candidate is not None:
        review.submitted = audit.snapshot(review.candidate, [*AUDITED_FIELDS, "id"])
        review.save(update_fields=["submitted"])
        _merge_into(actor=actor, keep=review.existing, duplicate=review.candidate)
        review.refresh_from_db()
    review.decision, review.resolved_by, review.resolved_at = decision, actor, clock.now()
    review.save(update_fields=["decision", "resolved_by", "resolved_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=review,
        summary=str(decision.label),
        changes={"decision": decision.value},
    )
    return review
