"""The parser's proposal with its names mapped to organisations: the review form's starting point, or
(for the demo and the API) the input saved when it is accepted as it stands."""

from dataclasses import dataclass, field
from typing import Any

from phaodai.accounts.models import Organisation
from phaodai.directives.mapping import Mapped, map_names
from phaodai.directives.parsing import ParsedDirective, ParsedTask
from phaodai.directives.services import DirectiveInput, TaskInput


@dataclass
class Proposal:
    directive: dict[str, Any]
    tasks: list[dict[str, Any]] = field(default_factory=list)


def _roles(task: ParsedTask, candidates: list[Organisation]) -> tuple[Mapped, Mapped]:
    """Leads and coordinating organisations; an organisation that leads does not coordinate too."""
    leads = map_names(task.lead_units, candidates)
    coordinating = map_names(task.coordinating_units, candidates)
    coordinating.organisations = [org for org in coordinating.organisations if org not in leads.organisations]
    return leads, coordinating


def _task_initial(task: ParsedTask, candidates: list[Organisation]) -> dict[str, Any]:
    leads, coordinating = _roles(task, candidates)
    return {
        "ref": task.ref,
        "content": task.text,
        "leads": [org.pk for org in leads.organisations],
        "unmapped_leads": "\n".join(leads.unmapped),
        "coordinating": [org.pk for org in coordinating.organisations],
        "unmapped_coordinating": "\n".join(coordinating.unmapped),
        "deadlines": "\n".join(deadline.text for deadline in task.deadlines),
    }


def _header(parsed: ParsedDirective) -> dict[str, Any]:
    return {
        "number": parsed.number or "",
        "symbol": parsed.symbol or "",
        "date": parsed.date,
        "date_text": parsed.date_text or "",
        "place": parsed.place or "",
        "kind": parsed.kind.value if parsed.kind else "",
        "issuer_name": parsed.issuer or "",
        "signer": parsed.signer or "",
        "subject": parsed.subject or "",
    }


def propose(
    parsed: ParsedDirective, *, text: str, issuer: Organisation | None, candidates: list[Organisation]
) -> Proposal:
    """Initial data for the review form and its task formset (every field stays editable)."""
    directive = _header(parsed) | {
        "issuer": issuer.pk if issuer else None,
        "recipients": "\n".join(parsed.recipients),
        "text": text,
    }
    return Proposal(directive, [_task_initial(task, candidates) for task in parsed.tasks])


def _task_input(task: ParsedTask, candidates: list[Organisation]) -> TaskInput:
    leads, coordinating = _roles(task, candidates)
    return TaskInput(
        ref=task.ref,
        content=task.text,
        leads=leads.organisations,
        coordinating=coordinating.organisations,
        unmapped_leads=leads.unmapped,
        unmapped_coordinating=coordinating.unmapped,
        deadlines=list(task.deadlines),
    )


def as_input(
    parsed: ParsedDirective, *, text: str, issuer: Organisation, candidates: list[Organisation]
) -> DirectiveInput:
    """The proposal accepted as it stands (what confirming the review form unchanged saves)."""
    return DirectiveInput(
        issuer=issuer,
        text=text,
        recipients=list(parsed.recipients),
        tasks=[_task_input(task, candidates) for task in parsed.tasks],
        **_header(parsed),
    )
