"""Epidemic levels and daily figures over the API, from the same selectors as the pages.

``/api/risk-levels/?unit=<id>&week_end=YYYY-MM-DD`` (the unit and below; the latest week by default);
``/api/daily-figures/?unit=<id>&day=YYYY-MM-DD`` (one unit's figures of one reporting day).
"""

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.command import selectors
from phaodai.command.models import RiskAssessment
from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.permissions import Perm
from phaodai.geo.models import AdminUnit
from phaodai.geo.selectors import unit_find, unit_or_top


class RiskLevelSerializer(serializers.ModelSerializer[RiskAssessment]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    unit_level = serializers.IntegerField(source="unit.level", read_only=True)
    effective_level = serializers.IntegerField(read_only=True)
    rules_code = serializers.CharField(source="rules.code", read_only=True)
    rules_need_checking = serializers.BooleanField(source="rules.needs_checking", read_only=True)

    class Meta:
        model = RiskAssessment
        fields = (
            "id", "unit", "unit_name", "unit_level", "unit_path", "week_end", "level", "override_level",
            "override_reason", "effective_level", "reasons", "figures", "method", "rules", "rules_code",
            "rules_need_checking", "computed_at",
        )  # fmt: skip
        read_only_fields = fields


def _day(request: Request, name: str) -> dt.date | None:
    raw = request.query_params.get(name, "")
    try:
        day = dt.date.fromisoformat(raw[:10]) if raw else None
    except ValueError as exc:
        raise serializers.ValidationError({name: [_("Ngày phải theo dạng YYYY-MM-DD.")]}) from exc
    if day is not None and day < selectors.FIRST_DAY:
        first = selectors.FIRST_DAY.isoformat()
        raise serializers.ValidationError({name: [_("Ngày phải từ %(first)s trở đi.") % {"first": first}]})
    return day


def _unit(request: Request) -> AdminUnit:
    """``?unit=``: a unit of the caller's area (any other: not found); their top unit when absent."""
    jurisdiction, raw = access_for(request).jurisdiction, request.query_params.get("unit", "")
    unit = (
        unit_find(jurisdiction=jurisdiction, pk=raw) if raw else unit_or_top(jurisdiction=jurisdiction, pk="")
    )
    if unit is None:
        raise Http404
    return unit


class RiskLevelViewSet(viewsets.GenericViewSet[RiskAssessment]):
    required_perm = Perm.COMMAND_VIEW
    serializer_class = RiskLevelSerializer
    lookup_value_converter = "int"

    def list(self, request: Request) -> Response:
        jurisdiction, unit = access_for(request).jurisdiction, _unit(request)
        week_end = _day(request, "week_end") or selectors.latest_week(
            jurisdiction=jurisdiction, parent=unit, on=clock.today()
        )
        rows = selectors.assessments(jurisdiction=jurisdiction, parent=unit, week_end=week_end or dt.date.min)
        page = self.paginate_queryset(rows) or []
        return self.get_paginated_response(RiskLevelSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: int) -> Response:
        row = selectors.assessment_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
        return Response(RiskLevelSerializer(row).data)


class DailyFiguresSerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    unit = serializers.IntegerField()
    new_community = serializers.IntegerField()
    new_other = serializers.IntegerField()
    new_week = serializers.IntegerField()
    total_cases = serializers.IntegerField()
    recovered = serializers.IntegerField()
    deaths = serializers.IntegerField()
    total_deaths = serializers.IntegerField()
    active = serializers.DictField(child=serializers.IntegerField())
    f1 = serializers.DictField(child=serializers.IntegerField())
    tests_done = serializers.IntegerField()
    tests_positive = serializers.IntegerField()
    escalations_open = serializers.IntegerField()
    occupied = serializers.DictField(child=serializers.IntegerField())
    beds = serializers.DictField(child=serializers.IntegerField())


class _OneObject(AutoSchema):
    """The figures endpoint answers one object at its list address (one unit, one day), not an array."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        return False


class DailyFiguresViewSet(viewsets.GenericViewSet[Any]):
    schema = _OneObject()
    required_perm = Perm.COMMAND_VIEW
    serializer_class = DailyFiguresSerializer
    pagination_class = None

    @extend_schema(responses=DailyFiguresSerializer, parameters=[
        OpenApiParameter("unit", int, description="the unit (and below); default: your top unit"),
        OpenApiParameter("day", OpenApiTypes.DATE, description="the reporting day; default: today"),
    ])  # fmt: skip
    def list(self, request: Request) -> Response:
        unit, day = _unit(request), _day(request, "day") or clock.today()
        figures = selectors.day_figures(jurisdiction=access_for(request).jurisdiction, unit=unit, day=day)
        return Response(DailyFiguresSerializer({**asdict(figures), "unit": unit.pk}).data)
