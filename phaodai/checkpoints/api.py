"""Checkpoints over the API: the same selectors (scoped) and services (validated, audited) as the pages.

``POST /api/passages/`` is what a barrier app sends; ``origin`` and ``destination`` are unit ids of
either map (a unit of the other map is converted or refused with the reason).
"""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.checkpoints import memo, selectors, services, transport
from phaodai.checkpoints.models import Checkpoint, FollowUp, Handover, Passage, Zone
from phaodai.checkpoints.reference import FollowUpStatus
from phaodai.core.api import query_date
from phaodai.core.permissions import Perm
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.api import ScopedViewSet
from phaodai.people.selectors import person_list

MISSING = {
    "checkpoint": gettext_lazy("Chốt không tồn tại hoặc không thuộc địa bàn bạn quản lý."),
    "person": gettext_lazy("Người này không tồn tại hoặc không thuộc địa bàn bạn quản lý."),
    "unit": gettext_lazy("Không có đơn vị hành chính mang mã này."),
}


_ID_ERRORS = ("required", "null", "invalid", "min_value", "max_value", "max_string_length")
_KIND = {"checkpoint": "checkpoint", "person": "person", "origin": "unit", "destination": "unit"}


def _id(kind: str, *, required: bool = False) -> serializers.IntegerField:
    """A row's id, looked up with the others in :meth:`PassageInputSerializer.validate`: one message
    whether it is malformed, unknown or outside the caller's area."""
    optional: dict[str, Any] = {} if required else {"required": False, "allow_null": True, "default": None}
    return serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, error_messages=dict.fromkeys(_ID_ERRORS, MISSING[kind]), **optional
    )


class CheckpointSerializer(serializers.ModelSerializer[Checkpoint]):
    class Meta:
        model = Checkpoint
        fields = (
            "id",
            "name",
            "road",
            "level",
            "organisation",
            "unit",
            "unit_path",
            "transshipment",
            "opened_on",
            "closed_on",
        )
        read_only_fields = fields


class PassageSerializer(serializers.ModelSerializer[Passage]):
    class Meta:
        model = Passage
        fields = (
            "id",
            "checkpoint",
            "at",
            "day",
            "direction",
            "plate",
            "vehicle",
            "route",
            "person",
            "full_name",
            "national_id",
            "origin",
            "destination",
            "purpose",
            "declaration",
            "test_kind",
            "test_taken_at",
            "test_outcome",
            "test_valid",
            "test_rules",
            "zone_level",
            "decision",
            "reason",
            "flags",
            "unit_path",
        )
        read_only_fields = fields


class _DateTimeField(serializers.DateTimeField):
    """DRF's field, but a time at the edge of the calendar (year 1, year 9999) that cannot be moved to the
    time zone is refused as invalid instead of raising OverflowError."""

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        try:
            return super().enforce_timezone(value)
        except OverflowError as exc:
            message = _("Ngày giờ không hợp lệ: phải từ năm 2020 đến nay.")
            raise serializers.ValidationError(message, code="invalid") from exc


class PassageInputSerializer(serializers.Serializer[Passage]):
    direction = serializers.CharField(max_length=3)
    purpose = serializers.CharField(max_length=10)
    decision = serializers.CharField(max_length=12)
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    plate = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    full_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    national_id = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")
    declaration = serializers.DictField(child=serializers.BooleanField(), required=False, default=dict)
    test_kind = serializers.CharField(max_length=5, required=False, allow_blank=True, default="")
    test_taken_at = _DateTimeField(required=False, allow_null=True, default=None)
    test_outcome = serializers.CharField(max_length=8, required=False, allow_blank=True, default="")
    at = _DateTimeField(required=False, allow_null=True, default=None)

    checkpoint = _id("checkpoint", required=True)
    person = _id("person")
    origin = _id("unit")
    destination = _id("unit")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The ids looked up at the end, each in as few queries as the barrier's hot path allows: the
        checkpoint and the person in the caller's area, the units (either map, anywhere) from the memo."""
        jurisdiction = self.context.get("jurisdiction", Jurisdiction.nothing())
        checkpoint = selectors.checkpoint_for_recording(jurisdiction=jurisdiction, pk=attrs["checkpoint"])
        found: dict[str, Any] = {"checkpoint": checkpoint}
        if attrs.get("person") is not None:
            found["person"] = person_list(jurisdiction=jurisdiction).filter(pk=attrs["person"]).first()
        wanted = {name: attrs[name] for name in ("origin", "destination") if attrs.get(name) is not None}
        units = memo.units_by_id(set(wanted.values())) if wanted else {}
        found |= {name: units.get(pk) for name, pk in wanted.items()}
        missing = {name: [MISSING[_KIND[name]]] for name, value in found.items() if value is None}
        if missing:
            raise serializers.ValidationError(missing)
        return {**attrs, **found}

    def to_input(self) -> services.PassageInput:
        return services.PassageInput(**self.validated_data)


