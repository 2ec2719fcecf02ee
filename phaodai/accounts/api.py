"""Organisations over the API: read-only, cut by jurisdiction."""

from typing import Any

from rest_framework import mixins, serializers

from phaodai.accounts import selectors
from phaodai.accounts.models import Organisation
from phaodai.core.permissions import Perm
from phaodai.geo.api import ScopedViewSet


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Organisation
        fields = ("id", "name", "short_name", "kind", "unit", "unit_name", "unit_path", "served_units")


class OrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet[Organisation]):
    """``/api/organisations/``: the organisations placed in the caller's area (``?unit=`` a subtree)."""

    serializer_class = OrganisationSerializer
    required_perm = Perm.ORGANISATIONS_VIEW
    undated = "an organisation has no date of its own"

    def get_queryset(self) -> Any:
        return selectors.organisation_list(jurisdiction=self._jurisdiction()).prefetch_related("served_units")
