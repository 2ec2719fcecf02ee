"""FHIR over the API: ``GET /api/fhir-persons/<id>/`` (a person's Bundle, audited as an export) and
``POST /api/fhir-immunizations/?unit=<id>`` (an Immunization Bundle recorded as doses at that site)."""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.core import audit, clock
from phaodai.core.models import AuditAction
from phaodai.core.permissions import Perm
from phaodai.geo.api import ScopedViewSet
from phaodai.interop import fhir, selectors
from phaodai.interop.fhir_import import immunizations_import


class FhirPersonViewSet(ScopedViewSet[Any]):
    """A person's record for another system: exporting health data, so the export permission."""

    required_perm = Perm.PEOPLE_EXPORT

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, description="A FHIR R4B Bundle (collection).")
    def retrieve(self, request: Request, pk: int) -> Response:
        record = selectors.person_record(jurisdiction=self._jurisdiction(), pk=pk)
        bundle = fhir.person_bundle(
            record.person, doses=record.doses, results=record.results, cases=record.cases, at=clock.now()
        )
        audit.record(
            actor=request.user, action=AuditAction.EXPORT, instance=record.person, summary="FHIR Bundle"
        )
        return Response(bundle, content_type="application/fhir+json")


class FhirImmunizationViewSet(ScopedViewSet[Any]):
    required_perm = Perm.VACCINATION_VIEW
    write_perm = Perm.VACCINATION_RECORD

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={201: inline_serializer("FhirImportResult", {"created": serializers.IntegerField()})},
        parameters=[
            OpenApiParameter("unit", int, description="the site the doses were given at", required=True)
        ],
    )
    def create(self, request: Request) -> Response:
        unit = self._unit()
        if unit is None:
            raise serializers.ValidationError({"unit": [_("Chọn nơi tiêm (?unit=<mã đơn vị>).")]})
        created = immunizations_import(
            actor=request.user, jurisdiction=self._jurisdiction(), unit=unit, data=request.data
        )
        return Response({"created": created}, status=status.HTTP_201_CREATED)
