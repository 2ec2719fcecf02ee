"""What the person page shows beyond the rows themselves: the next dose and the fully-vaccinated verdict
under the documents in force, and the form's first guess at the next dose."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from phaodai.core import rules
from phaodai.core.errors import DomainError
from phaodai.core.models import RuleSet
from phaodai.people.models import Person
from phaodai.vaccination import rulesets
from phaodai.vaccination.models import Dose, DoseKind, VaccinationStatus
from phaodai.vaccination.schedule import Given, catalogue, fully_vaccinated


@dataclass(frozen=True)
class Verdict:
    fully: bool
    rule: RuleSet | None


def verdict(person: Person, doses: list[Dose], on: dt.date) -> Verdict:
    """Fully vaccinated today under the definition in force today (rules.md §3.5)?"""
    try:
        definition = rules.in_force(rulesets.FULLY, on=on, unit_path=person.unit_path)
        products = rules.in_force(rulesets.PRODUCTS, on=on, unit_path=person.unit_path)
    except DomainError:
        return Verdict(False, None)
    history = [Given(d.number, d.kind, d.product, d.given_on) for d in doses]
    return Verdict(
        fully_vaccinated(history, catalogue(products.params), definition.params, on=on), definition
    )


def dose_initial(status: VaccinationStatus | None, on: dt.date) -> dict[str, Any]:
    if status is None:
        return {"number": 1, "kind": DoseKind.PRIMARY, "given_on": on}
    product = status.series_product if status.next_kind == DoseKind.PRIMARY else ""
    return {
        "number": status.doses + 1,
        "kind": status.next_kind or DoseKind.BOOSTER,
        "product": product,
        "given_on": on,
    }
