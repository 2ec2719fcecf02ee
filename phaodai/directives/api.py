"""Directives, their tasks (one unit's part each) and progress reports over the API: the same selectors
(scoped) and services (validated, audited) as the pages.

Choice fields are plain strings here: one more enum named "kind" or "status" would collide with the other
apps' in the OpenAPI schema.
"""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.accounts.models import Organisation
from phaodai.core import clock
from phaodai.core.access import access_for
from phaodai.core.permissions import Perm
from phaodai.core.scoping import Jurisdiction
from phaodai.directives import mapping, selectors, services
from phaodai.directives.models import Assignment, Directive, ProgressReport, Task
from phaodai.directives.parsing import parse
from phaodai.directives.parsing.model import Deadline
from phaodai.directives.parsing.model import DeadlineType as ParsedDeadlineType
from phaodai.directives.proposal import propose
from phaodai.directives.reference import DeadlineType
from phaodai.geo.api import ScopedViewSet

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class DeadlineSerializer(serializers.Serializer[Any]):
    type = serializers.CharField(max_length=12)
    start = serializers.DateField(allow_null=True, required=False, default=None, input_formats=DATE_FORMATS)
    end = serializers.DateField(allow_null=True, required=False, default=None, input_formats=DATE_FORMATS)
    text = serializers.CharField(max_length=255)

    def validate_type(self, value: str) -> str:
        if value not in DeadlineType.values:
            raise serializers.ValidationError(
                _("Loại thời hạn phải là by_date, in_period, from_date hoặc ongoing.")
            )
        return value


class TaskSerializer(serializers.ModelSerializer[Task]):
    deadlines = DeadlineSerializer(many=True, read_only=True)
    assignments = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = (
            "id", "ref", "content", "due_on", "deadlines", "unmapped_leads", "unmapped_coordinating",
            "closed_at", "assignments",
        )  # fmt: skip
        read_only_fields = fields

    def get_assignments(self, task: Task) -> list[dict[str, Any]]:
        return [
            {"id": a.pk, "organisation": a.organisation_id, "role": a.role, "status": a.status}
            for a in task.assignments.all()
        ]


class DirectiveSerializer(serializers.ModelSerializer[Directive]):
    kind = serializers.CharField(read_only=True)
    task_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Directive
        fields = (
            "id", "number", "symbol", "date", "date_text", "place", "kind", "issuer", "issuer_name", "signer",
            "subject", "recipients", "file_name", "unit_path", "created_at", "task_count",
        )  # fmt: skip
        read_only_fields = fields


class TaskInputSerializer(serializers.Serializer[Any]):
    ref = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    text = serializers.CharField()
    lead_organisations = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    coordinating_organisations = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )
    unmapped_leads = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    unmapped_coordinating = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    deadlines = DeadlineSerializer(many=True, required=False, default=list)


class DirectiveInputSerializer(serializers.Serializer[Any]):
    """A confirmed directive: the parser's structure with organisations chosen by id."""

    kind = serializers.CharField(max_length=16)
    issuer = serializers.IntegerField()
    number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    symbol = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    date = serializers.DateField(allow_null=True, required=False, default=None, input_formats=DATE_FORMATS)
    date_text = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    issuer_name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    signer = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    subject = serializers.CharField(required=False, allow_blank=True, default="")
    text = serializers.CharField(required=False, allow_blank=True, default="")
    recipients = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    tasks = TaskInputSerializer(many=True)


def _organisations(ids: list[int], known: dict[int, Organisation], field: str) -> list[Organisation]:
    missing = [pk for pk in ids if pk not in known]
    if missing:
        raise serializers.ValidationError(
            {
                field: [
                    _("Tổ chức %(id)s không tồn tại hoặc không thuộc địa bàn bạn quản lý.")
                    % {"id": missing[0]}
                ]
            }
        )
    return [known[pk] for pk in ids]


def _task_input(index: int, data: dict[str, Any], known: dict[int, Organisation]) -> services.TaskInput:
    return services.TaskInput(
        ref=data["ref"],
        content=data["text"],
        leads=_organisations(data["lead_organisations"], known, f"tasks.{index}.lead_organisations"),
        coordinating=_organisations(
            data["coordinating_organisations"], known, f"tasks.{index}.coordinating_organisations"
        ),
        unmapped_leads=data["unmapped_leads"],
        unmapped_coordinating=data["unmapped_coordinating"],
        deadlines=[
            Deadline(ParsedDeadlineType(d["type"]), d["start"], d["end"], d["text"])
            for d in data["deadlines"]
        ],
    )


def directive_input(data: dict[str, Any], jurisdiction: Jurisdiction) -> services.DirectiveInput:
    known = {org.pk: org for org in mapping.candidates(jurisdiction=jurisdiction)}
    (issuer,) = _organisations([data.pop("issuer")], known, "issuer")
    tasks = [_task_input(index, task, known) for index, task in enumerate(data.pop("tasks"))]
    return services.DirectiveInput(issuer=issuer, tasks=tasks, **data)


