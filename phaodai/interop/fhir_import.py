"""Immunization bundles from another system turned into doses through the vaccination service (the same
rules, stock and counters as a dose typed on the page), all or nothing: every refusal names its entry.

A bundle carries its Patients (found here by CCCD, in the caller's area) and Immunizations referring to
them; the vaccine is the platform's product code and the lot an existing lot of that product. A dose the
person already has (same number) is skipped, so importing the same bundle twice adds nothing.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from phaodai.core import audit
from phaodai.core.errors import DomainError, FieldErrors
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit
from phaodai.interop.fhir import CCCD_SYSTEM, PRODUCT_SYSTEM
from phaodai.inventory.models import Lot
from phaodai.people.models import Person
from phaodai.vaccination import services
from phaodai.vaccination.checks import DoseInput
from phaodai.vaccination.models import Dose, DoseKind


def _parsed(data: Any) -> list[dict[str, Any]]:
    try:
        Bundle.model_validate(data)
    except (ValidationError, ValueError, TypeError) as error:
        raise DomainError(
            _("Không phải FHIR Bundle hợp lệ (R4B): %(why)s") % {"why": str(error)[:300]}, field="bundle"
        ) from error
    return [entry.get("resource") or {} for entry in data.get("entry") or []]


def _patients(resources: list[dict[str, Any]]) -> dict[str, str]:
    """Patient reference ("Patient/<id>") -> CCCD."""
    found = {}
    for resource in resources:
        if resource.get("resourceType") != "Patient":
            continue
        ids = [i.get("value", "") for i in resource.get("identifier") or [] if i.get("system") == CCCD_SYSTEM]
        if ids:
            found[f"Patient/{resource.get('id')}"] = ids[0]
    return found


def _product(resource: dict[str, Any]) -> str:
    codings = (resource.get("vaccineCode") or {}).get("coding") or []
    return next((c.get("code", "") for c in codings if c.get("system") == PRODUCT_SYSTEM), "")


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _dose(
    n: int,
    resource: dict[str, Any],
    patients: dict[str, str],
    scope: Jurisdiction,
    unit: AdminUnit,
    errors: FieldErrors,
) -> DoseInput | None:
    where = _("Mục %(n)s") % {"n": n}
    national_id = patients.get((resource.get("patient") or {}).get("reference", ""), "")
    person = Person.objects.visible_to(scope).filter(national_id=national_id).first() if national_id else None
    product, protocol = _product(resource), (resource.get("protocolApplied") or [{}])[0]
    given_on = _day(resource.get("occurrenceDateTime"))
    lot = (
        Lot.objects.filter(item__code=product, number=resource.get("lotNumber", "")).first()
        if product
        else None
    )
    problems = [
        (person is None, _("không tìm thấy người có CCCD «%(id)s» trong địa bàn") % {"id": national_id}),
        (not product, _("thiếu mã vắc xin của nền tảng (%(system)s)") % {"system": PRODUCT_SYSTEM}),
        (lot is None, _("không có lô «%(lot)s» của vắc xin này") % {"lot": resource.get("lotNumber", "")}),
        (resource.get("status") != "completed", _("chỉ nhận mũi đã tiêm (status completed)")),
        (given_on is None, _("thiếu ngày tiêm (occurrenceDateTime)")),
    ]
    for failed, message in problems:
        if failed:
            errors.add("bundle", f"{where}: {message}")
    if errors.has("bundle") or person is None or given_on is None:
        return None
    return DoseInput(
        person=person,
        number=int(protocol.get("doseNumberPositiveInt") or 0),
        kind=protocol.get("series") if protocol.get("series") in DoseKind.values else DoseKind.PRIMARY,
        product=product,
        lot=lot,
        given_on=given_on,
        unit=unit,
    )


def immunizations_import(*, actor: Any, jurisdiction: Jurisdiction, unit: AdminUnit, data: Any) -> int:
    """Record the bundle's doses at ``unit``; returns how many were new."""
    if not jurisdiction.contains(unit.path):
        raise DomainError(_("Nơi tiêm không thuộc địa bàn bạn quản lý."), field="unit")
    resources = _parsed(data)
    patients, errors, doses = _patients(resources), FieldErrors(), []
    for n, resource in enumerate(resources, start=1):
        if resource.get("resourceType") == "Immunization":
            doses.append((n, _dose(n, resource, patients, jurisdiction, unit, errors)))
    errors.raise_any()
    created = 0
    with transaction.atomic():
        for n, dose in doses:
            assert dose is not None  # refusals raised above
            if Dose.objects.filter(person=dose.person, number=dose.number).exists():
                continue
            try:
                services.dose_record(actor=actor, jurisdiction=jurisdiction, data=dose)
            except DomainError as error:
                raise DomainError(
                    _("Mục %(n)s: %(why)s") % {"n": n, "why": error.message}, field="bundle"
                ) from error
            created += 1
        summary = _("Nhập mũi tiêm từ FHIR Bundle")
        entity = Dose._meta.label_lower
        audit.record(
            actor=actor,
            action=AuditAction.BULK_LOAD,
            entity=entity,
            unit_path=unit.path,
            summary=summary,
            row_count=created,
        )
    return created
