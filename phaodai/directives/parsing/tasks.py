"""The numbered tasks of a directive's body, with who leads, who coordinates and by when.

Structure: "1.", "2." ... open tasks; bullets ("-", "+", "a)") under a numbered line that is only a
heading ("1. Trung tâm kiểm soát bệnh tật", or a line ending with ":") are tasks of their own, "1.1",
"1.2"...; under a task that says what to do they are part of its text. Unnumbered paragraphs continue
the task above them. The body ends at the closing formula ("... thực hiện./."), at "Nơi nhận" or at the
signature block in capitals.
"""

import re
from dataclasses import dataclass, field

from phaodai.directives.parsing.bodies import Mention, mentions
from phaodai.directives.parsing.dates import deadlines
from phaodai.directives.parsing.model import ParsedTask
from phaodai.directives.parsing.text import bulleted, fold, is_upper, numbered, strip_marker

_COORDINATING = re.compile(r"(?<![a-z])(?:phoi hop|cung)(?: chat che)?(?: voi| cung)?$")
# A body right after a preposition, or after a verb whose object it is ("báo cáo kịp thời Ban Chỉ đạo").
_OBJECT = re.compile(
    r"(?<![a-z])(?:(?:cua|tai|voi|cho|den|ve|theo|len|tu|truoc|tat ca(?: cac)?|gui|thuoc|o|giup|nhu)"
    r"|(?:bao cao|tham muu|trinh|xin y kien|don doc|huong dan|ho tro|kiem tra|giam sat)(?: [a-z]+){0,2})$"
)
_DIRECTS = re.compile(r"\s*chi dao\s+")
HEADING_COVER = 0.6  # a numbered line whose text is mostly a body's name heads the bullets under it
SUBJECT_WORDS = 4  # "Bí thư cấp ủy", "Các cấp ủy": what may stand before a body in a clause's subject


@dataclass
class Item:
    """A numbered line and what follows it until the next one."""

    ref: str
    paragraphs: list[str]
    bullets: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    def is_heading(self) -> bool:
        text = self.text.rstrip()
        if text.endswith(":"):
            return True
        covered = sum(mention.end - mention.start for mention in mentions(text))
        return bool(text) and covered >= HEADING_COVER * len(text)


def _closes(line: str, *, is_numbered: bool) -> bool:
    folded = fold(line)
    if folded.startswith("noi nhan") or (is_upper(line) and not is_numbered):
        return True
    return not is_numbered and line.rstrip().endswith("/.")


def body_lines(lines: list[str], start: int) -> tuple[list[str], int]:
    """The lines of the body from the first numbered line at or after ``start``; and where it ends."""
    first = next((i for i in range(start, len(lines)) if numbered(lines[i])), None)
    if first is None:
        first = next(
            (
                i
                for i in range(max(start, 1), len(lines))
                if bulleted(lines[i]) and lines[i - 1].endswith(":")
            ),
            None,
        )
    if first is None:
        return [], len(lines)
    for index in range(first, len(lines)):
        is_numbered = bool(numbered(lines[index]))
        if index > first and _closes(lines[index], is_numbered=is_numbered):
            return lines[first:index], index
        if is_numbered and lines[index].rstrip().endswith("/."):
            return lines[first : index + 1], index + 1
    return lines[first:], len(lines)


def items(lines: list[str]) -> list[Item]:
    found: list[Item] = []
    for line in lines:
        if match := numbered(line):
            found.append(Item(match.group(1), [strip_marker(line)]))
        elif bulleted(line):
            if not found:  # a body of bullets only: number them
                found.append(Item(str(len(found) + 1), [strip_marker(line)]))
                continue
            found[-1].bullets.append(strip_marker(line))
        elif found and found[-1].bullets:
            found[-1].bullets[-1] += "\n" + line
        elif found:
            found[-1].paragraphs.append(line)
    return _renumber_bullet_bodies(found, lines)


def _renumber_bullet_bodies(found: list[Item], lines: list[str]) -> list[Item]:
    """A body with no numbered line at all is a list of bullets: each one a task, numbered in order."""
    if any(numbered(line) for line in lines) or not found:
        return found
    head = found[0]
    return [Item(str(i + 1), [text]) for i, text in enumerate([head.text, *head.bullets])]