class DirectiveViewSet(ScopedViewSet[Directive]):
    """``/api/directives/``: list (``?unit=`` the issuer's place, ``?from=``/``?to=`` on the directive's
    date), read (with its tasks), ``POST parse/`` (``{"text": ...}``: the proposed structure,
    organisations mapped, nothing saved) and create (a confirmed structure)."""

    required_perm = Perm.DIRECTIVES_VIEW
    write_perm = Perm.DIRECTIVES_MANAGE
    serializer_class = DirectiveSerializer
    date_field = "date"

    def list(self, request: Request) -> Response:
        return self._listed(selectors.directive_list(jurisdiction=self._jurisdiction()))

    def retrieve(self, request: Request, pk: str) -> Response:
        directive = selectors.directive_get(jurisdiction=self._jurisdiction(), pk=pk)
        data = dict(DirectiveSerializer(directive).data)
        tasks = selectors.directive_tasks(directive=directive, jurisdiction=self._jurisdiction())
        data["tasks"] = TaskSerializer(tasks, many=True).data
        return Response(data)

    @action(detail=False, methods=["post"], url_path="parse")
    def parse(self, request: Request) -> Response:
        text = str(request.data.get("text", "")) if isinstance(request.data, dict) else ""
        if not text.strip():
            raise serializers.ValidationError({"text": [_("Dán nội dung văn bản.")]})
        parsed = parse(text)
        proposal = propose(
            parsed, text="", issuer=None, candidates=mapping.candidates(jurisdiction=self._jurisdiction())
        )
        structure = parsed.as_json()
        for task, proposed in zip(structure["tasks"], proposal.tasks, strict=True):
            task["lead_organisations"] = proposed["leads"]
            task["coordinating_organisations"] = proposed["coordinating"]
        return Response(structure)

    def create(self, request: Request) -> Response:
        serializer = DirectiveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = directive_input(dict(serializer.validated_data), self._jurisdiction())
        directive = services.directive_create(
            actor=request.user, jurisdiction=self._jurisdiction(), data=data
        )
        response = self.retrieve(request, str(directive.pk))
        response.status_code = status.HTTP_201_CREATED
        return response


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    role = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    directive = serializers.IntegerField(source="task.directive_id", read_only=True)
    ref = serializers.CharField(source="task.ref", read_only=True)
    content = serializers.CharField(source="task.content", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Assignment
        fields = (
            "id", "directive", "task", "ref", "content", "organisation", "organisation_name", "role",
            "status", "due_on", "completed_on", "closed_at", "unit_path",
        )  # fmt: skip
        read_only_fields = fields


class AssignmentViewSet(ScopedViewSet[Assignment]):
    """``/api/directive-tasks/``: each unit's part of a task. List (``?mine=1`` the caller's organisation's,
    ``?overdue=1``, ``?due_soon=1``, ``?unit=``, ``?from=``/``?to=`` on the due day), read, and
    ``POST {id}/close/`` for the issuer."""

    required_perm = Perm.DIRECTIVES_VIEW
    write_perm = Perm.DIRECTIVES_MANAGE
    serializer_class = AssignmentSerializer
    date_field = "due_on"

    def list(self, request: Request) -> Response:
        access = access_for(request)
        params = request.query_params
        if params.get("overdue") == "1":
            rows = selectors.overdue(jurisdiction=access.jurisdiction, today=clock.today())
        elif params.get("due_soon") == "1":
            rows = selectors.due_soon(jurisdiction=access.jurisdiction, today=clock.today())
        elif params.get("mine") == "1":
            rows = selectors.inbox(
                jurisdiction=access.jurisdiction,
                organisation_id=access.organisation_id,
                status=params.get("status", ""),
            )
        else:
            rows = selectors.assignment_list(jurisdiction=access.jurisdiction)
        return self._listed(rows)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(
            AssignmentSerializer(selectors.assignment_get(jurisdiction=self._jurisdiction(), pk=pk)).data
        )

    @action(detail=True, methods=["post"], url_path="close")
    def close(self, request: Request, pk: str) -> Response:
        jurisdiction = self._jurisdiction()
        assignment = selectors.assignment_get(jurisdiction=jurisdiction, pk=pk)
        closed = services.assignment_close(
            actor=request.user, jurisdiction=jurisdiction, assignment=assignment
        )
        return Response(
            AssignmentSerializer(selectors.assignment_get(jurisdiction=jurisdiction, pk=closed.pk)).data
        )


class ReportSerializer(serializers.ModelSerializer[ProgressReport]):
    class Meta:
        model = ProgressReport
        fields = ("id", "assignment", "text", "done", "file_name", "reported_at", "reported_by", "unit_path")
        read_only_fields = fields


class ReportInputSerializer(serializers.Serializer[Any]):
    assignment = serializers.IntegerField()
    text = serializers.CharField(allow_blank=True)
    done = serializers.BooleanField(required=False, default=False)
    file = serializers.FileField(required=False, allow_null=True, default=None)


class ReportViewSet(ScopedViewSet[ProgressReport]):
    """``/api/progress-reports/``: reports of the units in the jurisdiction (``?unit=``, ``?from=``/``?to=``
    on the day reported); create (multipart for a file) by the assigned unit."""

    required_perm = Perm.DIRECTIVES_VIEW
    write_perm = Perm.TASKS_REPORT
    serializer_class = ReportSerializer
    date_field = "reported_at"

    def list(self, request: Request) -> Response:
        return self._listed(selectors.report_list(jurisdiction=self._jurisdiction()))

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(ReportSerializer(selectors.report_get(jurisdiction=self._jurisdiction(), pk=pk)).data)

    def create(self, request: Request) -> Response:
        access = access_for(request)
        serializer = ReportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = services.progress_report(
            actor=request.user,
            organisation_id=access.organisation_id,
            assignment=selectors.assignment_get(jurisdiction=access.jurisdiction, pk=data["assignment"]),
            text=data["text"],
            done=data["done"],
            file=services.Attachment(data["file"].name, data["file"].read()) if data["file"] else None,
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)
