"""Facilities and stays over the API: the same selectors (scoped) and services (validated, audited)
as the HTML views."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.accounts.selectors import organisation_list
from phaodai.core import clock
from phaodai.core.api import query_date
from phaodai.core.permissions import Perm
from phaodai.core.scoping import Jurisdiction
from phaodai.facilities import selectors, services
from phaodai.facilities.models import Facility, FacilityKind, Stay
from phaodai.facilities.services import INPUT_FIELDS, FacilityInput
from phaodai.geo.api import ScopedViewSet
from phaodai.people.selectors import person_list

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class FacilitySerializer(serializers.ModelSerializer[Facility]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    occupied = serializers.IntegerField(read_only=True)
    purpose = serializers.CharField(read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Facility
        fields = (
            "id", *INPUT_FIELDS, "purpose", "unit_name", "unit_path", "occupied", "is_open",
            "created_at", "updated_at",
        )  # fmt: skip
        read_only_fields = fields


class FacilityInputSerializer(serializers.Serializer[FacilityInput]):
    """What a client sends; the rules (ranges, dates in order, the jurisdiction) are the service's."""

    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    kind = serializers.CharField(required=False, allow_blank=True, default="", max_length=24)
    treatment_tier = serializers.IntegerField(required=False, allow_null=True, default=0)
    address = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    beds = serializers.IntegerField(required=False, allow_null=True, default=None)
    icu_beds = serializers.IntegerField(required=False, allow_null=True, default=0)
    oxygen_points = serializers.IntegerField(required=False, allow_null=True, default=0)
    opened_on = serializers.DateField(
        required=False, allow_null=True, default=None, input_formats=DATE_FORMATS
    )
    closed_on = serializers.DateField(
        required=False, allow_null=True, default=None, input_formats=DATE_FORMATS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdiction = self.context.get("jurisdiction", Jurisdiction.nothing())
        # The units and organisations offered are the caller's: any other "does not exist".
        self.fields["unit"] = serializers.PrimaryKeyRelatedField(
            queryset=selectors.facility_units(jurisdiction=jurisdiction),
            error_messages={
                "does_not_exist": _("Đơn vị không tồn tại hoặc không thuộc địa bàn bạn quản lý.")
            },
        )
        self.fields["organisation"] = serializers.PrimaryKeyRelatedField(
            queryset=organisation_list(jurisdiction=jurisdiction),
            required=False,
            allow_null=True,
            default=None,
            error_messages={
                "does_not_exist": _("Tổ chức không tồn tại hoặc không thuộc địa bàn bạn quản lý.")
            },
        )


class FacilityViewSet(ScopedViewSet[Facility]):
    """``/api/facilities/``: list (``?kind=``, ``?open_on=YYYY-MM-DD`` open that day, ``?unit=``,
    ``?from=``/``?to=`` on the day opened), read (with ``occupied``), create, update; all in the
    jurisdiction."""

    required_perm = Perm.FACILITIES_VIEW
    write_perm = Perm.FACILITIES_MANAGE
    serializer_class = FacilitySerializer
    date_field = "opened_on"

    def _input(self, request: Request) -> FacilityInput:
        return FacilityInput(**self._validated(FacilityInputSerializer))

    def _facility(self, pk: object, *, status_code: int = status.HTTP_200_OK) -> Response:
        facility = selectors.facility_get(jurisdiction=self._jurisdiction(), pk=pk)
        return Response(FacilitySerializer(facility).data, status=status_code)

    def list(self, request: Request) -> Response:
        kind = request.query_params.get("kind", "")
        facilities = selectors.facility_list(
            jurisdiction=self._jurisdiction(),
            kind=kind if kind in FacilityKind.values else None,
            open_on=query_date(request, "open_on"),
        )
        return self._listed(facilities)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._facility(pk)

    def create(self, request: Request) -> Response:
        facility = services.facility_create(
            actor=request.user, jurisdiction=self._jurisdiction(), data=self._input(request)
        )
        return self._facility(facility.pk, status_code=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str) -> Response:
        facility = selectors.facility_get(jurisdiction=self._jurisdiction(), pk=pk)
        services.facility_update(
            actor=request.user,
            jurisdiction=self._jurisdiction(),
            facility=facility,
            data=self._input(request),
        )
        return self._facility(pk)


class StaySerializer(serializers.ModelSerializer[Stay]):
    facility_name = serializers.CharField(source="facility.name", read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Stay
        fields = (
            "id", "facility", "facility_name", "person", "person_name", "purpose", "admitted_at",
            "discharged_at", "discharge_reason", "source", "positive_flagged_at", "unit_path", "created_at",
        )  # fmt: skip
        read_only_fields = fields


class StayInputSerializer(serializers.Serializer[Stay]):
    """An admission: which facility, who, why, when (now if left out); the rules are the service's."""

    purpose = serializers.CharField(required=False, allow_blank=True, default="", max_length=16)
    admitted_at = serializers.DateTimeField(required=False, allow_null=True, default=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdiction = self.context.get("jurisdiction", Jurisdiction.nothing())
        # Added here: a class attribute named "source" would shadow Field.source for type checkers.
        self.fields["source"] = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=40
        )
        self.fields["facility"] = serializers.PrimaryKeyRelatedField(
            queryset=selectors.facility_list(jurisdiction=jurisdiction),
            error_messages={"does_not_exist": _("Cơ sở không tồn tại hoặc không thuộc địa bàn bạn quản lý.")},
        )
        self.fields["person"] = serializers.PrimaryKeyRelatedField(
            queryset=person_list(jurisdiction=jurisdiction),
            error_messages={
                "does_not_exist": _("Người này không tồn tại hoặc không thuộc địa bàn bạn quản lý.")
            },
        )


class DischargeInputSerializer(serializers.Serializer[Stay]):
    discharged_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class StayViewSet(ScopedViewSet[Stay]):
    """``/api/facility-stays/``: list (``?facility=id``, ``?open=1`` for current stays only, ``?unit=``,
    ``?from=``/``?to=`` on the day admitted), read, create (an admission), and ``POST {id}/discharge/``
    (``{"discharged_at": ..., "reason": ...}``)."""

    required_perm = Perm.FACILITIES_VIEW
    write_perm = Perm.FACILITIES_ADMIT
    serializer_class = StaySerializer
    date_field = "admitted_at"

    def list(self, request: Request) -> Response:
        jurisdiction = self._jurisdiction()
        facility_id = request.query_params.get("facility")
        facility = selectors.facility_get(jurisdiction=jurisdiction, pk=facility_id) if facility_id else None
        stays = selectors.stay_list(
            jurisdiction=jurisdiction, facility=facility, open_only=request.query_params.get("open") == "1"
        )
        return self._listed(stays)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(StaySerializer(selectors.stay_get(jurisdiction=self._jurisdiction(), pk=pk)).data)

    def create(self, request: Request) -> Response:
        data = self._validated(StayInputSerializer)
        stay = services.stay_admit(
            actor=request.user,
            facility=data["facility"],
            person=data["person"],
            purpose=data["purpose"],
            at=data["admitted_at"] or clock.now(),
            source=data["source"],
        )
        return Response(StaySerializer(stay).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="discharge")
    def discharge(self, request: Request, pk: str) -> Response:
        stay = selectors.stay_get(jurisdiction=self._jurisdiction(), pk=pk)
        serializer = DischargeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        stay = services.stay_discharge(
            actor=request.user, stay=stay, at=data["discharged_at"] or clock.now(), reason=data["reason"]
        )
        return Response(StaySerializer(stay).data)
