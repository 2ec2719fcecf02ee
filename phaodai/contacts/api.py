"""Exposures, contacts and chains over the API: the same selectors (scoped) and services as the pages."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.contacts import graph, selectors, services
from phaodai.contacts.models import Contact, Exposure
from phaodai.contacts.reference import ExposureSetting
from phaodai.core.permissions import Perm
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.api import ScopedViewSet
from phaodai.people.forms import DATE_FORMATS
from phaodai.people.selectors import person_get, person_list


class ExposureSerializer(serializers.ModelSerializer[Exposure]):
    class Meta:
        model = Exposure
        fields = (
            "id", "source", "contact", "source_case", "setting", "last_exposure_date", "note", "unit_path",
            "created_at",
        )  # fmt: skip
        read_only_fields = fields


def _person_field(jurisdiction: Jurisdiction) -> serializers.PrimaryKeyRelatedField[Any]:
    return serializers.PrimaryKeyRelatedField(
        queryset=person_list(jurisdiction=jurisdiction),
        error_messages={"does_not_exist": _("Người này không tồn tại hoặc không thuộc địa bàn bạn quản lý.")},
    )


class ExposureInputSerializer(serializers.Serializer[Exposure]):
    """An exposure as a client sends it (``last_exposure_date`` as YYYY-MM-DD or dd/mm/yyyy)."""

    setting = serializers.ChoiceField(
        choices=ExposureSetting.choices, error_messages={"invalid_choice": _("Chọn hoàn cảnh tiếp xúc.")}
    )
    last_exposure_date = serializers.DateField(input_formats=DATE_FORMATS)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdiction = self.context.get("jurisdiction", Jurisdiction.nothing())
        # Added here: a class attribute named "source" would shadow Field.source for type checkers.
        self.fields["source"] = _person_field(jurisdiction)
        self.fields["contact"] = _person_field(jurisdiction)


class ExposureViewSet(ScopedViewSet[Exposure]):
    """``/api/exposures/``: list (``?person=<id>``: the exposures they are in; ``?unit=``, ``?from=``/``?to=``
    on the last exposure day), create (the F1/F2 status of the contact follows)."""

    required_perm = Perm.CASES_VIEW
    write_perm = Perm.CONTACTS_EDIT
    serializer_class = ExposureSerializer
    date_field = "last_exposure_date"

    def list(self, request: Request) -> Response:
        person_id = request.query_params.get("person")
        person = person_get(jurisdiction=self._jurisdiction(), pk=person_id) if person_id else None
        exposures = selectors.exposure_list(
            jurisdiction=self._jurisdiction(), person=person.pk if person else None
        )
        return self._listed(exposures)

    def create(self, request: Request) -> Response:
        data = self._validated(ExposureInputSerializer)
        exposure = services.exposure_add(actor=request.user, jurisdiction=self._jurisdiction(), **data)
        body = {
            **ExposureSerializer(exposure).data,
            "contact_level": selectors.contact_level_of(exposure.contact),
        }
        return Response(body, status=status.HTTP_201_CREATED)


class ContactSerializer(serializers.ModelSerializer[Contact]):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    rules_code = serializers.CharField(source="rules.code", read_only=True)

    class Meta:
        model = Contact
        fields = (
            "id", "person", "person_name", "level", "index_case", "via", "last_exposure_date", "status",
            "rules", "rules_code", "listed_at", "reached_at", "closed_at", "unit_path",
        )  # fmt: skip
        read_only_fields = fields


def _node(node: graph.GraphNode) -> dict[str, Any]:
    return {
        "id": node.person_id,
        "name": node.name,
        "level": node.level,
        "depth": node.depth,
        "root": node.root,
        "count": node.count,
    }


def _edge(edge: graph.GraphEdge) -> dict[str, Any]:
    return {
        "source": edge.source,
        "contact": edge.contact,
        "setting": edge.setting,
        "last_exposure_date": edge.last_exposure_date.isoformat(),
    }


def _int_param(request: Request, name: str, default: int) -> int:
    value = request.query_params.get(name, "")
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise serializers.ValidationError({name: [_("Phải là số nguyên.")]}) from exc


class ContactViewSet(ScopedViewSet[Contact]):
    """``/api/contacts/``: list (``?status=listed|reached|became_case|cleared|open``, ``?level=F1|F2``,
    ``?unit=``, ``?from=``/``?to=`` on the last exposure day), read, ``POST {id}/reached/`` (the tracer
    reached them), and ``GET chain/?person=<id>&limit=&offset=`` (the person's chain: nodes and edges;
    persons outside the jurisdiction are one anonymous node, id null).
    """

    required_perm = Perm.CASES_VIEW
    write_perm = Perm.CONTACTS_EDIT
    serializer_class = ContactSerializer
    date_field = "last_exposure_date"

    def list(self, request: Request) -> Response:
        contacts = selectors.contact_list(
            jurisdiction=self._jurisdiction(),
            status=request.query_params.get("status") or None,
            level=request.query_params.get("level") or None,
        )
        return self._listed(contacts)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(
            ContactSerializer(selectors.contact_get(jurisdiction=self._jurisdiction(), pk=pk)).data
        )

    @action(detail=True, methods=["post"], url_path="reached")
    def reached(self, request: Request, pk: str) -> Response:
        contact = selectors.contact_get(jurisdiction=self._jurisdiction(), pk=pk)
        return Response(
            ContactSerializer(services.contact_mark_reached(actor=request.user, contact=contact)).data
        )

    @action(detail=False, methods=["get"], url_path="chain")
    def chain(self, request: Request) -> Response:
        person_id = request.query_params.get("person")
        if not person_id:
            raise serializers.ValidationError({"person": [_("Chọn người (?person=<mã>).")]})
        person = person_get(jurisdiction=self._jurisdiction(), pk=person_id)
        found = graph.chain_of(
            person,
            jurisdiction=self._jurisdiction(),
            limit=_int_param(request, "limit", 200),
            offset=_int_param(request, "offset", 0),
        )
        services.chain_record_view(actor=request.user, subject=person, shown=found.shown)
        return Response(
            {
                "nodes": [_node(node) for node in found.nodes],
                "edges": [_edge(edge) for edge in found.edges],
                "total": found.total,
                "hidden": found.hidden,
                "offset": found.offset,
                "limit": found.limit,
                "next_offset": found.next_offset,
            }
        )
