"""Cases for tests: a valid row straight from factory_boy, or a registration through the service."""

import datetime as dt
from typing import Any

import factory

from phaodai.cases import rulesets
from phaodai.cases.clusters import cluster_create
from phaodai.cases.models import Case, Cluster
from phaodai.cases.reference import (
    CaseBasis,
    CaseStatus,
    ClusterSetting,
    Detection,
    PlaceOfCare,
    Severity,
    TestKind,
)
from phaodai.cases.services import CaseInput, case_register
from phaodai.core import clock, rules
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.models import AdminUnit
from phaodai.people.models import Person, commune_path

# The demo runs in late November 2021 (Delta wave): 4689 severity, 4038 home care, RT-PCR definition.
TODAY = dt.date(2021, 11, 20)


def _in_force(kind: str) -> Any:
    return factory.LazyAttribute(lambda o: rules.in_force(kind, on=o.report_date, unit_path=o.unit_path))


class CaseFactory(factory.django.DjangoModelFactory):
    """An active F0 treated at home, decided under the rule sets in force on its report date.

    Pass ``person``; the case is placed where they live.
    """

    class Meta:
        model = Case

    unit = factory.LazyAttribute(lambda o: o.person.unit)
    unit_path = factory.LazyAttribute(lambda o: o.person.unit_path)
    status = CaseStatus.ACTIVE
    basis = CaseBasis.PCR
    test_kind = TestKind.PCR
    report_date = factory.LazyFunction(clock.today)
    detected_in = Detection.COMMUNITY
    severity = Severity.MILD
    place_of_care = PlaceOfCare.HOME
    home_care_eligible = True
    definition_rules = _in_force(rulesets.DEFINITION)
    severity_rules = _in_force(rulesets.SEVERITY)
    home_care_rules = _in_force(rulesets.HOME_CARE)
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)


def commune_of(person: Person) -> Jurisdiction:
    return Jurisdiction.of([commune_path(person.unit)])


def case_input(person: Person, **fields: Any) -> CaseInput:
    """A positive RT-PCR found in the community, cared for at home, reported today unless told otherwise."""
    values: dict[str, Any] = {
        "report_date": clock.today(),
        "test_kind": TestKind.PCR,
        "detected_in": Detection.COMMUNITY,
        "place_of_care": PlaceOfCare.HOME,
        **fields,
    }
    return CaseInput(person=person, **values)


def register(
    person: Person, *, actor: Any = None, jurisdiction: Jurisdiction | None = None, **fields: Any
) -> Case:
    """Register through the service, as the health station of the commune where the person lives."""
    return case_register(
        actor=actor,
        jurisdiction=jurisdiction or commune_of(person),
        data=case_input(person, **fields),
    )


def make_cluster(unit: AdminUnit, name: str = "Ổ dịch bản Tả Phìn", **fields: Any) -> Cluster:
    return cluster_create(
        actor=fields.pop("actor", None),
        jurisdiction=Jurisdiction.of([unit.path]),
        name=name,
        setting=fields.pop("setting", ClusterSetting.VILLAGE),
        unit=unit,
        opened_on=fields.pop("opened_on", clock.today()),
        **fields,
    )