def _recorded(passage: Passage) -> dict[str, Any]:
    """What the barrier app needs back (built by hand: the hot path of the API, at hundreds a second)."""
    return {
        "id": passage.pk,
        "checkpoint": passage.checkpoint_id,
        "at": passage.at.isoformat(),
        "direction": passage.direction,
        "plate": passage.plate,
        "person": passage.person_id,
        "full_name": passage.full_name,
        "test_valid": passage.test_valid,
        "test_rules": passage.test_rules_id,
        "zone_level": passage.zone_level,
        "decision": passage.decision,
        "flags": passage.flags,
        "vehicle": passage.vehicle_id,
    }


class FollowUpSerializer(serializers.ModelSerializer[FollowUp]):
    class Meta:
        model = FollowUp
        fields = (
            "id",
            "full_name",
            "national_id",
            "phone",
            "origin",
            "zone_level",
            "arrived_on",
            "action",
            "test_day",
            "until",
            "due_on",
            "status",
            "outcome",
            "unit",
            "unit_path",
            "passage",
        )
        read_only_fields = fields


class _Scoped[M](ScopedViewSet[M]):  # type: ignore[type-var]
    """The shared base (``phaodai.geo.api``, decision 0013): jurisdiction, ``?unit=`` and date filters."""


class CheckpointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Scoped[Checkpoint]):
    required_perm = Perm.CHECKPOINTS_VIEW
    serializer_class = CheckpointSerializer
    date_field = "opened_on"

    def get_queryset(self) -> Any:
        return selectors.checkpoint_list(jurisdiction=self._jurisdiction())


class PassageViewSet(mixins.ListModelMixin, _Scoped[Passage]):
    """Passages of one checkpoint (``?checkpoint=<id>``), newest first, on the days ``?from=``/``?to=``."""

    required_perm = Perm.CHECKPOINTS_VIEW
    write_perm = Perm.PASSAGES_RECORD
    serializer_class = PassageSerializer
    date_field = "day"

    def get_queryset(self) -> Any:
        value = self.request.query_params.get("checkpoint", "")
        if not (value.isascii() and value.isdigit()):
            raise serializers.ValidationError({"checkpoint": [_("Chọn một chốt (?checkpoint=<mã>).")]})
        return selectors.passage_list(jurisdiction=self._jurisdiction(), checkpoint_pk=int(value))

    def create(self, request: Request) -> Response:
        serializer = PassageInputSerializer(data=request.data, context={"jurisdiction": self._jurisdiction()})
        serializer.is_valid(raise_exception=True)
        passage = services.passage_record(
            actor=request.user, jurisdiction=self._jurisdiction(), data=serializer.to_input()
        )
        return Response(_recorded(passage), status=status.HTTP_201_CREATED)


class FollowUpViewSet(mixins.ListModelMixin, _Scoped[FollowUp]):
    """Arrivals from outbreak areas the caller's communes follow (``?status=open|closed``)."""

    required_perm = Perm.ARRIVALS_FOLLOW_UP
    write_perm = Perm.ARRIVALS_FOLLOW_UP
    serializer_class = FollowUpSerializer
    date_field = "arrived_on"

    def get_queryset(self) -> Any:
        wanted = self.request.query_params.get("status", FollowUpStatus.OPEN)
        status_ = wanted if wanted in FollowUpStatus.values else FollowUpStatus.OPEN
        return selectors.follow_up_list(jurisdiction=self._jurisdiction(), status=status_)

    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: int) -> Response:
        follow_up = selectors.follow_up_get(jurisdiction=self._jurisdiction(), pk=pk)
        closed = services.follow_up_close(
            actor=request.user,
            jurisdiction=self._jurisdiction(),
            follow_up=follow_up,
            outcome=str(request.data.get("outcome", "")) if isinstance(request.data, dict) else "",
        )
        return Response(FollowUpSerializer(closed).data)


# --- Outbreak zones (national reference data) and handovers at transshipment points ----------------------


class ZoneSerializer(serializers.ModelSerializer[Zone]):
    class Meta:
        model = Zone
        fields = ("id", "unit", "unit_path", "level", "valid_from", "valid_to", "reason", "created_at")
        read_only_fields = fields


class ZoneInputSerializer(serializers.Serializer[Zone]):
    unit = _id("unit", required=True)
    level = serializers.IntegerField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=255, allow_blank=True)

    def validate_unit(self, value: int) -> Any:
        found = selectors.units_by_id([value])
        if value not in found:
            raise serializers.ValidationError(MISSING["unit"])
        return found[value]


