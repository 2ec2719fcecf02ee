"""Testing over the API: the same selectors (scoped) and services (validated, audited) as the pages.

Lists are paginated and take ``?unit=<unit id>`` (an area inside the caller's; any other: 404),
``?from=`` and ``?to=`` (``since``/``until`` still accepted) on each list's main date.
"""

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.core.api import query_date
from phaodai.core.permissions import Perm
from phaodai.core.scoping import Jurisdiction
from phaodai.diagnostics.models import Enterprise, Pool, Result, Round, Sample, Shift
from phaodai.diagnostics.reference import Outcome, SampleKind
from phaodai.diagnostics.selectors import rounds as round_selectors
from phaodai.diagnostics.selectors import samples as selectors
from phaodai.diagnostics.selectors import workplaces as workplace_selectors
from phaodai.diagnostics.services.pools import pool_result
from phaodai.diagnostics.services.samples import SampleInput, result_record, sample_take
from phaodai.geo.api import ScopedViewSet
from phaodai.inventory.models import ItemKind
from phaodai.inventory.selectors import items
from phaodai.people.selectors import person_list

MISSING = {
    "person": gettext_lazy("Người này không tồn tại hoặc không thuộc địa bàn bạn quản lý."),
    "sample": gettext_lazy("Không có mẫu này (mẫu chưa được lấy) hoặc mẫu không thuộc địa bàn bạn quản lý."),
    "lab": gettext_lazy("Phòng xét nghiệm không tồn tại."),
    "pool": gettext_lazy("Ống mẫu gộp không tồn tại, đã có kết quả hoặc không thuộc địa bàn bạn quản lý."),
    "round": gettext_lazy("Đợt xét nghiệm không tồn tại hoặc không thuộc địa bàn bạn quản lý."),
    "kit": gettext_lazy("Loại test nhanh không có trong danh mục."),
}


def _related(queryset: Any, name: str, *, required: bool = False) -> serializers.PrimaryKeyRelatedField[Any]:
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset,
        required=required,
        allow_null=not required,
        default=serializers.empty if required else None,
        error_messages={"does_not_exist": MISSING[name], "required": MISSING[name]},
    )


class ResultSerializer(serializers.ModelSerializer[Result]):
    class Meta:
        model = Result
        fields = (
            "id", "sample", "outcome", "resulted_at", "lab", "ct_value", "from_pool", "turnaround_minutes",
            "case", "handover", "handover_note", "unit_path", "recorded_at",
        )  # fmt: skip
        read_only_fields = fields


class SampleSerializer(serializers.ModelSerializer[Sample]):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    result = ResultSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Sample
        fields = (
            "id", "person", "person_name", "kind", "reason", "taken_at", "reporter", "reporter_name",
            "reporter_phone", "lab", "pool", "round", "stock_movement", "resulted", "result", "unit_path",
        )  # fmt: skip
        read_only_fields = fields


class SampleInputSerializer(serializers.Serializer[SampleInput]):
    """What a client sends for a sample or a self-test; the rules are the service's."""

    kind = serializers.CharField(max_length=12)
    reason = serializers.CharField(max_length=12)
    taken_at = serializers.DateTimeField()
    reporter = serializers.CharField(required=False, allow_blank=True, default="", max_length=10)
    reporter_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    reporter_phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=11)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdiction = self.context.get("jurisdiction", Jurisdiction.nothing())
        self.fields["person"] = _related(person_list(jurisdiction=jurisdiction), "person", required=True)
        self.fields["lab"] = _related(selectors.lab_list(jurisdiction=jurisdiction), "lab")
        self.fields["pool"] = _related(selectors.collecting_pools(jurisdiction=jurisdiction), "pool")
        self.fields["round"] = _related(round_selectors.round_list(jurisdiction=jurisdiction), "round")
        self.fields["kit"] = _related(items(kind=ItemKind.RAPID_TEST), "kit")

    def to_input(self) -> SampleInput:
        return SampleInput(**self.validated_data)


