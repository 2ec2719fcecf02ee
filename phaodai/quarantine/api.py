"""Quarantine and isolation orders over the API: the same selectors (scoped) and services (validated,
audited) as the pages."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.cases.selectors import case_list
from phaodai.contacts.selectors import contact_list
from phaodai.core import clock
from phaodai.core.permissions import Perm
from phaodai.core.scoping import Jurisdiction
from phaodai.facilities.selectors import referral_facilities
from phaodai.geo.api import ScopedViewSet
from phaodai.people.selectors import person_list
from phaodai.quarantine import plans, selectors, services
from phaodai.quarantine.models import Order
from phaodai.quarantine.reference import OrderKind, OrderPlace

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _date_field(**kwargs: Any) -> serializers.DateField:
    return serializers.DateField(input_formats=DATE_FORMATS, **kwargs)


class OrderSerializer(serializers.ModelSerializer[Order]):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    facility_name = serializers.CharField(source="facility.name", read_only=True, default="")
    rules_code = serializers.CharField(source="rules.code", read_only=True)
    rules_document = serializers.CharField(source="rules.document", read_only=True)

    class Meta:
        model = Order
        fields: tuple[str, ...] = (
            "id", "kind", "status", "person", "person_name", "contact", "case", "place", "facility",
            "facility_name", "address", "start_date", "end_date", "test_days", "self_monitor_days", "rules",
            "rules_code", "rules_document", "number", "issuer", "released_on", "release_number",
            "signer_name", "signer_title", "unit_path", "created_at",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


def schedule_data(schedule: plans.Schedule) -> dict[str, Any]:
    return {
        "day": schedule.day,
        "total": schedule.total,
        "end_date": schedule.end_date.isoformat(),
        "self_monitor_end": schedule.self_monitor_end.isoformat() if schedule.self_monitor_end else None,
        "test_due_today": schedule.test_due_today,
        "release_due": schedule.release_due,
        "tests": [
            {"day": t.day, "date": t.date.isoformat(), "due_today": t.due_today, "overdue": t.overdue}
            for t in schedule.tests
        ],
    }


class OrderDetailSerializer(OrderSerializer):
    """An order with its derived follow-up (day N of M, test days, end of self-monitoring)."""

    schedule = serializers.SerializerMethodField()

    class Meta(OrderSerializer.Meta):
        fields = (*OrderSerializer.Meta.fields, "schedule")
        read_only_fields = fields

    def get_schedule(self, order: Order) -> dict[str, Any]:
        return schedule_data(plans.schedule(order, today=clock.today()))


def _in_scope(queryset: Any, message: str, **kwargs: Any) -> serializers.PrimaryKeyRelatedField[Any]:
    """A row of the caller's jurisdiction, by id; anyone else's "does not exist"."""
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, error_messages={"does_not_exist": message}, **kwargs
    )


class IssueInputSerializer(serializers.Serializer[Order]):
    """An F1 order (``person`` or ``contact``) or an F0 order (``case``); the rules are the service's."""

    kind = serializers.ChoiceField(
        choices=OrderKind.choices, error_messages={"invalid_choice": _("Loại quyết định phải là f1 hoặc f0.")}
    )
    start_date = _date_field()
    place = serializers.ChoiceField(
        choices=OrderPlace.choices, error_messages={"invalid_choice": _("Chọn nơi cách ly.")}
    )
    address = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    number = serializers.CharField(required=False, allow_blank=True, default="", max_length=32)
    vaccine_doses = serializers.IntegerField(required=False, default=0)
    last_dose_date = _date_field(required=False, allow_null=True, default=None)
    recovered_on = _date_field(required=False, allow_null=True, default=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdiction = self.context.get("jurisdiction", Jurisdiction.nothing())
        optional = {"required": False, "allow_null": True, "default": None}
        self.fields["person"] = _in_scope(
            person_list(jurisdiction=jurisdiction),
            _("Người này không tồn tại hoặc không thuộc địa bàn bạn quản lý."),
            **optional,
        )
        self.fields["contact"] = _in_scope(
            contact_list(jurisdiction=jurisdiction),
            _("Người tiếp xúc không tồn tại hoặc không thuộc địa bàn bạn quản lý."),
            **optional,
        )
        self.fields["case"] = _in_scope(
            case_list(jurisdiction=jurisdiction),
            _("Ca bệnh không tồn tại hoặc không thuộc địa bàn bạn quản lý."),
            **optional,
        )
        self.fields["facility"] = _in_scope(
            referral_facilities(jurisdiction=jurisdiction),
            _("Cơ sở không tồn tại hoặc không thuộc địa bàn bạn quản lý."),
            **optional,
        )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["kind"] == OrderKind.F0_ISOLATION:
            if attrs.get("case") is None:
                raise serializers.ValidationError({"case": [_("Chọn ca bệnh cần cách ly.")]})
            return attrs
        if attrs.get("person") is None and attrs.get("contact") is None:
            raise serializers.ValidationError(
                {"person": [_("Chọn người cần cách ly (person hoặc contact).")]}
            )
        if attrs.get("person") is None:
            attrs["person"] = attrs["contact"].person
        return attrs


class ReleaseInputSerializer(serializers.Serializer[Order]):
    released_on = _date_field()
    release_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=32)
    signer_name = serializers.CharField(max_length=120)
    signer_title = serializers.CharField(max_length=120)


