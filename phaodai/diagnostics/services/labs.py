"""Registering a lab."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.core.errors import FieldErrors
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import nfc
from phaodai.diagnostics.models import Lab
from phaodai.diagnostics.reference import LabKind
from phaodai.diagnostics.services import checks
from phaodai.geo.models import AdminUnit


def lab_create(*, actor: Any, jurisdiction: Jurisdiction, unit: AdminUnit, name: str, kind: str) -> Lab:
    errors = FieldErrors()
    name = nfc(name).strip()
    if not name:
        errors.add("name", _("Nhập tên phòng xét nghiệm."))
    if kind not in LabKind.values:
        errors.add("kind", _("Chọn loại phòng xét nghiệm."))
    checks.in_scope(errors, "unit", unit.path, jurisdiction, unit.name)
    errors.raise_any()
    with transaction.atomic():
        return checks.create_placed(Lab, actor=actor, unit=unit, summary=name, name=name, kind=kind)
