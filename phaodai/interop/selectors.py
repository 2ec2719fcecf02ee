"""What a person's FHIR Bundle is built from, read through the caller's jurisdiction (the person must be
in it; their doses, results and cases come with them, wherever they were recorded)."""

from dataclasses import dataclass
from typing import Any

from phaodai.cases.models import Case
from phaodai.core.scoping import Jurisdiction
from phaodai.diagnostics.models import Result
from phaodai.people.models import Person
from phaodai.people.selectors import person_get
from phaodai.vaccination.selectors import person_doses


@dataclass(frozen=True)
class PersonRecord:
    person: Person
    doses: Any
    results: Any
    cases: Any


def person_record(*, jurisdiction: Jurisdiction, pk: object) -> PersonRecord:
    person = person_get(jurisdiction=jurisdiction, pk=pk)
    return PersonRecord(
        person=person,
        doses=person_doses(person=person),
        results=Result.objects.filter(sample__person=person).select_related("sample").order_by("resulted_at"),
        cases=Case.objects.filter(person=person).order_by("report_date"),
    )
