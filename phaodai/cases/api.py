"""Cases, health checks, escalations and clusters over the API: the same selectors (scoped) and services
(validated, decided under the rule sets in force, audited) as the HTML pages."""

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.cases import clusters, monitoring, selectors, services, worklists
from phaodai.cases.models import Case, CaseEvent, Cluster, Escalation, MonitoringEntry
from phaodai.cases.monitoring import MonitoringInput
from phaodai.cases.services import CaseInput
from phaodai.core import clock
from phaodai.core.permissions import Perm
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import is_digits
from phaodai.facilities.selectors import referral_facilities
from phaodai.geo.api import ScopedViewSet
from phaodai.geo.selectors import placeable_units
from phaodai.people.selectors import person_list

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
NOT_IN_SCOPE = {
    "person": gettext_lazy("Người này không tồn tại hoặc không thuộc địa bàn bạn quản lý."),
    "facility": gettext_lazy("Cơ sở không tồn tại hoặc không thuộc tỉnh bạn quản lý."),
    "case": gettext_lazy("Ca bệnh không tồn tại hoặc không thuộc địa bàn bạn quản lý."),
    "cluster": gettext_lazy("Ổ dịch không tồn tại hoặc không thuộc địa bàn bạn quản lý."),
    "unit": gettext_lazy("Đơn vị không tồn tại hoặc không thuộc địa bàn bạn quản lý."),
}


def _scoped_id(queryset: Any, kind: str, **kwargs: Any) -> serializers.PrimaryKeyRelatedField[Any]:
    """A row of the caller's jurisdiction, by id: any other "does not exist"."""
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, error_messages={"does_not_exist": NOT_IN_SCOPE[kind]}, **kwargs
    )


def _optional_id(queryset: Any, kind: str) -> serializers.PrimaryKeyRelatedField[Any]:
    return _scoped_id(queryset, kind, required=False, allow_null=True, default=None)


def _text(max_length: int) -> serializers.CharField:
    """Text whose meaning (a choice, a required reason) the service checks, with its own message."""
    return serializers.CharField(required=False, allow_blank=True, default="", max_length=max_length)


def _number() -> serializers.IntegerField:
    return serializers.IntegerField(required=False, allow_null=True, default=None)


def _date() -> serializers.DateField:
    return serializers.DateField(required=False, allow_null=True, default=None, input_formats=DATE_FORMATS)


# DRF's Vietnamese catalogue leaves these in English.
VIETNAMESE_MESSAGES: list[tuple[type[serializers.Field[Any, Any, Any, Any]], dict[str, Any]]] = [
    (serializers.Field, {"null": gettext_lazy("Không được để trống.")}),
    (
        serializers.IntegerField,
        {"invalid": gettext_lazy("Phải là số nguyên."), "max_string_length": gettext_lazy("Số quá dài.")},
    ),
    (
        serializers.DecimalField,
        {
            "invalid": gettext_lazy("Phải là số, ví dụ 37.5."),
            "max_string_length": gettext_lazy("Số quá dài."),
            "max_digits": gettext_lazy("Số quá lớn."),
            "max_whole_digits": gettext_lazy("Số quá lớn."),
            "max_decimal_places": gettext_lazy("Chỉ ghi tối đa {max_decimal_places} chữ số thập phân."),
        },
    ),
    (serializers.BooleanField, {"invalid": gettext_lazy("Phải là true hoặc false.")}),
    (
        serializers.DateTimeField,
        {"invalid": gettext_lazy("Thời điểm phải theo dạng ISO 8601, ví dụ 2021-11-15T08:30+07:00.")},
    ),
    (
        serializers.CharField,
        {"invalid": gettext_lazy("Phải là chữ."), "max_length": gettext_lazy("Tối đa {max_length} ký tự.")},
    ),
    (
        serializers.ListField,
        {
            "not_a_list": gettext_lazy("Phải là một danh sách."),
            "max_length": gettext_lazy("Tối đa {max_length} mục."),
        },
    ),
    (serializers.PrimaryKeyRelatedField, {"incorrect_type": gettext_lazy("Mã phải là số nguyên.")}),
]


def _in_vietnamese(field: serializers.Field[Any, Any, Any, Any]) -> None:
    for kind, messages in VIETNAMESE_MESSAGES:
        if isinstance(field, kind):
            field.error_messages.update(messages)
    child = getattr(field, "child", None)
    if isinstance(child, serializers.Field):
        _in_vietnamese(child)


