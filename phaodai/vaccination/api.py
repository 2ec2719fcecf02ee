"""Doses, sessions and coverage over the API: the same selectors (scoped) and services (the rules,
audited) as the pages. Lists filter by ``?unit=<id>`` (that unit and below) and ``?from=``/``?to=``
(``since``/``until`` still accepted); coverage and the due list are as of ``?on=``."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.core import clock
from phaodai.core.permissions import Perm
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.api import ScopedViewSet
from phaodai.people.selectors import person_list
from phaodai.vaccination import coverage, selectors, services
from phaodai.vaccination.checks import DoseInput
from phaodai.vaccination.models import Dose, DoseKind, Session, VaccinationStatus

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
NOT_IN_AREA = _("Không tồn tại hoặc không thuộc địa bàn bạn quản lý.")


class DoseSerializer(serializers.ModelSerializer[Dose]):
    kind = serializers.CharField(read_only=True, help_text="primary, additional, booster")
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    lot_number = serializers.CharField(source="lot.number", read_only=True)

    class Meta:
        model = Dose
        fields = (
            "id", "person", "person_name", "number", "kind", "product", "lot", "lot_number", "given_on",
            "unit", "unit_path", "session", "team", "rules", "created_at",
        )  # fmt: skip
        read_only_fields = fields


def _in_area(queryset: Any, *, required: bool = True) -> serializers.PrimaryKeyRelatedField[Any]:
    """A reference to a row of the caller's area; any other "does not exist"."""
    optional: dict[str, Any] = {} if required else {"required": False, "allow_null": True, "default": None}
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, error_messages={"does_not_exist": NOT_IN_AREA}, **optional
    )


class DoseInputSerializer(serializers.Serializer[Dose]):
    """What a client sends for one dose; the rules are the service's."""

    number = serializers.IntegerField(min_value=1, max_value=9)
    kind = serializers.CharField(
        default=DoseKind.PRIMARY, max_length=12, help_text="primary, additional, booster"
    )
    product = serializers.CharField(max_length=16)
    given_on = serializers.DateField(input_formats=DATE_FORMATS)
    team = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdiction = self.context.get("jurisdiction", Jurisdiction.nothing())
        self.fields["person"] = _in_area(person_list(jurisdiction=jurisdiction))
        self.fields["lot"] = _in_area(selectors.vaccine_lots(jurisdiction=jurisdiction, on=dt.date.min))
        self.fields["unit"] = _in_area(selectors.site_units(jurisdiction=jurisdiction))
        sessions = selectors.recent_sessions(jurisdiction=jurisdiction, on=clock.today(), days=366)
        self.fields["session"] = _in_area(sessions, required=False)


class SessionSerializer(serializers.ModelSerializer[Session]):
    class Meta:
        model = Session
        fields = ("id", "team", "place", "held_on", "planned", "given", "unit", "unit_path", "created_at")
        read_only_fields = fields


class SessionInputSerializer(serializers.Serializer[Session]):
    team = serializers.CharField(max_length=120, allow_blank=True)
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    held_on = serializers.DateField(input_formats=DATE_FORMATS)
    planned = serializers.IntegerField(allow_null=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdiction = self.context.get("jurisdiction", Jurisdiction.nothing())
        self.fields["unit"] = serializers.PrimaryKeyRelatedField(
            queryset=selectors.site_units(jurisdiction=jurisdiction),
            error_messages={"does_not_exist": NOT_IN_AREA},
        )


class RecordViewSet(ScopedViewSet[Any]):
    """List (filtered), read and create one kind of record: subclasses name the selectors and the write."""

    list_selector: Callable[..., QuerySet[Any]]
    get_selector: Callable[..., Any]

    def _out(self, rows: Any, **kwargs: Any) -> Any:
        return self.get_serializer_class()(rows, **kwargs).data

    def list(self, request: Request) -> Response:
        return self._listed(type(self).list_selector(jurisdiction=self._jurisdiction()))

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self._out(type(self).get_selector(jurisdiction=self._jurisdiction(), pk=pk)))

    def _created(self, row: Any) -> Response:
        return Response(self._out(row), status=status.HTTP_201_CREATED)


