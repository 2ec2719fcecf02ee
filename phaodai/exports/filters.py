"""Reading an export's filters from the request (or from the job row, which keeps them as asked).

One reader for both paths, so the background job exports exactly the rows the page counted. A unit
outside the jurisdiction is a 404, as everywhere; a bad date or value is a Vietnamese message naming
the field, and nothing is exported.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from phaodai.core.errors import FieldErrors
from phaodai.core.scoping import Jurisdiction
from phaodai.exports.models import FileFormat
from phaodai.exports.registry import LineList, Option, Query
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.geo.selectors import unit_find

UNIT, SINCE, UNTIL, FORMAT = "don-vi", "tu-ngay", "den-ngay", "dinh-dang"
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")  # as typed, and as a date input sends it


@dataclass(frozen=True)
class ExportRequest:
    line_list: LineList
    query: Query
    file_format: str
    params: dict[str, str]  # the filters as read, normalised: what the job re-reads and the audit keeps


def _day(raw: str, field: str, label: str, errors: FieldErrors) -> dt.date | None:
    text = raw.strip()
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    errors.add(field, _("%(field)s: “%(value)s” không phải là ngày (nhập dạng dd/mm/yyyy).")
               % {"field": label, "value": text[:20]})  # fmt: skip
    return None


def _unit(raw: str, line_list: LineList, jurisdiction: Jurisdiction, errors: FieldErrors) -> AdminUnit | None:
    unit = unit_find(jurisdiction=jurisdiction, pk=raw) if raw.strip() else None
    if raw.strip() and unit is None:
        raise Http404  # outside the jurisdiction looks exactly like a unit that does not exist
    if line_list.commune_required and (unit is None or unit.level != UnitLevel.COMMUNE):
        errors.add(UNIT, _("Đơn vị: hãy chọn một xã/phường (danh sách rà soát là của từng xã)."))
    return unit


def _option(option: Option, data: Mapping[str, Any], errors: FieldErrors) -> str:
    value = str(data.get(option.param, "") or option.default)
    if value not in {str(choice) for choice, _label in option.choices()}:
        errors.add(option.param, _("%(field)s: giá trị “%(value)s” không có trong danh sách.")
                   % {"field": option.label, "value": value[:40]})  # fmt: skip
    return value


def _dates(line_list: LineList, data: Mapping[str, Any], errors: FieldErrors) -> tuple[dt.date | None, ...]:
    if not line_list.date_field:
        return None, None
    since = _day(str(data.get(SINCE, "")), SINCE, _("Từ ngày"), errors)
    until = _day(str(data.get(UNTIL, "")), UNTIL, _("Đến ngày"), errors)
    if since and until and since > until:
        errors.add(UNTIL, _("Đến ngày: phải sau hoặc bằng từ ngày (%(since)s).")
                   % {"since": since.strftime("%d/%m/%Y")})  # fmt: skip
    return since, until


def read_filters(
    line_list: LineList, data: Mapping[str, Any], *, jurisdiction: Jurisdiction, today: dt.date, masked: bool
) -> ExportRequest:
    """The export asked for by ``data`` (GET/POST parameters or a job's ``params``); raises
    ``DomainError`` with every bad field at once, or ``Http404`` for a unit out of scope."""
    errors = FieldErrors()
    unit = _unit(str(data.get(UNIT, "")), line_list, jurisdiction, errors)
    since, until = _dates(line_list, data, errors)
    options = {option.param: _option(option, data, errors) for option in line_list.options}
    file_format = str(data.get(FORMAT, "") or FileFormat.XLSX)
    if file_format not in FileFormat.values:
        errors.add(FORMAT, _("Định dạng tệp: chọn Excel (.xlsx) hoặc CSV."))
    errors.raise_any()
    params = {
        **({UNIT: str(unit.pk)} if unit else {}),
        **({SINCE: since.isoformat()} if since else {}),
        **({UNTIL: until.isoformat()} if until else {}),
        **options,
    }
    query = Query(jurisdiction, today, unit, since, until, options, masked)
    return ExportRequest(line_list, query, file_format, params)
