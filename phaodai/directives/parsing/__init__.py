"""Rule-based parsing of a directive's text (thông báo, công văn, chỉ thị, kế hoạch, quyết định) into the
structure the ingestion form proposes and ``manage.py parse_directive --json`` prints.

Pure Python: no database, no Django models. It never guesses: what it cannot read stays empty for the
person confirming the proposal to fill in.
"""

from phaodai.directives.parsing import header as head
from phaodai.directives.parsing.model import (
    Deadline,
    DeadlineType,
    DirectiveKind,
    ParsedDirective,
    ParsedTask,
)
from phaodai.directives.parsing.tasks import body_lines, tasks
from phaodai.directives.parsing.text import clean, paragraphs

__all__ = ["Deadline", "DeadlineType", "DirectiveKind", "ParsedDirective", "ParsedTask", "parse"]


def parse(text: str) -> ParsedDirective:
    lines = paragraphs(clean(text))
    header = head.Header()
    head.number_and_symbol(lines, header)
    head.date_line(lines, header)
    head.kind_and_subject(lines, header)
    addressees = head.addressees(lines)
    recipients, recipients_at = head.recipients(lines)
    start = (header.title_index or 0) + 1
    body, body_end = body_lines(lines[: recipients_at or len(lines)], start)
    head.issuer(lines, header, body_end=body_end)
    year = header.day[0] if header.day else None
    letter = header.kind == DirectiveKind.LETTER
    return ParsedDirective(
        number=header.number,
        symbol=header.symbol,
        date=head.document_date(header),
        date_text=header.date_text,
        place=header.place,
        issuer=header.issuer,
        kind=header.kind,
        subject=header.subject,
        signer=head.signer(lines),
        recipients=recipients,
        addressees=addressees,
        tasks=tasks(body, year=year, default_leads=addressees if letter else []),
    )