class DoseViewSet(RecordViewSet):
    """``/api/vaccination-doses/``: doses given at sites in the jurisdiction; ``POST`` records one."""

    required_perm = Perm.VACCINATION_VIEW
    write_perm = Perm.VACCINATION_RECORD
    serializer_class = DoseSerializer
    list_selector = selectors.dose_list
    get_selector = selectors.dose_get
    date_field = "given_on"

    def create(self, request: Request) -> Response:
        data = DoseInput(**self._validated(DoseInputSerializer))
        return self._created(
            services.dose_record(actor=request.user, jurisdiction=self._jurisdiction(), data=data)
        )


class SessionViewSet(RecordViewSet):
    """``/api/vaccination-sessions/``: mobile team sessions, planned against given; ``POST`` plans one."""

    required_perm = Perm.VACCINATION_VIEW
    write_perm = Perm.VACCINATION_MANAGE
    serializer_class = SessionSerializer
    list_selector = selectors.session_list
    get_selector = selectors.session_get
    date_field = "held_on"

    def create(self, request: Request) -> Response:
        data = self._validated(SessionInputSerializer)
        return self._created(
            services.session_create(actor=request.user, jurisdiction=self._jurisdiction(), **data)
        )


class DueSerializer(serializers.ModelSerializer[VaccinationStatus]):
    next_kind = serializers.CharField(read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    birth_year = serializers.IntegerField(source="person.birth_year", read_only=True)

    class Meta:
        model = VaccinationStatus
        fields = (
            "person", "person_name", "birth_year", "unit", "unit_path", "doses", "last_product",
            "last_given_on", "next_number", "next_kind", "next_due_on", "overdue_on",
        )  # fmt: skip
        read_only_fields = fields


class DueViewSet(ScopedViewSet[VaccinationStatus]):
    """``/api/vaccination-due/?unit=<id>&on=YYYY-MM-DD``: people whose next dose is due by that day
    (today by default), the longest waiting first."""

    required_perm = Perm.VACCINATION_VIEW
    serializer_class = DueSerializer
    as_of_param = "on"
    as_of_help = "whose next dose is due by this day; default: today"

    def list(self, request: Request) -> Response:
        return self._listed(selectors.due_list(jurisdiction=self._jurisdiction(), on=self._as_of()))


class CoverageBandSerializer(serializers.Serializer[Any]):
    band = serializers.CharField()
    population = serializers.IntegerField()
    dose1 = serializers.FloatField(allow_null=True, help_text="% of the band's population with dose 1")
    dose2 = serializers.FloatField(allow_null=True)
    dose3 = serializers.FloatField(allow_null=True)


class CoverageRowSerializer(serializers.Serializer[Any]):
    unit = serializers.IntegerField()
    unit_path = serializers.CharField()
    name = serializers.CharField()
    bands = CoverageBandSerializer(many=True)


def _coverage_row(row: coverage.CoverageRow) -> dict[str, Any]:
    return {
        "unit": row.unit.pk,
        "unit_path": row.unit.path,
        "name": row.unit.name,
        "bands": [
            {
                "band": band,
                "population": population,
                "dose1": shares[0],
                "dose2": shares[1],
                "dose3": shares[2],
            }
            for band, population, shares in row.cells()
        ],
    }


class CoverageViewSet(ScopedViewSet[Any]):
    """``/api/vaccination-coverage/?unit=<id>&on=YYYY-MM-DD``: the unit's children (a commune: itself)
    with population and the percentage with dose 1, 2, 3 per age band."""

    required_perm = Perm.VACCINATION_VIEW
    serializer_class = CoverageRowSerializer
    as_of_param = "on"
    unit_help = "the unit whose children are listed (a commune: itself); default: your top unit"

    def list(self, request: Request) -> Response:
        rows = coverage.coverage_by_child(
            jurisdiction=self._jurisdiction(), parent=self._unit_or_top(), on=self._as_of()
        )
        page = self.paginate_queryset(rows)
        rows_out = CoverageRowSerializer([_coverage_row(row) for row in page or []], many=True)
        return self.get_paginated_response(rows_out.data)
