"""Readiness over the API: the summary per unit (what the dashboard shows), staffing reports and teams
with members and kits; the same selectors (scoped) and services (audited) as the pages. Lists filter
by ``?unit=<id>`` (that unit and below) and ``?from=``/``?to=``; the summary is as of ``?on=``."""

from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.core.permissions import Perm
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.api import ScopedViewSet
from phaodai.geo.selectors import placeable_units
from phaodai.readiness import selectors, services
from phaodai.readiness.models import StaffingReport, Team, TeamKind
from phaodai.readiness.services import MemberInput

NOT_IN_AREA = gettext_lazy("Không tồn tại hoặc không thuộc địa bàn bạn quản lý.")


def _in_area(queryset: Any) -> serializers.PrimaryKeyRelatedField[Any]:
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, error_messages={"does_not_exist": NOT_IN_AREA}
    )


class ShortfallSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    have = serializers.IntegerField(allow_null=True)
    need = serializers.IntegerField()
    overdue = serializers.BooleanField()
    note = serializers.CharField()


class LineSerializer(serializers.Serializer[Any]):
    unit = serializers.IntegerField(source="unit.pk")
    unit_path = serializers.CharField(source="unit.path")
    name = serializers.CharField(source="unit.name")
    level = serializers.IntegerField(source="unit.level")
    population = serializers.IntegerField(source="facts.population")
    doctor_present = serializers.BooleanField(allow_null=True)
    doctors = serializers.IntegerField(source="facts.doctors")
    rotating_doctors = serializers.IntegerField(source="facts.rotating_doctors")
    nurses = serializers.IntegerField(source="facts.nurses")
    communes = serializers.IntegerField(source="facts.communes")
    communes_without_doctor = serializers.IntegerField(source="facts.communes_without_doctor")
    mobile_stations = serializers.IntegerField(source="facts.mobile_stations")
    community_teams = serializers.IntegerField(source="facts.community_teams")
    beds_by_tier = serializers.DictField(source="facts.beds_by_tier", child=serializers.IntegerField())
    icu_beds = serializers.IntegerField(source="facts.icu_beds")
    oxygen_points = serializers.IntegerField(source="facts.oxygen_points")
    supplies = serializers.DictField(source="facts.supplies", child=serializers.IntegerField())
    shortfalls = ShortfallSerializer(many=True)
    overdue = serializers.BooleanField()


class ReadinessSummaryViewSet(ScopedViewSet[Any]):
    """``/api/readiness-summary/?unit=<id>&on=YYYY-MM-DD``: one line per child of the unit (default: the
    caller's top unit; a commune: itself) with its facts, the norms version and what is short."""

    required_perm = Perm.READINESS_VIEW
    serializer_class = LineSerializer
    as_of_param = "on"
    unit_help = "the unit whose children are listed (a commune: itself); default: your top unit"

    def list(self, request: Request) -> Response:
        unit = self._unit()
        summary = selectors.summary(
            jurisdiction=self._jurisdiction(), on=self._as_of(), unit_path=unit.path if unit else None
        )
        page = self.paginate_queryset(selectors.sorted_lines(summary.lines, "ma"))
        response = self.get_paginated_response(LineSerializer(page, many=True).data)
        response.data["norms"] = {
            "id": summary.norms.pk,
            "code": summary.norms.code,
            "status": summary.norms.status,
            "needs_checking": summary.norms.status != "C",
        }
        return response


class StaffingSerializer(serializers.ModelSerializer[StaffingReport]):
    doctor_present = serializers.BooleanField(read_only=True)

    class Meta:
        model = StaffingReport
        fields = (
            "id", "unit", "unit_path", "reported_on", "doctors", "rotating_doctors", "nurses", "other_staff",
            "doctor_present", "note", "created_at",
        )  # fmt: skip
        read_only_fields = fields


class StaffingInputSerializer(serializers.Serializer[Any]):
    """Counts are checked by the service (a negative count is refused there, with the field named)."""

    reported_on = serializers.DateField()
    doctors = serializers.IntegerField()
    rotating_doctors = serializers.IntegerField(default=0)
    nurses = serializers.IntegerField()
    other_staff = serializers.IntegerField(default=0)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdiction = self.context.get("jurisdiction", Jurisdiction.nothing())
        self.fields["unit"] = _in_area(selectors.station_units(jurisdiction=jurisdiction))


