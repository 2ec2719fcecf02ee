"""Checking one line of a list against the programme and what the platform knows; used by hand entry
and by the import, so a rule is written once. Nothing here writes."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from phaodai.core.errors import FieldErrors
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import fold
from phaodai.people.models import Person
from phaodai.support import eligibility
from phaodai.support.models import BeneficiaryList, Programme
from phaodai.support.reference import CHECKED_GROUPS, AmountBasis, BeneficiaryGroup

MIN_BIRTH_YEAR = 1900
MAX_DAYS = 366


def money(value: int) -> str:
    """12.345.000 đ, the Vietnamese way."""
    return f"{value:,}".replace(",", ".") + " đ"


@dataclass
class EntryInput:
    person: Person | None = None
    full_name: str = ""
    national_id: str = ""
    birth_year: int | None = None
    days: int | None = None
    amount: int | None = None
    note: str = ""


@dataclass(frozen=True)
class CheckedEntry:
    person: Person | None
    full_name: str
    national_id: str
    birth_year: int | None
    days: int | None
    known_days: int | None
    amount: int
    note: str

    @property
    def name_folded(self) -> str:
        return fold(self.full_name)


def _group_refusal(programme: Programme, name: str, blist: BeneficiaryList) -> str:
    why = {
        BeneficiaryGroup.F0_TREATED: _("không có ca F0 điều trị"),
        BeneficiaryGroup.F1_QUARANTINED: _("không có quyết định cách ly F1"),
        BeneficiaryGroup.CHILD_F0_F1: _("không là F0 hoặc F1"),
    }[BeneficiaryGroup(programme.group)]
    return _(
        "«%(name)s» không thuộc đối tượng của chính sách «%(programme)s»: %(why)s trong kỳ "
        "%(start)s – %(end)s trên hệ thống."
    ) % {
        "name": name,
        "programme": programme.name,
        "why": why,
        "start": f"{blist.period_start:%d/%m/%Y}",
        "end": f"{blist.period_end:%d/%m/%Y}",
    }


def _check_group(data: EntryInput, blist: BeneficiaryList, errors: FieldErrors) -> int | None:
    """The platform's days for a checked group (None for the others); refusals go to ``person``."""
    programme = blist.programme
    if programme.group not in CHECKED_GROUPS:
        return None
    person = data.person
    if person is None:
        errors.add(
            "person",
            _("Chính sách này cần người có trong sổ người dân của xã (F0/F1 được kiểm tra trên hệ thống)."),
        )
        return None
    if programme.max_age and blist.period_start.year - person.birth_year >= programme.max_age:
        errors.add(
            "person",
            _(
                "«%(name)s» không thuộc đối tượng của chính sách «%(programme)s»: "
                "sinh năm %(year)s, không dưới %(age)s tuổi."
            )
            % {
                "name": person.full_name,
                "programme": programme.name,
                "year": person.birth_year,
                "age": programme.max_age,
            },
        )
        return None
    days = eligibility.known_days(
        programme,
        jurisdiction=Jurisdiction.of([blist.unit_path]),
        person_ids=[person.pk],
        start=blist.period_start,
        end=blist.period_end,
    ).get(person.pk, 0)
    if not days:
        errors.add("person", _group_refusal(programme, person.full_name, blist))
        return None
    return days


def _check_days(data: EntryInput, programme: Programme, known: int | None, errors: FieldErrors) -> int | None:
    if programme.basis != AmountBasis.PER_DAY:
        return None
    days = data.days if data.days is not None else min(known or 0, programme.max_days or known or 0)
    if days <= 0:
        errors.add("days", _("Số ngày phải lớn hơn 0."))
    elif days > MAX_DAYS:
        errors.add("days", _("Số ngày %(days)s quá lớn (tối đa %(max)s).") % {"days": days, "max": MAX_DAYS})
        return None
    elif programme.max_days and days > programme.max_days:
        errors.add(
            "days",
            _("Số ngày %(days)s vượt mức tối đa %(max)s ngày của chính sách «%(programme)s».")
            % {"days": days, "max": programme.max_days, "programme": programme.name},
        )
    elif known is not None and days > known:
        errors.add(
            "days",
            _(
                "Số ngày đề nghị (%(days)s) nhiều hơn số ngày điều trị/cách ly ghi nhận "
                "trên hệ thống (%(known)s)."
            )
            % {"days": days, "known": known},
        )
    return days


def _check_amount(data: EntryInput, programme: Programme, days: int | None, errors: FieldErrors) -> int:
    ceiling = programme.amount * days if days is not None else programme.cap
    amount = data.amount if data.amount is not None else ceiling
    if amount <= 0:
        errors.add("amount", _("Số tiền phải lớn hơn 0 (chính sách chưa có mức hỗ trợ?)."))
    elif amount > programme.cap:
        errors.add(
            "amount",
            _("Số tiền %(amount)s vượt mức tối đa %(cap)s của chính sách «%(programme)s».")
            % {"amount": money(amount), "cap": money(programme.cap), "programme": programme.name},
        )
    elif amount > ceiling:
        errors.add(
            "amount",
            _("Số tiền %(amount)s vượt mức %(ceiling)s (%(rate)s × %(days)s ngày).")
            % {
                "amount": money(amount),
                "ceiling": money(ceiling),
                "rate": money(programme.amount),
                "days": days,
            },
        )
    return amount


def check_entry(data: EntryInput, blist: BeneficiaryList, errors: FieldErrors) -> CheckedEntry:
    """The line as it would be saved; problems are added to ``errors`` (the caller raises)."""
    person = data.person
    full_name = (person.full_name if person else data.full_name).strip()
    if not full_name:
        errors.add("full_name", _("Họ và tên là bắt buộc."))
    if person is not None and not Jurisdiction.of([blist.unit_path]).contains(person.unit_path):
        errors.add(
            "person",
            _("«%(name)s» không cư trú tại %(unit)s.") % {"name": full_name, "unit": blist.unit.name},
        )
    birth_year = person.birth_year if person else data.birth_year
    if birth_year is not None and not MIN_BIRTH_YEAR <= birth_year <= blist.period_end.year:
        errors.add("birth_year", _("Năm sinh %(year)s không hợp lệ.") % {"year": birth_year})
    if len(full_name) > 120:
        errors.add("full_name", _("Họ và tên dài quá 120 ký tự."))
    if data.national_id and len(data.national_id.strip()) > 12:
        errors.add("national_id", _("Số CCCD/CMND dài quá 12 chữ số."))
    known = _check_group(data, blist, errors)
    days = _check_days(data, blist.programme, known, errors)
    amount = _check_amount(data, blist.programme, days, errors)
    return CheckedEntry(
        person=person,
        full_name=full_name,
        national_id=(person.national_id if person else data.national_id).strip(),
        birth_year=birth_year,
        days=days,
        known_days=known,
        amount=amount,
        note=data.note.strip()[:255],
    )


def period_errors(
    programme: Programme, start: dt.date | None, end: dt.date | None, errors: FieldErrors
) -> None:
    if start is None or end is None:
        errors.add(
            "period_start" if start is None else "period_end", _("Cần nhập đủ ngày bắt đầu và kết thúc kỳ.")
        )
        return
    if end < start:
        errors.add("period_end", _("Ngày kết thúc kỳ phải sau ngày bắt đầu."))
    if start < programme.period_start or end > programme.period_end:
        errors.add(
            "period_start",
            _("Kỳ phải nằm trong thời gian áp dụng của chính sách (%(start)s – %(end)s).")
            % {"start": f"{programme.period_start:%d/%m/%Y}", "end": f"{programme.period_end:%d/%m/%Y}"},
        )
