"""Directives for tests, saved through the service (as the ingestion page does)."""

import datetime as dt
from typing import Any

from phaodai.accounts.models import Organisation
from phaodai.core.scoping import Jurisdiction
from phaodai.directives.models import Assignment, Directive, ProgressReport
from phaodai.directives.parsing.model import Deadline, DeadlineType
from phaodai.directives.reference import DirectiveKind
from phaodai.directives.services import DirectiveInput, TaskInput, directive_create, progress_report


def by(day: dt.date, text: str = "") -> Deadline:
    return Deadline(DeadlineType.BY_DATE, None, day, text or f"chậm nhất ngày {day:%d/%m/%Y}")


def task(
    content: str, leads: list[Organisation], *, ref: str = "", due: dt.date | None = None, **kwargs: Any
) -> TaskInput:
    deadlines = [by(due)] if due else []
    return TaskInput(ref=ref, content=content, leads=leads, deadlines=deadlines, **kwargs)


def make_directive(
    issuer: Organisation, tasks: list[TaskInput], *, actor: Any = None, **kwargs: Any
) -> Directive:
    data = DirectiveInput(
        kind=kwargs.pop("kind", DirectiveKind.NOTICE),
        issuer=issuer,
        symbol=kwargs.pop("symbol", "TB-BCĐ"),
        subject=kwargs.pop("subject", "Kết luận của Trưởng Ban Chỉ đạo tỉnh tại cuộc họp ngày 18/11/2021"),
        tasks=tasks,
        **kwargs,
    )
    for index, item in enumerate(tasks):
        item.ref = item.ref or str(index + 1)
    return directive_create(actor=actor, jurisdiction=Jurisdiction.of([issuer.unit_path]), data=data)


def report(assignment: Assignment, text: str = "Xong", **kwargs: Any) -> ProgressReport:
    """A progress report by the assigned unit itself, through the service."""
    return progress_report(
        actor=kwargs.pop("actor", None),
        organisation_id=assignment.organisation_id,
        assignment=assignment,
        text=text,
        **kwargs,
    )


def part(directive: Directive, organisation: Organisation, position: int = 0) -> Assignment:
    """One organisation's assignment in the directive's task at ``position``."""
    return Assignment.objects.get(
        task__directive=directive, task__position=position, organisation=organisation
    )
