"""Persons and households over the API: the same selectors (scoped) and services (validated, audited)
as the HTML views."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.core.permissions import Perm
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.api import ScopedViewSet
from phaodai.geo.selectors import placeable_units
from phaodai.people import households, selectors, services
from phaodai.people.models import Household, Person
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


class PersonViewSet(ScopedViewSet[Person]):
    """``/api/persons/``: list (``?q=`` searches, ``?unit=``, ``?from=``/``?to=`` on the day registered),
    read, create, update, delete; all in the jurisdiction."""

    required_perm = Perm.PEOPLE_VIEW
    serializer_class = PersonSerializer
    date_field = "created_at"

    @property
    def write_perm(self) -> str:
        return Perm.PEOPLE_DELETE if self.request.method == "DELETE" else Perm.PEOPLE_EDIT

    def _input(self, request: Request) -> PersonInput:
        serializer = PersonInputSerializer(data=request.data, context={"jurisdiction": self._jurisdiction()})
        serializer.is_valid(raise_exception=True)
        return serializer.to_input()

    def list(self, request: Request) -> Response:
        persons = selectors.person_list(
            jurisdiction=self._jurisdiction(), query=request.query_params.get("q", "")[:100]
        )
        return self._listed(persons, PersonListSerializer)

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


MAX_MEMBERS = 60


class HouseholdSerializer(serializers.ModelSerializer[Household]):
    """A household with its members in the caller's jurisdiction, as person ids (eldest first)."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    members: serializers.PrimaryKeyRelatedField[Person] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = Household
        fields = ("id", "code", "address", "unit", "unit_name", "unit_path", "head", "members")
        read_only_fields = fields


def _person_field(context: Mapping[str, Any], **kwargs: Any) -> serializers.PrimaryKeyRelatedField[Person]:
    """A person of the caller's jurisdiction, by id; anyone else "does not exist"."""
    return serializers.PrimaryKeyRelatedField(
        queryset=selectors.person_list(jurisdiction=context.get("jurisdiction", Jurisdiction.nothing())),
        error_messages={"does_not_exist": _("Người này không tồn tại hoặc không thuộc địa bàn bạn quản lý.")},
        **kwargs,
    )


class HouseholdInputSerializer(serializers.Serializer[Household]):
    """A new household; its rules (address required, code unique in the commune...) are the service's."""

    address = serializers.CharField(required=False, allow_blank=True, default="")
    code = serializers.CharField(required=False, allow_blank=True, default="")
    members = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=MAX_MEMBERS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdiction = self.context.get("jurisdiction", Jurisdiction.nothing())
        self.fields["unit"] = serializers.PrimaryKeyRelatedField(
            queryset=placeable_units(jurisdiction=jurisdiction),
            error_messages={
                "does_not_exist": _("Đơn vị không tồn tại hoặc không thuộc địa bàn bạn quản lý.")
            },
        )
        self.fields["head"] = _person_field(self.context, required=False, allow_null=True, default=None)

    def validate_members(self, ids: list[int]) -> list[Person]:
        found = selectors.persons_by_id(
            jurisdiction=self.context.get("jurisdiction", Jurisdiction.nothing()), ids=ids
        )
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            raise serializers.ValidationError(
                _("Không có người mang mã %(ids)s trong địa bàn bạn quản lý.") % {"ids": ", ".join(missing)}
            )
        return [found[pk] for pk in ids]


class MemberInputSerializer(serializers.Serializer[Person]):
    head = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = _person_field(self.context)


class HouseholdViewSet(ScopedViewSet[Household]):
    """``/api/households/``: list (``?q=`` finds by code or a member, ``?unit=``), read, create; members are
    added with ``POST {id}/members/`` (``{"person": id, "head": false}``), removed with ``DELETE
    {id}/members/{person}/``, and the head is set with ``POST {id}/head/`` (``{"person": id}``)."""

    required_perm = Perm.PEOPLE_VIEW
    write_perm = Perm.PEOPLE_EDIT
    serializer_class = HouseholdSerializer
    undated = "a household has no date of its own"

    def _household(self, pk: object) -> Response:
        household = selectors.household_get(jurisdiction=self._jurisdiction(), pk=pk, with_members=True)
        return Response(HouseholdSerializer(household).data)

    def list(self, request: Request) -> Response:
        found = selectors.household_list(
            jurisdiction=self._jurisdiction(),
            query=request.query_params.get("q", "")[:100],
            with_members=True,
        )
        return self._listed(found)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._household(pk)

    def create(self, request: Request) -> Response:
        serializer = HouseholdInputSerializer(
            data=request.data, context={"jurisdiction": self._jurisdiction()}
        )
        serializer.is_valid(raise_exception=True)
        household = households.household_create(
            actor=request.user, jurisdiction=self._jurisdiction(), **serializer.validated_data
        )
        response = self._household(household.pk)
        response.status_code = status.HTTP_201_CREATED
        return response

    def _member(self, request: Request, pk: str) -> tuple[Household, Any]:
        household = selectors.household_get(jurisdiction=self._jurisdiction(), pk=pk)
        serializer = MemberInputSerializer(data=request.data, context={"jurisdiction": self._jurisdiction()})
        serializer.is_valid(raise_exception=True)
        return household, serializer.validated_data

    @action(detail=True, methods=["post"], url_path="members")
    def add_member(self, request: Request, pk: str) -> Response:
        household, data = self._member(request, pk)
        households.household_add_member(
            actor=request.user,
            jurisdiction=self._jurisdiction(),
            household=household,
            person=data["person"],
            head=data["head"],
        )
        return self._household(pk)

    @action(detail=True, methods=["delete"], url_path="members/<int:person_pk>")
    def remove_member(self, request: Request, pk: str, person_pk: int) -> Response:
        household = selectors.household_get(jurisdiction=self._jurisdiction(), pk=pk)
        person = selectors.person_get(jurisdiction=self._jurisdiction(), pk=person_pk)
        households.household_remove_member(
            actor=request.user, jurisdiction=self._jurisdiction(), household=household, person=person
        )
        return self._household(pk)

    @action(detail=True, methods=["post"], url_path="head")
    def set_head(self, request: Request, pk: str) -> Response:
        household, data = self._member(request, pk)
        households.household_set_head(
            actor=request.user, jurisdiction=self._jurisdiction(), household=household, person=data["person"]
        )
        return self._household(pk)