@dataclass
class Roles:
    leads: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)


def _add(names: list[str], name: str) -> None:
    if fold(name) not in {fold(existing) for existing in names}:
        names.append(name)


def _in_subject(folded: str, mention: Mention, found: list[Mention]) -> bool:
    """Whether nothing but other bodies and short titles ("Chủ tịch", "Đề nghị", "Các cấp ủy") come
    between the start of the clause and ``mention``: it is then a subject of the clause, not an object."""
    start = max(folded.rfind(mark, 0, mention.start) for mark in (". ", ";", ":", "\n"))
    before = list(folded[max(start, 0) : mention.start])
    for other in found:
        if max(start, 0) <= other.start and other.end <= mention.start:
            before[other.start - max(start, 0) : other.end - max(start, 0)] = "x" * (other.end - other.start)
    segments = re.split(r",| va ", "".join(before))
    return all(len(segment.split()) <= SUBJECT_WORDS for segment in segments)


def _role(folded: str, index: int, found: list[Mention]) -> str | None:
    """ "lead", "coordinating", or None for a body the sentence gives nothing to do."""
    mention = found[index]
    before = folded[max(mention.start - 40, 0) : mention.start].rstrip(" ")
    if _COORDINATING.search(before) or (before.endswith("va") and fold(mention.name).endswith("lien quan")):
        return "coordinating"
    if _OBJECT.search(before) or _passes_on(folded, index, found):
        return None
    directed = index > 0 and _passes_on(folded, index - 1, found)
    return "lead" if directed or _in_subject(folded, mention, found) else None


def _passes_on(folded: str, index: int, found: list[Mention]) -> bool:
    """ "UBND tỉnh chỉ đạo Sở Y tế ...": the first body only passes the order on to the next."""
    directs = _DIRECTS.match(folded, found[index].end)
    return bool(directs and index + 1 < len(found) and found[index + 1].start == directs.end())


def roles(text: str) -> Roles:
    """Bodies that lead (subjects of the sentence) and that coordinate ("phối hợp với ...").

    A body after a preposition ("của", "tại", "báo cáo", "tham mưu") is not assigned anything; one that
    only passes the order on ("UBND tỉnh chỉ đạo Sở Y tế ...") neither.
    """
    folded = fold(text)
    found = mentions(text)
    result = Roles()
    for index, mention in enumerate(found):
        role = _role(folded, index, found)
        if role is not None:
            _add(result.leads if role == "lead" else result.coordinating, mention.name)
    lead_keys = {fold(name) for name in result.leads}
    result.coordinating = [name for name in result.coordinating if fold(name) not in lead_keys]
    return result


def _task(
    ref: str, text: str, *, year: int | None, inherited: ParsedTask | None, defaults: list[str]
) -> ParsedTask:
    found = roles(text)
    task = ParsedTask(ref=ref, text=text, lead_units=found.leads, coordinating_units=found.coordinating)
    task.deadlines = deadlines(text, year=year)
    if inherited is not None:
        task.lead_units = task.lead_units or list(inherited.lead_units)
        task.coordinating_units = task.coordinating_units or list(inherited.coordinating_units)
        task.deadlines = task.deadlines or list(inherited.deadlines)
    task.lead_units = task.lead_units or list(defaults)
    return task


def tasks(lines: list[str], *, year: int | None, default_leads: list[str]) -> list[ParsedTask]:
    """Tasks of the body lines; ``default_leads`` (a letter's addressees) lead a task that names none."""
    result: list[ParsedTask] = []
    for item in items(lines):
        if item.bullets and item.is_heading():
            heading = _task(item.ref, item.text, year=year, inherited=None, defaults=[])
            for number, bullet in enumerate(item.bullets, start=1):
                ref = f"{item.ref}.{number}"
                result.append(_task(ref, bullet, year=year, inherited=heading, defaults=default_leads))
            continue
        text = "\n".join([item.text, *(f"- {bullet}" for bullet in item.bullets)])
        result.append(_task(item.ref, text, year=year, inherited=None, defaults=default_leads))
    return result