class _Input(serializers.Serializer[Any]):
    """A request body: shapes only (the services hold the rules); ids only of the caller's rows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope(self.context.get("jurisdiction", Jurisdiction.nothing()))
        for field in self.fields.values():
            _in_vietnamese(field)

    def scope(self, jurisdiction: Jurisdiction) -> None:
        """Add the fields whose values are rows the caller may name."""


# --- Reading ---------------------------------------------------------------------------------------


class CaseListSerializer(serializers.ModelSerializer[Case]):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Case
        fields = (
            "id", "person", "person_name", "status", "basis", "severity", "risk_flags", "risk_score",
            "place_of_care", "facility", "report_date", "last_monitored_at", "cluster", "unit", "unit_name",
            "unit_path",
        )  # fmt: skip
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer[Case]):
    """A case with the code of each rule set its decisions were made under."""

    person_name = serializers.CharField(source="person.full_name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    definition_rules = serializers.CharField(source="definition_rules.code", read_only=True)
    severity_rules = serializers.CharField(source="severity_rules.code", read_only=True)
    home_care_rules = serializers.CharField(source="home_care_rules.code", read_only=True, default=None)
    release_rules = serializers.CharField(source="release_rules.code", read_only=True, default=None)

    class Meta:
        model = Case
        fields = (
            "id", "person", "person_name", "status", "basis", "definition_rules", "test_kind", "sample_date",
            "report_date", "onset_date", "detected_in", "symptoms", "vaccine_doses", "last_dose_date",
            "risk_flags", "risk_score", "severity", "severity_rules", "place_of_care", "facility",
            "can_self_care", "home_care_eligible", "home_care_rules", "home_care_reasons", "source_case",
            "cluster", "last_monitored_at", "outcome_date", "release_rules", "outcome_note", "unit",
            "unit_name", "unit_path", "created_at", "updated_at",
        )  # fmt: skip
        read_only_fields = fields


class CaseEventSerializer(serializers.ModelSerializer[CaseEvent]):
    class Meta:
        model = CaseEvent
        fields = ("at", "kind", "summary", "details", "actor")
        read_only_fields = fields


class MonitoringEntrySerializer(serializers.ModelSerializer[MonitoringEntry]):
    warning_rules = serializers.CharField(source="warning_rules.code", read_only=True)

    class Meta:
        model = MonitoringEntry
        fields = (
            "id", "case", "at", "spo2", "temperature", "resp_rate", "pulse", "systolic", "diastolic",
            "symptoms", "warning_signs", "warning_rules", "severity", "recorded_by", "unit_path",
        )  # fmt: skip
        read_only_fields = fields


class EscalationSerializer(serializers.ModelSerializer[Escalation]):
    person_name = serializers.CharField(source="case.person.full_name", read_only=True)

    class Meta:
        model = Escalation
        fields = (
            "id", "case", "person_name", "opened_at", "signs", "entry", "risk_score", "handled_at",
            "handled_by", "action", "unit_path",
        )  # fmt: skip
        read_only_fields = fields


class ClusterSerializer(serializers.ModelSerializer[Cluster]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Cluster
        fields = (
            "id", "name", "setting", "place_name", "status", "opened_on", "closed_on", "case_count",
            "last_case_on", "unit", "unit_name", "unit_path", "created_at",
        )  # fmt: skip
        read_only_fields = fields


def _timeline_item(item: selectors.TimelineItem) -> dict[str, Any]:
    if item.event is not None:
        return dict(CaseEventSerializer(item.event).data)
    return {"at": item.at, "kind": "monitoring", "entry": MonitoringEntrySerializer(item.entry).data}


# --- Writing: shapes only, the services hold the rules ---------------------------------------------


class CaseInputSerializer(_Input):
    report_date = serializers.DateField(input_formats=DATE_FORMATS)
    test_kind = _text(16)
    detected_in = _text(16)
    place_of_care = _text(24)
    positive = serializers.BooleanField(required=False, default=True)
    sample_date = _date()
    onset_date = _date()
    symptoms = serializers.ListField(
        child=serializers.CharField(max_length=32), required=False, default=list, max_length=40
    )
    has_epi_factor = serializers.BooleanField(required=False, default=False)
    second_rat_hours = _number()
    clinical_decision = serializers.BooleanField(required=False, default=False)
    vaccine_doses = serializers.IntegerField(required=False, default=0)
    last_dose_date = _date()
    can_self_care = serializers.BooleanField(required=False, default=True)
    stable_comorbidity = serializers.BooleanField(required=False, default=False)
    spo2 = _number()
    resp_rate = _number()

    def scope(self, jurisdiction: Jurisdiction) -> None:
        self.fields["person"] = _scoped_id(person_list(jurisdiction=jurisdiction), "person")
        self.fields["facility"] = _optional_id(referral_facilities(jurisdiction=jurisdiction), "facility")
        self.fields["source_case"] = _optional_id(selectors.case_list(jurisdiction=jurisdiction), "case")
        self.fields["cluster"] = _optional_id(selectors.cluster_list(jurisdiction=jurisdiction), "cluster")

    def to_input(self) -> CaseInput:
        return CaseInput(**self.validated_data)


class TransferInputSerializer(_Input):
    place_of_care = _text(24)
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    reason = _text(200)

    def scope(self, jurisdiction: Jurisdiction) -> None:
        self.fields["facility"] = _optional_id(referral_facilities(jurisdiction=jurisdiction), "facility")


class CloseInputSerializer(_Input):
    outcome = _text(16)
    on = _date()
    test_negative = serializers.BooleanField(required=False, default=False)
    note = _text(255)


class MonitoringInputSerializer(_Input):
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    spo2 = _number()
    temperature = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, default=None
    )
    resp_rate = _number()
    pulse = _number()
    systolic = _number()
    diastolic = _number()
    symptoms = serializers.ListField(
        child=serializers.CharField(max_length=32), required=False, default=list, max_length=40
    )

    def scope(self, jurisdiction: Jurisdiction) -> None:
        self.fields["case"] = _scoped_id(selectors.case_list(jurisdiction=jurisdiction), "case")

    def to_input(self) -> MonitoringInput:
        data = {name: value for name, value in self.validated_data.items() if name != "case"}
        return MonitoringInput(**{**data, "at": data["at"] or clock.now()})


class HandleInputSerializer(_Input):
    action = _text(255)


class ClusterInputSerializer(_Input):
    name = _text(200)
    setting = _text(24)
    place_name = _text(200)
    opened_on = _date()

    def scope(self, jurisdiction: Jurisdiction) -> None:
        self.fields["unit"] = _optional_id(placeable_units(jurisdiction=jurisdiction), "unit")


# --- Endpoints -------------------------------------------------------------------------------------


class _InJurisdiction[M: Model](ScopedViewSet[M]):
    """Request bodies read in the caller's jurisdiction (ids outside it "do not exist")."""

    def _valid(self, serializer_class: type[_Input]) -> Any:
        serializer = serializer_class(data=self.request.data, context={"jurisdiction": self._jurisdiction()})
        serializer.is_valid(raise_exception=True)
        return serializer


