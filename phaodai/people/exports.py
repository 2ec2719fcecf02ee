"""CSV exports of the person registry, streamed row by row."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from phaodai.core.csvstream import stream_csv
from phaodai.core.masking import mask_national_id, mask_phone, shown
from phaodai.people.models import Person


def _columns(*, masked: bool) -> list[tuple[str, Any]]:
    return [
        (_("Họ và tên"), lambda p: p.full_name),
        (_("Năm sinh"), lambda p: p.birth_year),
        (_("Ngày sinh"), lambda p: p.birth_date.strftime("%d/%m/%Y") if p.birth_date else ""),
        (_("Giới tính"), lambda p: p.get_sex_display()),
        (_("Số CCCD/CMND"), shown(lambda p: p.national_id, mask_national_id, masked=masked)),
        (_("Số điện thoại"), shown(lambda p: p.phone, mask_phone, masked=masked)),
        (_("Địa chỉ"), lambda p: p.address),
        (_("Đơn vị"), lambda p: p.unit.name),
        (_("Mã đơn vị"), lambda p: p.unit.code),
        (_("Dân tộc"), lambda p: p.ethnicity),
        (_("Nghề nghiệp"), lambda p: p.occupation),
        (_("Bệnh nền"), lambda p: ", ".join(p.comorbidities)),
        (_("Đang mang thai"), lambda p: _("Có") if p.pregnant else ""),
    ]


def person_csv(persons: Iterable[Person], *, masked: bool) -> Iterator[str]:
    """The header, then one CSV line per person; ID and phone stay text (leading zeros kept by quoting),
    masked when ``masked`` (a reader without the right to the full numbers)."""
    return stream_csv(_columns(masked=masked), persons)