class StaffingViewSet(ScopedViewSet[StaffingReport]):
    """``/api/readiness-staffing/``: staffing reports of the commune stations; ``POST`` records one."""

    required_perm = Perm.READINESS_VIEW
    write_perm = Perm.READINESS_MANAGE
    serializer_class = StaffingSerializer
    date_field = "reported_on"

    def list(self, request: Request) -> Response:
        return self._listed(selectors.staffing_reports(jurisdiction=self._jurisdiction()))

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(
            StaffingSerializer(selectors.staffing_get(jurisdiction=self._jurisdiction(), pk=pk)).data
        )

    def create(self, request: Request) -> Response:
        data = self._validated(StaffingInputSerializer)
        report = services.staffing_record(actor=request.user, jurisdiction=self._jurisdiction(), **data)
        return Response(StaffingSerializer(report).data, status=status.HTTP_201_CREATED)


class MemberSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField(max_length=120, allow_blank=True)
    position = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class TeamSerializer(serializers.ModelSerializer[Team]):
    members = MemberSerializer(many=True, read_only=True)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Team
        fields = (
            "id", "kind", "name", "unit", "unit_path", "established_on", "dissolved_on", "phone",
            "member_count", "members",
        )  # fmt: skip
        read_only_fields = fields


class TeamInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=TeamKind.choices)
    name = serializers.CharField(max_length=200)
    established_on = serializers.DateField()
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    members = MemberSerializer(many=True, required=False, default=list)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdiction = self.context.get("jurisdiction", Jurisdiction.nothing())
        self.fields["unit"] = _in_area(placeable_units(jurisdiction=jurisdiction))


class KitInputSerializer(serializers.Serializer[Any]):
    item = serializers.PrimaryKeyRelatedField(queryset=selectors.kit_items())
    lot = serializers.PrimaryKeyRelatedField(
        queryset=selectors.kit_lots(), required=False, allow_null=True, default=None
    )
    quantity = serializers.IntegerField()
    occurred_on = serializers.DateField()
    reference = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")


def _team_out(team: Team) -> dict[str, Any]:
    data = dict(TeamSerializer(team).data)
    data["kit"] = [
        {
            "item": line.item_id,
            "name": line.item_name,
            "quantity": line.quantity,
            "counting_unit": line.counting_unit,
        }
        for line in selectors.team_kit(team=team)
    ]
    return data


class TeamViewSet(ScopedViewSet[Team]):
    """``/api/readiness-teams/``: mobile stations and community teams (``?kind=``, ``?from``/``?to`` on
    the day established); one team with its members and kit; ``POST`` creates one with members;
    ``POST .../<id>/kits/`` issues it stock."""

    required_perm = Perm.READINESS_VIEW
    write_perm = Perm.READINESS_MANAGE
    serializer_class = TeamSerializer
    date_field = "established_on"

    def list(self, request: Request) -> Response:
        kind = request.query_params.get("kind") or None
        rows = selectors.team_list(jurisdiction=self._jurisdiction(), kind=kind)
        return self._listed(rows.prefetch_related("members"))

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(_team_out(selectors.team_get(jurisdiction=self._jurisdiction(), pk=pk)))

    def create(self, request: Request) -> Response:
        data = self._validated(TeamInputSerializer)
        members = [MemberInput(**member) for member in data.pop("members")]
        team = services.team_create(
            actor=request.user, jurisdiction=self._jurisdiction(), members=members, **data
        )
        return Response(_team_out(team), status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def kits(self, request: Request, pk: str) -> Response:
        team = selectors.team_get(jurisdiction=self._jurisdiction(), pk=pk)
        data = self._validated(KitInputSerializer)
        services.kit_issue(
            actor=request.user, jurisdiction=self._jurisdiction(), team=team, item=data["item"],
            lot=data["lot"], quantity=data["quantity"], on=data["occurred_on"], reference=data["reference"],
        )  # fmt: skip
        return Response(_team_out(team), status=status.HTTP_201_CREATED)
