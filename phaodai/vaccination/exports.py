"""The sweep list as CSV, streamed row by row for mobile teams (Excel opens UTF-8 with a BOM)."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from phaodai.core.csvstream import stream_csv
from phaodai.core.masking import mask_phone, shown
from phaodai.people.models import Person
from phaodai.vaccination.sweep import Sweep, is_overdue


def _next(person: Person, sweep: Sweep) -> str:
    status = getattr(person, "vaccination_status", None)
    if status is None:
        return _("Chưa tiêm mũi nào")
    due = status.next_due_on.strftime("%d/%m/%Y") if status.next_due_on else ""
    state = _("quá hạn") if is_overdue(person, sweep.on) else _("đến hạn")
    return _("Mũi %(n)s %(state)s từ %(day)s") % {"n": status.next_number, "state": state, "day": due}


def _columns(sweep: Sweep, *, masked: bool) -> list[tuple[str, Any]]:
    return [
        (_("Ưu tiên"), lambda p: p.priority),
        (_("Họ và tên"), lambda p: p.full_name),
        (_("Năm sinh"), lambda p: p.birth_year),
        (_("Số điện thoại"), shown(lambda p: p.phone, mask_phone, masked=masked)),
        (_("Địa chỉ"), lambda p: p.address),
        (_("Thôn/bản"), lambda p: p.unit.name),
        (_("Bệnh nền"), lambda p: ", ".join(p.comorbidities)),
        (_("Đang mang thai"), lambda p: _("Có") if p.pregnant else ""),
        (_("Cần tiêm"), lambda p: _next(p, sweep)),
    ]


def sweep_csv(sweep: Sweep, persons: Iterable[Person], *, masked: bool) -> Iterator[str]:
    """The sweep list, phones masked when ``masked`` (a reader without the right to the full numbers)."""
    return stream_csv(_columns(sweep, masked=masked), persons)