def _int_param(request: Request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    if not value:
        return None
    if not is_digits(value):
        raise serializers.ValidationError({name: [_("Mã phải là số nguyên dương.")]})
    return int(value)


class CaseViewSet(_InJurisdiction[Case]):
    """``/api/cases/``: list (``?status=`` a status or ``open``, ``?q=`` the person's name, CCCD or phone,
    ``?unit=``, ``?from=``/``?to=`` on the report date), read (with the timeline), register;
    ``POST {id}/transfer/`` (``place_of_care``, ``facility``, ``at``, ``reason``) and
    ``POST {id}/close/`` (``outcome``, ``on``, ``test_negative``, ``note``)."""

    required_perm = Perm.CASES_VIEW
    write_perm = Perm.CASES_EDIT
    serializer_class = CaseSerializer
    date_field = "report_date"

    def _get(self, pk: object) -> Case:
        return selectors.case_get(jurisdiction=self._jurisdiction(), pk=pk)

    def _case(self, case: Case, *, status_code: int = status.HTTP_200_OK) -> Response:
        timeline = [_timeline_item(item) for item in selectors.case_timeline(case=case)]
        return Response({**CaseSerializer(case).data, "timeline": timeline}, status=status_code)

    def list(self, request: Request) -> Response:
        cases = selectors.case_list(
            jurisdiction=self._jurisdiction(),
            status=request.query_params.get("status") or None,
            query=request.query_params.get("q", "")[:100],
        )
        return self._listed(cases, CaseListSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        case = self._get(pk)
        services.case_record_view(actor=request.user, case=case)
        return self._case(case)

    def create(self, request: Request) -> Response:
        data = self._valid(CaseInputSerializer).to_input()
        case = services.case_register(actor=request.user, jurisdiction=self._jurisdiction(), data=data)
        return self._case(self._get(case.pk), status_code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: str) -> Response:
        case = self._get(pk)
        data = self._valid(TransferInputSerializer).validated_data
        services.case_transfer(
            actor=request.user,
            jurisdiction=self._jurisdiction(),
            case=case,
            place_of_care=data["place_of_care"],
            facility=data["facility"],
            at=data["at"] or clock.now(),
            reason=data["reason"],
        )
        return self._case(case)

    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        case = self._get(pk)
        data = self._valid(CloseInputSerializer).validated_data
        services.case_close(
            actor=request.user,
            case=case,
            outcome=data["outcome"],
            on=data["on"] or clock.today(),
            test_negative=data["test_negative"],
            note=data["note"],
        )
        return self._case(case)


class MonitoringEntryViewSet(_InJurisdiction[MonitoringEntry]):
    """``/api/monitoring-entries/``: list (``?case=id``, ``?unit=``, ``?from=``/``?to=``), record a health
    check (``case``, ``at`` (now if left out), vitals, ``symptoms``); the answer says which escalation
    the case is on, if any."""

    required_perm = Perm.CASES_VIEW
    write_perm = Perm.MONITORING_RECORD
    serializer_class = MonitoringEntrySerializer
    date_field = "at"

    def list(self, request: Request) -> Response:
        entries = worklists.monitoring_entries(
            jurisdiction=self._jurisdiction(), case_id=_int_param(request, "case")
        )
        return self._listed(entries)

    def create(self, request: Request) -> Response:
        serializer = self._valid(MonitoringInputSerializer)
        case = serializer.validated_data["case"]
        entry = monitoring.record_monitoring(actor=request.user, case=case, data=serializer.to_input())
        escalation = worklists.open_escalation_of(case=case)
        body = {
            **MonitoringEntrySerializer(entry).data,
            "escalation": escalation.pk if escalation is not None else None,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class EscalationViewSet(_InJurisdiction[Escalation]):
    """``/api/escalations/``: the open ones (``?order=risk`` or ``waiting``, ``?unit=``, ``?from=``/``?to=``
    on the day opened), each with ``waited_minutes``; ``POST {id}/handle/``
    (``{"action": "đã gọi điện, hẹn khám"}``) takes one off."""

    required_perm = Perm.CASES_VIEW
    write_perm = Perm.MONITORING_RECORD
    serializer_class = EscalationSerializer
    date_field = "opened_at"

    def list(self, request: Request) -> Response:
        rows = worklists.escalation_list(
            jurisdiction=self._jurisdiction(), order=request.query_params.get("order", "risk")
        )
        page = self.paginate_queryset(self.filter_queryset(rows.queryset)) or []
        body = [
            {
                **EscalationSerializer(row.escalation).data,
                "waited_minutes": int(row.waited.total_seconds() // 60),
            }
            for row in map(rows.wrap, page)
        ]
        return self.get_paginated_response(body)

    @action(detail=True, methods=["post"])
    def handle(self, request: Request, pk: str) -> Response:
        escalation = worklists.escalation_get(jurisdiction=self._jurisdiction(), pk=pk)
        data = self._valid(HandleInputSerializer).validated_data
        monitoring.escalation_handle(actor=request.user, escalation=escalation, action=data["action"])
        return Response(EscalationSerializer(escalation).data)


class ClusterViewSet(_InJurisdiction[Cluster]):
    """``/api/clusters/``: list (``?status=`` a status or ``open``, ``?unit=``, ``?from=``/``?to=`` on the
    day opened), read (with the epidemic curve), create (``name``, ``setting``, ``unit``, ``place_name``,
    ``opened_on``)."""

    required_perm = Perm.CASES_VIEW
    write_perm = Perm.CASES_EDIT
    serializer_class = ClusterSerializer
    date_field = "opened_on"

    def _cluster(self, pk: object, *, status_code: int = status.HTTP_200_OK) -> Response:
        cluster = selectors.cluster_get(jurisdiction=self._jurisdiction(), pk=pk)
        curve = [
            {"day": point.day, "cases": point.cases} for point in selectors.cluster_curve(cluster=cluster)
        ]
        return Response({**ClusterSerializer(cluster).data, "curve": curve}, status=status_code)

    def list(self, request: Request) -> Response:
        found = selectors.cluster_list(
            jurisdiction=self._jurisdiction(), status=request.query_params.get("status") or None
        )
        return self._listed(found)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._cluster(pk)

    def create(self, request: Request) -> Response:
        data = self._valid(ClusterInputSerializer).validated_data
        cluster = clusters.cluster_create(
            actor=request.user,
            jurisdiction=self._jurisdiction(),
            name=data["name"],
            setting=data["setting"],
            unit=data["unit"],
            place_name=data["place_name"],
            opened_on=data["opened_on"] or clock.today(),
        )
        return self._cluster(cluster.pk, status_code=status.HTTP_201_CREATED)
