"""Persons from a file: matched rows are people the registry already has; new ones are created once per
person in the file (``imports.newpeople``). Nothing is maintained from the registry itself."""

from typing import Any

from django.utils.translation import gettext as _

from phaodai.core.permissions import Perm
from phaodai.imports.checking import mark
from phaodai.imports.fields import ADDRESS, PERSON_FIELDS
from phaodai.imports.models import ImportBatch, RowStatus
from phaodai.imports.newpeople import create_new_persons
from phaodai.imports.spec import Kind, valid_rows


class PersonsWriter:
    entity = "people.person"

    def people(self, batch: ImportBatch) -> int:
        mark(batch, RowStatus.EXISTING, _("Đã có trong sổ người dân."), "s.person_id IS NOT NULL")
        return create_new_persons(batch)

    def write(self, batch: ImportBatch, low: int, high: int, actor: Any) -> int:
        return valid_rows(batch, low, high)

    def finish(self, batch: ImportBatch) -> None:
        """Nothing to recount."""


KIND = Kind(fields=(*PERSON_FIELDS, ADDRESS), permission=Perm.PEOPLE_EDIT, writer=PersonsWriter())
