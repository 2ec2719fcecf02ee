"""Enterprises, their workers and shifts ("an toàn để sản xuất")."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.core import audit, clock
from phaodai.core.errors import FieldErrors
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import nfc
from phaodai.diagnostics.models import Enterprise, Shift, Worker
from phaodai.diagnostics.services import checks
from phaodai.geo.models import AdminUnit
from phaodai.people.models import Person


def enterprise_create(
    *, actor: Any, jurisdiction: Jurisdiction, unit: AdminUnit, name: str, address: str = ""
) -> Enterprise:
    errors = FieldErrors()
    name = nfc(name).strip()
    if not name:
        errors.add("name", _("Nhập tên doanh nghiệp."))
    checks.in_scope(errors, "unit", unit.path, jurisdiction, unit.name)
    errors.raise_any()
    with transaction.atomic():
        return checks.create_placed(
            Enterprise, actor=actor, unit=unit, summary=name, name=name, address=nfc(address).strip()
        )


def workers_add(
    *, actor: Any, jurisdiction: Jurisdiction, enterprise: Enterprise, persons: list[Person]
) -> list[Worker]:
    """Register people as workers (they may live outside the enterprise's area: a worker commutes);
    someone already registered stays as they are."""
    errors = FieldErrors()
    checks.in_scope(errors, "enterprise", enterprise.unit_path, jurisdiction, enterprise.name)
    if not persons:
        errors.add("persons", _("Chọn ít nhất một người lao động."))
    errors.raise_any()
    with transaction.atomic():
        known = set(Worker.objects.filter(enterprise=enterprise).values_list("person_id", flat=True))
        new = [
            Worker(enterprise=enterprise, person=p, created_at=clock.now())
            for p in dict.fromkeys(persons)
            if p.pk not in known
        ]
        Worker.objects.bulk_create(new)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            entity="diagnostics.worker",
            unit_path=enterprise.unit_path,
            summary=_("%(n)s người lao động: %(name)s") % {"n": len(new), "name": enterprise.name},
            row_count=len(new),
        )
    return list(Worker.objects.filter(enterprise=enterprise, person__in=persons))


def shift_create(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    enterprise: Enterprise,
    name: str,
    day: dt.date,
    starts_at: dt.time,
    workers: list[Worker],
) -> Shift:
    errors = FieldErrors()
    name = nfc(name).strip()
    checks.in_scope(errors, "enterprise", enterprise.unit_path, jurisdiction, enterprise.name)
    if not name:
        errors.add("name", _("Nhập tên ca (ví dụ: Ca 1)."))
    if any(worker.enterprise_id != enterprise.pk for worker in workers):
        errors.add("workers", _("Chỉ phân công người lao động của doanh nghiệp này."))
    errors.raise_any()
    with transaction.atomic():
        shift = Shift.objects.create(
            enterprise=enterprise,
            unit_id=enterprise.unit_id,
            unit_path=enterprise.unit_path,
            name=name,
            day=day,
            starts_at=starts_at,
            created_at=clock.now(),
        )
        shift.workers.set(workers)
        audit.record(actor=actor, action=AuditAction.CREATE, instance=shift, summary=str(shift))
    return shift
