"""Organisations over the API: read-only, cut by jurisdiction."""

from typing import Any

from rest_framework import serializers, viewsets

from phaodai.accounts import selectors
from phaodai.accounts.models import Organisation
from phaodai.core.access import access_for
from phaodai.core.permissions import Perm


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Organisation
        fields = ("id", "name", "short_name", "kind", "unit", "unit_name", "unit_path", "served_units")


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet[Organisation]):
    serializer_class = OrganisationSerializer
    required_perm = Perm.ORGANISATIONS_VIEW
    lookup_value_converter = "int"

    def get_queryset(self) -> Any:
        return selectors.organisation_list(
            jurisdiction=access_for(self.request).jurisdiction
        ).prefetch_related("served_units")
