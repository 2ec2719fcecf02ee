"""Units over the API: read-only, cut by the caller's jurisdiction like every other list."""

from typing import Any

from rest_framework import serializers, viewsets

from phaodai.core.access import access_for
from phaodai.core.permissions import Perm
from phaodai.core.text import is_digits
from phaodai.geo import selectors
from phaodai.geo.models import AdminUnit


class UnitSerializer(serializers.ModelSerializer[AdminUnit]):
    class Meta:
        model = AdminUnit
        fields = ("id", "unit_map", "level", "code", "name", "division_type", "parent", "path")


class UnitViewSet(viewsets.ReadOnlyModelViewSet[AdminUnit]):
    serializer_class = UnitSerializer
    required_perm = Perm.UNITS_VIEW
    lookup_value_converter = "int"

    def get_queryset(self) -> Any:
        level = self.request.query_params.get("level", "")
        return selectors.unit_list(
            jurisdiction=access_for(self.request).jurisdiction, level=int(level) if is_digits(level) else None
        )
