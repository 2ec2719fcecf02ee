"""Rebuilding the maintained vaccination rows from the doses (the command, the demo, the benchmark)."""

from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.core.errors import DomainError
from phaodai.geo.models import AdminUnit
from phaodai.geo.services import deployment_map
from phaodai.vaccination.models import Dose
from phaodai.vaccination.status import rebuild_counters, rebuild_statuses


def _path(unit_code: str) -> str:
    if not unit_code:
        return ""
    unit = AdminUnit.objects.filter(unit_map=deployment_map(), code=unit_code).exclude(level=4).first()
    if unit is None:
        raise DomainError(_("Không có đơn vị mã «%(code)s».") % {"code": unit_code}, field="unit")
    return unit.path


def rebuild(*, unit_code: str = "") -> tuple[int, int]:
    """Counters of the communes under the unit, statuses of the persons they hold; one transaction."""
    under = _path(unit_code)
    doses = Dose.objects.filter(home_path__startswith=under) if under else Dose.objects.all()
    with transaction.atomic():
        counters = rebuild_counters(under=under)
        statuses = rebuild_statuses(person_ids=list(doses.values_list("person_id", flat=True).distinct()))
    return counters, statuses
