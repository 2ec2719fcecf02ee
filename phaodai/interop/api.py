"""FHIR over the API: ``GET /api/fhir-persons/<id>/`` (a person's Bundle, audited as an export) and
``POST /api/fhir-immunizations/?unit=<id>`` (an Immunization Bundle recorded as doses at that site)."""

from typing import Any

from django.http import Http404
from rest_framework import status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.cases.models import Case
from phaodai.core import audit, clock
from phaodai.core.access import access_for
from phaodai.core.models import AuditAction
from phaodai.core.permissions import Perm
from phaodai.diagnostics.models import Result
from phaodai.geo.selectors import unit_find
from phaodai.interop import fhir
from phaodai.interop.fhir_import import immunizations_import
from phaodai.people.selectors import person_get
from phaodai.vaccination.selectors import person_doses


class FhirPersonViewSet(viewsets.GenericViewSet[Any]):
    """A person's record for another system: exporting health data, so the export permission."""

    required_perm = Perm.PEOPLE_EXPORT
    lookup_value_converter = "int"

    def retrieve(self, request: Request, pk: int) -> Response:
        person = person_get(jurisdiction=access_for(request).jurisdiction, pk=pk)
        results = (
            Result.objects.filter(sample__person=person).select_related("sample").order_by("resulted_at")
        )
        bundle = fhir.person_bundle(
            person,
            doses=person_doses(person=person),
            results=results,
            cases=Case.objects.filter(person=person).order_by("report_date"),
            at=clock.now(),
        )
        audit.record(actor=request.user, action=AuditAction.EXPORT, instance=person, summary="FHIR Bundle")
        return Response(bundle, content_type="application/fhir+json")


class FhirImmunizationViewSet(viewsets.GenericViewSet[Any]):
    required_perm = Perm.VACCINATION_VIEW
    write_perm = Perm.VACCINATION_RECORD

    def create(self, request: Request) -> Response:
        jurisdiction = access_for(request).jurisdiction
        unit = unit_find(jurisdiction=jurisdiction, pk=request.query_params.get("unit", ""))
        if unit is None:
            raise Http404
        created = immunizations_import(
            actor=request.user, jurisdiction=jurisdiction, unit=unit, data=request.data
        )
        return Response({"created": created}, status=status.HTTP_201_CREATED)
