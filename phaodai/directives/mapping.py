"""From the names a directive writes ("Sở Y tế", "Trung tâm Y tế các huyện, thành phố") to the deployment's
organisations, by kind and level (and place, when one is named). A name that matches nothing stays a
name: the review form shows it, and nobody receives a task by guesswork.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet

from phaodai.accounts.models import Organisation
from phaodai.accounts.selectors import organisation_list
from phaodai.core.scoping import Jurisdiction
from phaodai.directives.parsing.bodies import Level, Target, targets_of
from phaodai.directives.parsing.text import fold
from phaodai.geo.models import UnitLevel

_LEVELS = {
    Level.PROVINCE: UnitLevel.PROVINCE,
    Level.DISTRICT: UnitLevel.DISTRICT,
    Level.COMMUNE: UnitLevel.COMMUNE,
}


@dataclass
class Mapped:
    """The organisations the names map to, and the names that map to none."""

    organisations: list[Organisation] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)


def _bare(name: str) -> str:
    folded = fold(name).strip()
    return folded[4:] if folded.startswith("cac ") else folded


def _matches(organisation: Organisation, target: Target, name: str) -> bool:
    if target.kind is None:  # a body without a kind of its own: only an organisation of that name
        return _bare(name) in fold(organisation.name)
    if organisation.kind != target.kind or organisation.unit.level != _LEVELS[target.level]:
        return False
    return not target.place or fold(organisation.unit.name).endswith(fold(target.place))


def organisations_for(name: str, candidates: Sequence[Organisation]) -> list[Organisation]:
    targets = targets_of(name)
    return [org for org in candidates if any(_matches(org, target, name) for target in targets)]


def assignable(*, jurisdiction: Jurisdiction) -> QuerySet[Organisation]:
    """The organisations a directive issued in ``jurisdiction`` may assign tasks to."""
    return organisation_list(jurisdiction=jurisdiction)


def candidates(*, jurisdiction: Jurisdiction) -> list[Organisation]:
    return list(assignable(jurisdiction=jurisdiction))


def map_names(names: Iterable[str], candidates: Sequence[Organisation]) -> Mapped:
    mapped = Mapped()
    for name in names:
        found = organisations_for(name, candidates)
        if not found:
            mapped.unmapped.append(name)
        for organisation in found:
            if organisation not in mapped.organisations:
                mapped.organisations.append(organisation)
    return mapped
