"""Keeping the search tokens' copy of each person's unit path in step after bulk re-stamps."""

from typing import Any

from django.db.models import F, OuterRef, Subquery
from django.dispatch import receiver

from phaodai.geo.signals import units_restamped
from phaodai.people.models import Person, PersonNameToken


@receiver(units_restamped)
def refresh_token_paths(sender: Any, **kwargs: Any) -> None:
    stale = PersonNameToken.objects.exclude(unit_path=F("person__unit_path"))
    stale.update(unit_path=Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("unit_path")[:1]))
