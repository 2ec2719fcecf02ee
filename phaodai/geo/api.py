"""The one base of every API viewset (decision 0013), its unit filter, and the units endpoint.

It lives here, not in the kernel, because the ``?unit=`` filter looks a unit up; the kernel holds the
date filter (``phaodai.core.api.DateFilter``) and knows no unit.
"""

import datetime as dt
from typing import Any, ClassVar

from django.db.models import Model
from django.http import Http404
from rest_framework import mixins, serializers, viewsets
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.api import DateFilter, query_date
from phaodai.core.permissions import Perm
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import is_digits
from phaodai.geo import selectors
from phaodai.geo.models import AdminUnit

UNIT_PARAM = "unit"


def _filters_list(view: Any) -> bool:
    """The filters cut lists; a detail read by the same queryset (``get_object``) is not cut."""
    return getattr(view, "action", None) == "list"


class UnitFilter(BaseFilterBackend):
    """``?unit=<id>``: the rows of that unit and below. A unit outside the caller's area, or no unit with
    that id, is "not found" (404), as on the pages. Not for a view whose rows belong to no place
    (``placed = False``)."""

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        unit = view._unit() if _filters_list(view) and getattr(view, "placed", True) else None
        if unit is None:
            return queryset
        under = Jurisdiction.of([unit.path])
        if isinstance(queryset, list):  # rows a selector has already read (a checkpoint's day)
            return [row for row in queryset if under.contains(row.unit_path)]
        return queryset.filter(under.q(getattr(queryset.model, "SCOPE_FIELD", "unit_path")))

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        if not (_filters_list(view) and getattr(view, "placed", True)):
            return []
        help_ = getattr(view, "unit_help", "a unit of your area: its rows and those below; any other: 404")
        return [
            {
                "name": UNIT_PARAM,
                "in": "query",
                "required": False,
                "description": help_,
                "schema": {"type": "integer"},
            }
        ]


class ScopedViewSet[M: Model](viewsets.GenericViewSet[M]):
    """The caller's jurisdiction, the ``?unit=`` and date filters, request bodies read in the caller's area.

    A list declares its date (``date_field``, ``as_of_param`` or ``undated``, see ``DateFilter``) and,
    when its rows belong to no place, ``placed = False``; ``tests/test_api_contract.py`` holds every
    list to that.
    """

    lookup_value_converter = "int"
    filter_backends = [UnitFilter, DateFilter]
    placed: ClassVar[bool] = True
    date_field: ClassVar[str | None] = None
    as_of_param: ClassVar[str | None] = None
    undated: ClassVar[str] = ""

    def _jurisdiction(self) -> Jurisdiction:
        return access_for(self.request).jurisdiction

    def _unit(self) -> AdminUnit | None:
        """The ``?unit=`` unit (once per request), None when absent; outside the area: 404."""
        if not hasattr(self, "_unit_asked"):
            raw = self.request.query_params.get(UNIT_PARAM, "")
            self._unit_asked = selectors.unit_find(jurisdiction=self._jurisdiction(), pk=raw) if raw else None
            if raw and self._unit_asked is None:
                raise Http404
        return self._unit_asked

    def _unit_or_top(self) -> AdminUnit:
        """The ``?unit=`` unit, else the caller's top unit (computed lists open on "your area")."""
        unit = self._unit() or selectors.top_units(jurisdiction=self._jurisdiction()).first()
        if unit is None:
            raise Http404
        return unit

    def _as_of(self) -> dt.date:
        """The day a computed list is for (``as_of_param``), today when absent."""
        return query_date(self.request, self.as_of_param or "") or clock.today()

    def _validated(self, serializer_class: type[serializers.Serializer[Any]]) -> dict[str, Any]:
        """The request body as ``serializer_class`` reads it, ids resolved in the caller's area."""
        serializer = serializer_class(data=self.request.data, context={"jurisdiction": self._jurisdiction()})
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _listed(
        self, rows: Any, serializer_class: type[serializers.BaseSerializer[Any]] | None = None
    ) -> Response:
        """One page of ``rows`` after the unit and date filters, as ``serializer_class`` shows them."""
        page = self.paginate_queryset(self.filter_queryset(rows))
        shown: Any = serializer_class or self.get_serializer_class()
        return self.get_paginated_response(shown(page, many=True).data)


class UnitSerializer(serializers.ModelSerializer[AdminUnit]):
    class Meta:
        model = AdminUnit
        fields = ("id", "unit_map", "level", "code", "name", "division_type", "parent", "path")


class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet[AdminUnit]):
    """``/api/units/``: the units of the caller's area (``?level=``, ``?unit=`` a subtree)."""

    serializer_class = UnitSerializer
    required_perm = Perm.UNITS_VIEW
    undated = "a unit has no date of its own"

    def get_queryset(self) -> Any:
        level = self.request.query_params.get("level", "")
        return selectors.unit_list(
            jurisdiction=self._jurisdiction(), level=int(level) if is_digits(level) else None
        )