class CancelInputSerializer(serializers.Serializer[Order]):
    reason = serializers.CharField(max_length=200)


class OrderViewSet(ScopedViewSet[Order]):
    """``/api/quarantine-orders/``: list (``?status=``, ``?kind=``, ``?due=tests_today|release``,
    ``?unit=``, ``?from=``/``?to=`` on the first day), read (with the derived ``schedule``), create
    (``kind``: ``f1`` with ``person`` or ``contact``, ``f0`` with ``case``), ``POST {id}/release/`` and
    ``POST {id}/cancel/``; all in the jurisdiction."""

    required_perm = Perm.CASES_VIEW
    write_perm = Perm.ORDERS_ISSUE
    serializer_class = OrderSerializer
    date_field = "start_date"

    def _order(self, pk: object, *, status_code: int = status.HTTP_200_OK) -> Response:
        order = selectors.order_get(jurisdiction=self._jurisdiction(), pk=pk)
        return Response(OrderDetailSerializer(order).data, status=status_code)

    def list(self, request: Request) -> Response:
        params = request.query_params
        orders = selectors.order_list(
            jurisdiction=self._jurisdiction(),
            today=clock.today(),
            status=params.get("status") or None,
            due=params.get("due", ""),
            kind=params.get("kind") or None,
        )
        return self._listed(orders)

    def retrieve(self, request: Request, pk: str) -> Response:
        order = selectors.order_get(jurisdiction=self._jurisdiction(), pk=pk)
        services.order_record_view(actor=request.user, order=order)
        return Response(OrderDetailSerializer(order).data)

    def create(self, request: Request) -> Response:
        data = self._validated(IssueInputSerializer)
        common: dict[str, Any] = {
            "actor": request.user,
            "jurisdiction": self._jurisdiction(),
            "start_date": data["start_date"],
            "place": data["place"],
            "facility": data["facility"],
            "address": data["address"],
            "number": data["number"],
        }
        if data["kind"] == OrderKind.F0_ISOLATION:
            order = services.order_issue_f0(case=data["case"], **common)
        else:
            order = services.order_issue_f1(
                contact=data["contact"],
                person=data["person"],
                vaccine_doses=data["vaccine_doses"],
                last_dose_date=data["last_dose_date"],
                recovered_on=data["recovered_on"],
                **common,
            )
        return self._order(order.pk, status_code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str) -> Response:
        order = selectors.order_get(jurisdiction=self._jurisdiction(), pk=pk)
        services.order_release(actor=request.user, order=order, **self._validated(ReleaseInputSerializer))
        return self._order(pk)

    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        order = selectors.order_get(jurisdiction=self._jurisdiction(), pk=pk)
        services.order_cancel(
            actor=request.user, order=order, reason=self._validated(CancelInputSerializer)["reason"]
        )
        return self._order(pk)
