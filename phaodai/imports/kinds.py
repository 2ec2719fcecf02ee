"""The kinds of file the platform imports, each defined in its own module (``imports.spec``)."""

from collections.abc import Callable

from django.http import Http404

from phaodai.imports import cases as case_kind
from phaodai.imports import contacts as contact_kind
from phaodai.imports import doses, persons
from phaodai.imports import results as result_kind
from phaodai.imports.fields import Field
from phaodai.imports.models import ImportKind
from phaodai.imports.spec import Kind

KINDS: dict[str, Kind] = {
    ImportKind.PERSONS: persons.KIND,
    ImportKind.DOSES: doses.KIND,
    ImportKind.CASES: case_kind.KIND,
    ImportKind.RESULTS: result_kind.KIND,
    ImportKind.CONTACTS: contact_kind.KIND,
}


def kind_get(kind: str) -> Kind:
    """The kind named ``kind``; one the platform does not import (yet) is not found."""
    try:
        return KINDS[kind]
    except KeyError:
        raise Http404 from None


def fields_of(kind: str) -> dict[str, Field]:
    return {field.key: field for field in kind_get(kind).fields}


def importable(can: Callable[[str], bool]) -> list[tuple[str, str]]:
    """(value, label) of the kinds a user for whom ``can(permission)`` holds may import."""
    return [
        (kind.value, str(kind.label)) for kind in ImportKind if kind in KINDS and can(KINDS[kind].permission)
    ]
