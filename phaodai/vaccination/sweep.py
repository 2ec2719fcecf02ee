"""Sweep lists for mobile teams ("đi từng ngõ, gõ từng nhà, rà từng người"): in one commune, who is old
enough for a vaccine and has none, or whose next dose is due, the most at risk first; contraindicated
people are left out and counted apart."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from phaodai.core import rules
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit
from phaodai.people.models import Person
from phaodai.vaccination import rulesets
from phaodai.vaccination.models import Contraindication
from phaodai.vaccination.schedule import youngest_age


class Priority:
    AGE_65 = 1
    AGE_50 = 2
    COMORBID = 3
    PREGNANT = 4
    OTHER = 5


@dataclass(frozen=True)
class Sweep:
    commune: AdminUnit
    on: dt.date
    min_age: int
    persons: QuerySet[Person]  # in priority order, annotated with ``priority``
    contraindicated: int


def _contraindicated(on: dt.date) -> Exists:
    active = Contraindication.objects.filter(Q(until__isnull=True) | Q(until__gte=on), person=OuterRef("pk"))
    return Exists(active)


def _priority(on: dt.date) -> Case:
    return Case(
        When(birth_year__lte=on.year - 65, then=Value(Priority.AGE_65)),
        When(birth_year__lte=on.year - 50, then=Value(Priority.AGE_50)),
        When(~Q(comorbidities=[]), then=Value(Priority.COMORBID)),
        When(pregnant=True, then=Value(Priority.PREGNANT)),
        default=Value(Priority.OTHER),
        output_field=IntegerField(),
    )


def sweep_list(*, jurisdiction: Jurisdiction, commune: AdminUnit, on: dt.date) -> Sweep:
    """People of the commune (in the jurisdiction) to visit on ``on``: unvaccinated and old enough for a
    product in the catalogue in force, or with a dose due; the contraindicated apart."""
    min_age = youngest_age(rules.in_force(rulesets.PRODUCTS, on=on, unit_path=commune.path).params)
    residents = Person.objects.visible_to(jurisdiction).visible_to(Jurisdiction.of([commune.path]))
    wanted = residents.filter(
        Q(vaccination_status__isnull=True, birth_year__lte=on.year - min_age)
        | Q(vaccination_status__next_due_on__lte=on)
    ).annotate(contraindicated=_contraindicated(on))
    persons = (
        wanted.filter(contraindicated=False)
        .annotate(priority=_priority(on))
        .select_related("vaccination_status", "unit")
        .order_by("priority", "name_sort", "pk")
    )
    return Sweep(commune, on, min_age, persons, wanted.filter(contraindicated=True).count())


def is_overdue(person: Person, on: dt.date) -> bool:
    status = getattr(person, "vaccination_status", None)
    return status is not None and status.overdue_on is not None and status.overdue_on < on
