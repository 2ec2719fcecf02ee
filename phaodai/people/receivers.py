"""Keeping the search tokens' copy of each person's unit path in step after bulk re-stamps."""

from typing import Any

from django.db.models import F, OuterRef, Subquery
from django.dispatch import receiver

from phaodai.core.scoping import Jurisdiction
from phaodai.geo.signals import units_restamped
from phaodai.people.models import Person, PersonNameToken


@receiver(units_restamped)
def refresh_token_paths(sender: Any, unit_paths: list[str] | None = None, **kwargs: Any) -> None:
    """Copy each moved person's path onto their tokens; only persons now under ``unit_paths`` if given."""
    stale = PersonNameToken.objects.exclude(unit_path=F("person__unit_path"))
    if unit_paths:
        stale = stale.filter(person__in=Person.objects.visible_to(Jurisdiction.of(unit_paths)))
    stale.update(unit_path=Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("unit_path")[:1]))
