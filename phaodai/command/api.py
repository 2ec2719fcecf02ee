"""Epidemic levels and daily figures over the API, from the same selectors as the pages.

``/api/risk-levels/?unit=<id>&week_end=YYYY-MM-DD`` (the unit and below; the latest week by default);
``/api/daily-figures/?unit=<id>&day=YYYY-MM-DD`` (one unit's figures of one reporting day).
"""

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.command import selectors
from phaodai.command.models import RiskAssessment
from phaodai.core import clock
from phaodai.core.api import query_date
from phaodai.core.permissions import Perm
from phaodai.geo.api import ScopedViewSet


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


class _Command[M: Model](ScopedViewSet[M]):
    required_perm = Perm.COMMAND_VIEW
    unit_help = "a unit of your area (and below); default: your top unit; any other: 404"

    def _counted_day(self) -> dt.date | None:
        """The ``as_of_param`` day if given; days before the first counted day have no figures (400)."""
        name = self.as_of_param or ""
        day = query_date(self.request, name)
        if day is not None and day < selectors.FIRST_DAY:
            first = selectors.FIRST_DAY.isoformat()
            raise serializers.ValidationError(
                {name: [_("Ngày phải từ %(first)s trở đi.") % {"first": first}]}
            )
        return day


class RiskLevelViewSet(_Command[RiskAssessment]):
    serializer_class = RiskLevelSerializer
    as_of_param = "week_end"
    as_of_help = "the last day of the week assessed; default: the latest week assessed"

    def list(self, request: Request) -> Response:
        jurisdiction, unit = self._jurisdiction(), self._unit_or_top()
        week_end = self._counted_day() or selectors.latest_week(
            jurisdiction=jurisdiction, parent=unit, on=clock.today()
        )
        rows = selectors.assessments(jurisdiction=jurisdiction, parent=unit, week_end=week_end or dt.date.min)
        page = self.paginate_queryset(rows) or []
        return self.get_paginated_response(RiskLevelSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: int) -> Response:
        row = selectors.assessment_get(jurisdiction=self._jurisdiction(), pk=pk)
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
    """The figures endpoint answers one object at its list address (one unit, one day), not an array;
    its filters are documented all the same."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        return False

    def get_filter_backends(self) -> list[Any]:
        return list(getattr(self.view, "filter_backends", []))


class DailyFiguresViewSet(_Command[Any]):
    """``/api/daily-figures/?unit=<id>&day=YYYY-MM-DD``: one unit's figures of one reporting day."""

    schema = _OneObject()
    serializer_class = DailyFiguresSerializer
    pagination_class = None
    as_of_param = "day"
    as_of_help = "the reporting day; default: today"

    @extend_schema(responses=DailyFiguresSerializer)
    def list(self, request: Request) -> Response:
        unit, day = self._unit_or_top(), self._counted_day() or clock.today()
        figures = selectors.day_figures(jurisdiction=self._jurisdiction(), unit=unit, day=day)
        return Response(DailyFiguresSerializer({**asdict(figures), "unit": unit.pk}).data)
