"""What the parser proposes: plain data, turned into JSON by :func:`as_json` and into forms by the app."""

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class DeadlineType(StrEnum):
    BY_DATE = "by_date"  # chậm nhất / trước ngày ...
    IN_PERIOD = "in_period"  # trong tháng 01 năm 2022, trong quý I năm 2022, từ ngày ... đến ngày ...
    FROM_DATE = "from_date"  # từ ngày 16/11/2021
    ONGOING = "ongoing"  # thường xuyên


class DirectiveKind(StrEnum):
    NOTICE = "thong_bao"
    LETTER = "cong_van"
    INSTRUCTION = "chi_thi"
    PLAN = "ke_hoach"
    DECISION = "quyet_dinh"


@dataclass(frozen=True)
class Deadline:
    type: DeadlineType
    start: dt.date | None
    end: dt.date | None
    text: str

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.type.value,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "text": self.text,
        }


@dataclass
class ParsedTask:
    ref: str
    text: str
    lead_units: list[str] = field(default_factory=list)
    coordinating_units: list[str] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "text": self.text,
            "lead_units": list(self.lead_units),
            "coordinating_units": list(self.coordinating_units),
            "deadlines": [deadline.as_json() for deadline in self.deadlines],
        }


@dataclass
class ParsedDirective:
    number: str | None = None
    symbol: str | None = None
    date: dt.date | None = None
    date_text: str | None = None
    place: str | None = None
    issuer: str | None = None
    kind: DirectiveKind | None = None
    subject: str | None = None
    signer: str | None = None
    recipients: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)  # "Kính gửi": a letter's default leads
    tasks: list[ParsedTask] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The structure ``parse_directive --json`` prints (issue 7, item 4): exactly these keys."""
        return {
            "number": self.number,
            "symbol": self.symbol,
            "date": self.date.isoformat() if self.date else None,
            "date_text": self.date_text,
            "place": self.place,
            "issuer": self.issuer,
            "kind": self.kind.value if self.kind else None,
            "subject": self.subject,
            "signer": self.signer,
            "recipients": list(self.recipients),
            "tasks": [task.as_json() for task in self.tasks],
        }
