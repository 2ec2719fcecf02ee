"""Persons for tests, created through the service so that tokens, sort keys and audit rows are real."""

from typing import Any

from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit
from phaodai.people.models import Person
from phaodai.people.services import PersonInput, person_create


def make_person(
    unit: AdminUnit, full_name: str = "Lò Văn Pọm", *, actor: Any = None, **fields: Any
) -> Person:
    data = PersonInput(
        full_name=full_name,
        birth_year=fields.pop("birth_year", 1980),
        sex=fields.pop("sex", "M"),
        unit=unit,
        **fields,
    )
    person = person_create(actor=actor, jurisdiction=Jurisdiction.of([unit.path]), data=data).person
    assert person is not None, "the CCCD belongs to a person elsewhere"
    return person