class ZoneEndSerializer(serializers.Serializer[Zone]):
    valid_to = serializers.DateField()


_DAY = OpenApiParameter("day", OpenApiTypes.DATE, description="only the zones in force on this day")
_ZONE_UNIT = OpenApiParameter(
    "unit", int, description="a unit anywhere in the country: the zones on it and below it (none such: 404)"
)


@extend_schema_view(list=extend_schema(parameters=[_ZONE_UNIT, _DAY]))
class ZoneViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _Scoped[Zone]):
    """Outbreak zones listed by an administrator (``?unit=<id>``, ``?day=YYYY-MM-DD``): national reference
    data like the rule sets, read by every checkpoint user; listed and ended by a manager."""

    required_perm = Perm.CHECKPOINTS_VIEW
    write_perm = Perm.CHECKPOINTS_MANAGE
    serializer_class = ZoneSerializer
    placed = False  # anywhere in the country: ``?unit=`` is any unit, not one of the caller's area
    date_field = "valid_from"

    def get_queryset(self) -> Any:
        if self.action != "list":
            return selectors.zone_list()
        unit = self.request.query_params.get("unit", "")
        return selectors.zone_list(
            on=query_date(self.request, "day"), within=selectors.unit_get(pk=unit) if unit else None
        )

    def get_object(self) -> Zone:
        return selectors.zone_get(pk=self.kwargs["pk"])

    @extend_schema(request=ZoneInputSerializer, responses={201: ZoneSerializer})
    def create(self, request: Request) -> Response:
        data = self._validated(ZoneInputSerializer)
        zone = services.zone_create(actor=request.user, **data)
        return Response(ZoneSerializer(zone).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ZoneEndSerializer, responses=ZoneSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: int) -> Response:
        zone = self.get_object()
        data = self._validated(ZoneEndSerializer)
        ended = services.zone_end(actor=request.user, jurisdiction=self._jurisdiction(), zone=zone, **data)
        return Response(ZoneSerializer(ended).data)


class HandoverSerializer(serializers.ModelSerializer[Handover]):
    class Meta:
        model = Handover
        fields = ("id", "checkpoint", "at", "from_plate", "to_plate", "goods", "note", "unit_path")
        read_only_fields = fields


class HandoverInputSerializer(serializers.Serializer[Handover]):
    from_plate = serializers.CharField(max_length=20)
    to_plate = serializers.CharField(max_length=20)
    goods = serializers.CharField(max_length=200, allow_blank=True)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    at = _DateTimeField(required=False, allow_null=True, default=None)
    checkpoint = _id("checkpoint", required=True)

    def validate_checkpoint(self, value: int) -> Checkpoint:
        jurisdiction = self.context.get("jurisdiction", Jurisdiction.nothing())
        found = selectors.checkpoint_for_recording(jurisdiction=jurisdiction, pk=value)
        if found is None:
            raise serializers.ValidationError(MISSING["checkpoint"])
        return found


_CHECKPOINT = OpenApiParameter("checkpoint", int, description="only the handovers at this checkpoint")


@extend_schema_view(list=extend_schema(parameters=[_CHECKPOINT]))
class HandoverViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _Scoped[Handover]
):
    """Goods handed from one vehicle to another at the caller's transshipment points
    (``?checkpoint=<id>``, ``?unit=<id>``, ``?from=``/``?to=`` on the day of the handover)."""

    required_perm = Perm.CHECKPOINTS_VIEW
    write_perm = Perm.PASSAGES_RECORD
    serializer_class = HandoverSerializer
    date_field = "at"

    def get_queryset(self) -> Any:
        checkpoint = self.request.query_params.get("checkpoint", "") if self.action == "list" else ""
        if checkpoint and not (checkpoint.isascii() and checkpoint.isdigit()):
            raise serializers.ValidationError({"checkpoint": [_("Chọn một chốt (?checkpoint=<mã>).")]})
        return selectors.handover_list(
            jurisdiction=self._jurisdiction(), checkpoint=int(checkpoint) if checkpoint else None
        )

    def get_object(self) -> Handover:
        return selectors.handover_get(jurisdiction=self._jurisdiction(), pk=self.kwargs["pk"])

    @extend_schema(request=HandoverInputSerializer, responses={201: HandoverSerializer})
    def create(self, request: Request) -> Response:
        data = self._validated(HandoverInputSerializer)
        handover = transport.handover_record(actor=request.user, jurisdiction=self._jurisdiction(), **data)
        return Response(HandoverSerializer(handover).data, status=status.HTTP_201_CREATED)
