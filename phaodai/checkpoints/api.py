"""Checkpoints over the API: the same selectors (scoped) and services (validated, audited) as the pages.

``POST /api/passages/`` is what a barrier app sends; ``origin`` and ``destination`` are unit ids of
either map (a unit of the other map is converted or refused with the reason).
"""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.checkpoints import selectors, services
from phaodai.checkpoints.models import Checkpoint, FollowUp, Passage
from phaodai.checkpoints.reference import FollowUpStatus
from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.permissions import Perm
from phaodai.core.scoping import Jurisdiction
from phaodai.people.selectors import person_list

MISSING = {
    "checkpoint": gettext_lazy("Chốt không tồn tại hoặc không thuộc địa bàn bạn quản lý."),
    "person": gettext_lazy("Người này không tồn tại hoặc không thuộc địa bàn bạn quản lý."),
    "unit": gettext_lazy("Không có đơn vị hành chính mang mã này."),
}


def _related(queryset: Any, name: str, *, required: bool = False) -> serializers.PrimaryKeyRelatedField[Any]:
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset,
        required=required,
        allow_null=not required,
        default=serializers.empty if required else None,
        error_messages={
            "does_not_exist": MISSING[name],
            "required": MISSING[name],
            "incorrect_type": MISSING[name],
        },
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdiction = self.context.get("jurisdiction", Jurisdiction.nothing())
        units = selectors.national_units()
        self.fields["checkpoint"] = _related(
            selectors.checkpoints_for_recording(jurisdiction=jurisdiction), "checkpoint", required=True
        )
        self.fields["person"] = _related(person_list(jurisdiction=jurisdiction), "person")
        self.fields["origin"] = _related(units, "unit")
        self.fields["destination"] = _related(units, "unit")

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


class _Scoped[M](viewsets.GenericViewSet[M]):  # type: ignore[type-var]
    lookup_value_converter = "int"

    def _jurisdiction(self) -> Jurisdiction:
        return access_for(self.request).jurisdiction


class CheckpointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Scoped[Checkpoint]):
    required_perm = Perm.CHECKPOINTS_VIEW
    serializer_class = CheckpointSerializer

    def get_queryset(self) -> Any:
        return selectors.checkpoint_list(jurisdiction=self._jurisdiction())


class PassageViewSet(mixins.ListModelMixin, _Scoped[Passage]):
    """Passages of one checkpoint and day (``?checkpoint=<id>&day=YYYY-MM-DD``, today by default)."""

    required_perm = Perm.CHECKPOINTS_VIEW
    write_perm = Perm.PASSAGES_RECORD
    serializer_class = PassageSerializer

    def get_queryset(self) -> Any:
        value = self.request.query_params.get("checkpoint", "")
        day_text = self.request.query_params.get("day", "")
        try:
            day = dt.date.fromisoformat(day_text) if day_text else None
        except ValueError as exc:
            raise serializers.ValidationError({"day": [_("Ngày phải theo dạng YYYY-MM-DD.")]}) from exc
        if not (value.isascii() and value.isdigit()):
            raise serializers.ValidationError({"checkpoint": [_("Chọn một chốt (?checkpoint=<mã>).")]})
        today = selectors.checkpoint_today(
            jurisdiction=self._jurisdiction(), pk=int(value), day=day or clock.today(), limit=200
        )
        return today.passages

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
