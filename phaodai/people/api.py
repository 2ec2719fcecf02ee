"""Persons over the API: the same selectors (scoped) and services (validated, audited) as the HTML views."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.core.access import access_for
from phaodai.core.permissions import Perm
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.selectors import placeable_units
from phaodai.people import selectors, services
from phaodai.people.models import Person
from phaodai.people.reference import Comorbidity, Sex
from phaodai.people.services import INPUT_FIELDS, PersonInput


class PersonSerializer(serializers.ModelSerializer[Person]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Person
        fields = ("id", *INPUT_FIELDS, "unit_name", "unit_path", "household", "created_at", "updated_at")
        read_only_fields = fields


class PersonListSerializer(serializers.ModelSerializer[Person]):
    """What a list shows (like the HTML list): opening one record is what the access log records."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Person
        fields = ("id", "full_name", "birth_year", "sex", "unit", "unit_name", "unit_path")
        read_only_fields = fields


class PersonInputSerializer(serializers.Serializer[PersonInput]):
    """What a client sends; the rules themselves are the service's, so they are not repeated here."""

    full_name = serializers.CharField(max_length=120)
    birth_year = serializers.IntegerField()
    birth_date = serializers.DateField(
        required=False, allow_null=True, input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    sex = serializers.ChoiceField(choices=Sex.choices)
    national_id = serializers.CharField(required=False, allow_blank=True, max_length=20)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    address = serializers.CharField(required=False, allow_blank=True, max_length=255)
    ethnicity = serializers.CharField(required=False, default="01", max_length=2)
    occupation = serializers.CharField(required=False, allow_blank=True, max_length=120)
    workplace = serializers.CharField(required=False, allow_blank=True, max_length=200)
    comorbidities = serializers.ListField(
        child=serializers.ChoiceField(choices=Comorbidity.choices), required=False
    )
    pregnant = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The units offered are the caller's: a unit outside the jurisdiction "does not exist".
        self.fields["unit"] = serializers.PrimaryKeyRelatedField(
            queryset=placeable_units(jurisdiction=self.context.get("jurisdiction", Jurisdiction.nothing())),
            error_messages={
                "does_not_exist": _("Đơn vị không tồn tại hoặc không thuộc địa bàn bạn quản lý.")
            },
        )

    def to_input(self) -> PersonInput:
        return PersonInput(**self.validated_data)


class PersonViewSet(viewsets.GenericViewSet[Person]):
    """``/api/persons/``: list (``?q=`` searches), read, create, update, delete; all in the jurisdiction."""

    required_perm = Perm.PEOPLE_VIEW
    lookup_value_converter = "int"
    serializer_class = PersonSerializer

    @property
    def write_perm(self) -> str:
        return Perm.PEOPLE_DELETE if self.request.method == "DELETE" else Perm.PEOPLE_EDIT

    def _jurisdiction(self) -> Any:
        return access_for(self.request).jurisdiction

    def _input(self, request: Request) -> PersonInput:
        serializer = PersonInputSerializer(data=request.data, context={"jurisdiction": self._jurisdiction()})
        serializer.is_valid(raise_exception=True)
        return serializer.to_input()

    def list(self, request: Request) -> Response:
        persons = selectors.person_list(
            jurisdiction=self._jurisdiction(), query=request.query_params.get("q", "")[:100]
        )
        page = self.paginate_queryset(persons)
        return self.get_paginated_response(PersonListSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        person = selectors.person_get(jurisdiction=self._jurisdiction(), pk=pk)
        services.person_record_view(actor=request.user, person=person)
        return Response(PersonSerializer(person).data)

    def create(self, request: Request) -> Response:
        result = services.person_create(
            actor=request.user,
            jurisdiction=self._jurisdiction(),
            data=self._input(request),
            confirm_distinct=request.query_params.get("confirm_distinct") == "1",
        )
        record = PersonSerializer(result.person).data if result.person is not None else {}
        body = {
            **record,
            "outcome": result.outcome,
            "detail": services.outcome_message(result.outcome),
            "warnings": result.warnings,
        }
        created = result.outcome in (services.Outcome.CREATED, services.Outcome.CREATED_REVIEW)
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def update(self, request: Request, pk: str) -> Response:
        person = selectors.person_get(jurisdiction=self._jurisdiction(), pk=pk)
        result = services.person_update(
            actor=request.user, jurisdiction=self._jurisdiction(), person=person, data=self._input(request)
        )
        return Response({**PersonSerializer(result.person).data, "warnings": result.warnings})

    def destroy(self, request: Request, pk: str) -> Response:
        person = selectors.person_get(jurisdiction=self._jurisdiction(), pk=pk)
        services.person_delete(actor=request.user, person=person)
        return Response(status=status.HTTP_204_NO_CONTENT)