class ResultInputSerializer(serializers.Serializer[Result]):
    outcome = serializers.CharField(max_length=10)
    resulted_at = serializers.DateTimeField()
    ct_value = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, default=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdiction = self.context.get("jurisdiction", Jurisdiction.nothing())
        self.fields["lab"] = _related(selectors.lab_list(jurisdiction=jurisdiction), "lab")
        if self.context.get("with_sample"):
            self.fields["sample"] = _related(
                selectors.sample_list(jurisdiction=jurisdiction), "sample", required=True
            )


class _Testing[M: Model](ScopedViewSet[M]):
    """The permissions every testing endpoint shares."""

    required_perm = Perm.TESTS_VIEW
    write_perm = Perm.TESTS_RECORD

    def _context(self, **extra: Any) -> dict[str, Any]:
        return {"jurisdiction": self._jurisdiction(), **extra}


class SampleViewSet(_Testing[Sample]):
    """``/api/samples/``: list (``?unit``, ``?from``, ``?to``, ``?kind``, ``?waiting=1``), read, create
    (a staff sample or a self-test), and ``POST {id}/result/`` (``outcome``, ``resulted_at``, ``lab``)."""

    serializer_class = SampleSerializer
    date_field = "taken_at"

    def list(self, request: Request) -> Response:
        kind = request.query_params.get("kind", "")
        rows = selectors.sample_list(
            jurisdiction=self._jurisdiction(),
            kind=kind if kind in SampleKind.values else None,
            waiting=request.query_params.get("waiting") == "1",
        )
        return self._listed(rows)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(SampleSerializer(selectors.sample_get(jurisdiction=self._jurisdiction(), pk=pk)).data)

    def create(self, request: Request) -> Response:
        serializer = SampleInputSerializer(data=request.data, context=self._context())
        serializer.is_valid(raise_exception=True)
        sample = sample_take(
            actor=request.user, jurisdiction=self._jurisdiction(), data=serializer.to_input()
        )
        return Response(SampleSerializer(sample).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="result")
    def result(self, request: Request, pk: str) -> Response:
        sample = selectors.sample_get(jurisdiction=self._jurisdiction(), pk=pk)
        return _record(request, sample, self._context())


def _record(request: Request, sample: Sample | None, context: dict[str, Any]) -> Response:
    serializer = ResultInputSerializer(data=request.data, context={**context, "with_sample": sample is None})
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    result = result_record(
        actor=request.user, jurisdiction=context["jurisdiction"], sample=data.pop("sample", sample), **data
    )
    return Response(ResultSerializer(result).data, status=status.HTTP_201_CREATED)


class ResultViewSet(_Testing[Result]):
    """``/api/results/``: list (``?unit``, ``?from``, ``?to``, ``?outcome``), read, and create with
    ``sample`` (an id: a sample never taken is refused on that field)."""

    serializer_class = ResultSerializer
    date_field = "resulted_at"

    def list(self, request: Request) -> Response:
        outcome = request.query_params.get("outcome", "")
        rows = selectors.result_list(
            jurisdiction=self._jurisdiction(), outcome=outcome if outcome in Outcome.values else None
        )
        return self._listed(rows)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(ResultSerializer(selectors.result_get(jurisdiction=self._jurisdiction(), pk=pk)).data)

    def create(self, request: Request) -> Response:
        return _record(request, None, self._context())


class PoolSerializer(serializers.ModelSerializer[Pool]):
    members = serializers.PrimaryKeyRelatedField[Sample](many=True, read_only=True)

    class Meta:
        model = Pool
        fields = (
            "id", "code", "lab", "capacity", "member_count", "status", "outcome", "resulted_at", "closed_at",
            "members", "unit", "unit_path", "created_at",
        )  # fmt: skip
        read_only_fields = fields


class PoolResultSerializer(serializers.Serializer[Pool]):
    outcome = serializers.CharField(max_length=10)
    resulted_at = serializers.DateTimeField()


