"""Which column fills which field: the known titles first, then a saved template, then the person.

A mapping is ``{column index (text): field key}``; a column mapped to "" is deliberately ignored. It is
complete when every required field has a column; unknown columns then wait for a person on the mapping
screen, who may save the answer as a template for the next file with the same headers.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from phaodai.core.cellvalues import header_key
from phaodai.core.errors import DomainError, FieldErrors
from phaodai.imports.fields import Field
from phaodai.imports.kinds import fields_of

ONE_OF = (("unit_code", "unit_name"),)  # either column places the row
# Titles our own exports write that no kind reads, known so that an exported file needs nobody to map them:
# the village (a row is placed by its commune; a village's code repeats from commune to commune).
IGNORED = ("thon ban",)


@dataclass(frozen=True)
class Proposal:
    mapping: dict[str, str]
    unknown: list[int]  # column indexes nobody has mapped yet

    @property
    def complete(self) -> bool:
        return not self.unknown


def _alias_index(kind: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for field in fields_of(kind).values():
        for alias in (header_key(str(field.title)), *field.aliases):
            index.setdefault(alias, field.key)
    for title in IGNORED:
        index.setdefault(title, "")
    return index


def propose(kind: str, headers: list[str], template: dict[str, str] | None = None) -> Proposal:
    """Map each header by its known titles or the template (folded header -> field); the rest is unknown."""
    known, saved = _alias_index(kind), template or {}
    mapping: dict[str, str] = {}
    unknown: list[int] = []
    taken: set[str] = set()
    for index, header in enumerate(headers):
        key = header_key(header)
        field = saved.get(key, known.get(key))
        if not key:
            continue
        if field is None:
            unknown.append(index)
        elif field and field not in taken:
            mapping[str(index)] = field
            taken.add(field)
        else:
            mapping[str(index)] = ""  # ignored, or a second column for a field already mapped
    return Proposal(mapping, unknown)


def check(kind: str, headers: list[str], mapping: dict[str, str], *, placed: bool) -> None:
    """Refuse a mapping that leaves a required field without a column or fills one field twice; the rows'
    commune needs a column unless the batch is for one commune (``placed``)."""
    fields, errors = fields_of(kind), FieldErrors()
    chosen = [field for field in mapping.values() if field]
    for key in chosen:
        if key not in fields:
            raise DomainError(_("Trường «%(key)s» không có trong loại dữ liệu này.") % {"key": key})
        if chosen.count(key) > 1:
            errors.add(
                "mapping", _("Trường «%(field)s» được ghép với hai cột.") % {"field": fields[key].title}
            )
    for field in fields.values():
        if field.required and field.key not in chosen:
            errors.add("mapping", _("Chưa có cột cho trường bắt buộc «%(field)s».") % {"field": field.title})
    for group in ONE_OF:
        if not placed and group[0] in fields and not any(key in chosen for key in group):
            errors.add(
                "mapping", _("Cần cột mã xã/phường hoặc tên xã/phường (hoặc chọn một xã làm địa bàn).")
            )
    errors.raise_any()


def columns(kind: str, mapping: dict[str, str]) -> list[tuple[int, Field]]:
    """(column index, field) for every mapped column, in file order."""
    fields = fields_of(kind)
    return sorted((int(index), fields[key]) for index, key in mapping.items() if key)


def template_mapping(headers: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """The mapping keyed by folded header, as a template keeps it."""
    return {
        header_key(headers[int(index)]): key for index, key in mapping.items() if int(index) < len(headers)
    }