class PoolViewSet(_Testing[Pool]):
    """``/api/pools/``: list (``?status``, ``?unit``, ``?from``/``?to`` on the day the pool was opened),
    read (with member sample ids), ``POST {id}/result/``."""

    serializer_class = PoolSerializer
    date_field = "created_at"

    def list(self, request: Request) -> Response:
        rows = selectors.pool_list(
            jurisdiction=self._jurisdiction(), status=request.query_params.get("status") or None
        ).prefetch_related("members")
        return self._listed(rows)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(PoolSerializer(selectors.pool_get(jurisdiction=self._jurisdiction(), pk=pk)).data)

    @action(detail=True, methods=["post"], url_path="result")
    def result(self, request: Request, pk: str) -> Response:
        pool = selectors.pool_get(jurisdiction=self._jurisdiction(), pk=pk)
        serializer = PoolResultSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pool = pool_result(
            actor=request.user, jurisdiction=self._jurisdiction(), pool=pool, **serializer.validated_data
        )
        return Response(PoolSerializer(pool).data)


class RoundSerializer(serializers.ModelSerializer[Round]):
    progress = serializers.FloatField(read_only=True)
    positivity = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Round
        fields = (
            "id", "name", "target", "areas", "enterprise", "population_name", "planned", "starts_on",
            "due_on", "sampled", "resulted", "positive", "progress", "positivity", "unit", "unit_path",
        )  # fmt: skip
        read_only_fields = fields


class RoundViewSet(_Testing[Round]):
    """``/api/testing-rounds/``: list (``?unit``, ``?from``/``?to`` on the start day), read; progress and
    positivity from the counters."""

    serializer_class = RoundSerializer
    date_field = "starts_on"

    def list(self, request: Request) -> Response:
        return self._listed(
            round_selectors.round_list(jurisdiction=self._jurisdiction()).prefetch_related("areas")
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(
            RoundSerializer(round_selectors.round_get(jurisdiction=self._jurisdiction(), pk=pk)).data
        )


class EnterpriseSerializer(serializers.ModelSerializer[Enterprise]):
    class Meta:
        model = Enterprise
        fields = ("id", "name", "address", "unit", "unit_path", "created_at")
        read_only_fields = fields


class EnterpriseViewSet(_Testing[Enterprise]):
    """``/api/enterprises/``: list (``?unit``, ``?from``/``?to`` on the day it was registered), read."""

    serializer_class = EnterpriseSerializer
    date_field = "created_at"

    def list(self, request: Request) -> Response:
        return self._listed(workplace_selectors.enterprise_list(jurisdiction=self._jurisdiction()))

    def retrieve(self, request: Request, pk: str) -> Response:
        enterprise = workplace_selectors.enterprise_get(jurisdiction=self._jurisdiction(), pk=pk)
        return Response(EnterpriseSerializer(enterprise).data)


class ShiftSerializer(serializers.ModelSerializer[Shift]):
    class Meta:
        model = Shift
        fields = ("id", "enterprise", "name", "day", "starts_at", "workers", "unit_path")
        read_only_fields = fields


class ShiftViewSet(_Testing[Shift]):
    """``/api/shifts/``: list (``?enterprise``, ``?unit``, ``?from``/``?to``, ``?day`` one day), read with
    each worker's clearance."""

    serializer_class = ShiftSerializer
    date_field = "day"

    def list(self, request: Request) -> Response:
        jurisdiction = self._jurisdiction()
        enterprise_id = request.query_params.get("enterprise")
        enterprise = (
            workplace_selectors.enterprise_get(jurisdiction=jurisdiction, pk=enterprise_id)
            if enterprise_id
            else None
        )
        rows = workplace_selectors.shift_list(
            jurisdiction=jurisdiction, enterprise=enterprise, day=query_date(request, "day")
        )
        return self._listed(rows.prefetch_related("workers"))

    def retrieve(self, request: Request, pk: str) -> Response:
        shift = workplace_selectors.shift_get(jurisdiction=self._jurisdiction(), pk=pk)
        check = workplace_selectors.shift_check(shift=shift)
        clearance = [
            {"person": row.worker.person_id, "name": row.worker.person.full_name, "cleared": row.cleared,
             "result": row.result.pk if row.result else None}
            for row in check.rows
        ]  # fmt: skip
        return Response({**ShiftSerializer(shift).data, "rules": check.rules.code, "clearance": clearance})
