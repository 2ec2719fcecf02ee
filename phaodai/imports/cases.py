"""F0 cases from a commune's or district's line list: a case per valid row for its person (matched or
created), decided as ``cases.services.case_register`` (and ``case_close`` for a row that says how the case
ended) decides it, written in bulk with its timeline.

Staging columns: ``day`` report date (the day the positive result was known), ``day2`` sample date,
``day3`` onset date, ``day4`` outcome date, ``at`` last vaccine dose (noon, local), ``code`` test kind,
``code2`` place of care, ``variant`` severity the file states, ``seq`` vaccine doses, ``ref_id`` facility,
``note`` outcome (``recovered``/``deceased``, empty while the case is open), ``extra`` where it was found.

One case per person at a time (the rule of ``case_register`` and ``cases.bulk``): a row is *already
there* when its person has a case reported on the same day (whatever its state since); it is refused
when the person has another case whose span (report date to outcome date, open-ended while open) meets
the row's span, or when an earlier row of the file does. Ruled-out (discarded) cases block nothing.

Why the records phase decides in Python and not in one ``INSERT … SELECT``: the case definition,
severity, risk flags and home-care eligibility are the rule sets' Python readers (``cases.definition``,
``cases.clinical``, ``services.assess``); a chunk is decided row by row with them and written with two
bulk inserts (cases, timeline lines), as ``cases.bulk`` does. A row that the rules refuse there (a
closed case that fails the release criteria, a closed case the definition does not confirm) is marked
invalid in the same transaction, with its reason.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.cases import clinical, definition, rulesets, services
from phaodai.cases.bulk import RulesMemo
from phaodai.cases.models import Case, CaseEvent, EventKind
from phaodai.cases.reference import (
    FACILITY_PLACES,
    OPEN_STATUSES,
    CaseBasis,
    CaseStatus,
    Detection,
    PlaceOfCare,
    Severity,
    TestKind,
)
from phaodai.cases.signals import case_closed, case_opened
from phaodai.contacts.models import Contact, Exposure
from phaodai.contacts.reference import OPEN_TRACE_STATUSES, ContactLevel
from phaodai.core import clock
from phaodai.core.cellvalues import CellError, clean_text
from phaodai.core.changes import rows_written
from phaodai.core.errors import DomainError
from phaodai.core.permissions import Perm
from phaodai.core.text import fold
from phaodai.facilities.models import QUARANTINE_KINDS, FacilityKind, Stay
from phaodai.imports.checking import mark, repeats_a_row_above
from phaodai.imports.fields import ADDRESS, PERSON_FIELDS, Field, Values
from phaodai.imports.lookups import Lookups
from phaodai.imports.models import ImportBatch, RowStatus, StagedRow
from phaodai.imports.newpeople import create_new_persons
from phaodai.imports.spec import Kind, RowContext
from phaodai.people.models import Person
from phaodai.quarantine.models import Order
from phaodai.quarantine.reference import OrderStatus

CHUNK = 2000  # rows per INSERT statement
_LAST_DAY = dt.date(9999, 12, 31)  # the end of an open case's span


def _full_date(value: Any, lookups: Lookups) -> dt.date:
    day = lookups.day(value)
    if day.date is None:
        raise CellError(_("Cần ngày đầy đủ (ngày/tháng/năm), không chỉ năm."))
    if day.date > lookups.today:
        raise CellError(_("Ngày này ở sau hôm nay."))
    return day.date


def _date_into(column: str) -> Any:
    def parse(value: Any, lookups: Lookups) -> Values:
        return {column: _full_date(value, lookups)}

    return parse


def _last_dose(value: Any, lookups: Lookups) -> Values:
    noon = dt.datetime.combine(_full_date(value, lookups), dt.time(12))
    return {"at": timezone.make_aware(noon)}


def _doses(value: Any, _lookups: Lookups) -> Values:
    text = clean_text(value)
    if not text.isascii() or not text.isdigit() or not 0 <= int(text) <= 6:
        raise CellError(_("Số mũi vắc xin là một số từ 0 đến 6."))
    return {"seq": int(text)}


def _choice(words: tuple[tuple[str, str], ...], column: str, message: str) -> Any:
    """A parser of an enumerated cell: the first of ``words`` found in the folded text gives the value
    (more specific words first)."""

    def parse(value: Any, _lookups: Lookups) -> Values:
        folded = fold(clean_text(value))
        found = next((code for word, code in words if word in folded), None)
        if found is None:
            raise CellError(message)
        return {column: found}

    return parse


_TEST_KINDS = (
    ("pcr", TestKind.PCR), ("tu test", TestKind.RAT_SELF), ("tu xet nghiem", TestKind.RAT_SELF),
    ("test nhanh", TestKind.RAT_STAFF), ("khang nguyen", TestKind.RAT_STAFF), ("rat", TestKind.RAT_STAFF),
    ("ag", TestKind.RAT_STAFF), ("lam sang", TestKind.NONE), ("khong", TestKind.NONE),
)  # fmt: skip
_SEVERITIES = (
    ("khong trieu chung", Severity.ASYMPTOMATIC), ("nguy kich", Severity.CRITICAL),
    ("rat nang", Severity.CRITICAL), ("trung binh", Severity.MODERATE), ("nang", Severity.SEVERE),
    ("nhe", Severity.MILD),
)  # fmt: skip
_PLACES = (
    ("nha", PlaceOfCare.HOME), ("luu dong", PlaceOfCare.MOBILE_STATION),
    ("tram y te", PlaceOfCare.COMMUNE_STATION), ("tyt", PlaceOfCare.COMMUNE_STATION),
    ("benh vien", PlaceOfCare.HOSPITAL), ("thu dung", PlaceOfCare.TREATMENT_FACILITY),
    ("co so", PlaceOfCare.TREATMENT_FACILITY), ("khu dieu tri", PlaceOfCare.TREATMENT_FACILITY),
)  # fmt: skip
_DETECTIONS = (
    ("cong dong", Detection.COMMUNITY), ("cach ly", Detection.QUARANTINE),
    ("phong toa", Detection.LOCKDOWN), ("ngoai tinh", Detection.IMPORTED), ("nhap canh", Detection.IMPORTED),
    ("tinh khac", Detection.IMPORTED),
)  # fmt: skip
# Open words first: "đang điều trị" must not read as an ending. A ruled-out case is not imported.
_OUTCOMES = (
    ("dang", ""), ("nghi nhiem", ""), ("loai tru", "discarded"), ("tu vong", CaseStatus.DECEASED),
    ("chet", CaseStatus.DECEASED), ("khoi", CaseStatus.RECOVERED), ("ra vien", CaseStatus.RECOVERED),
    ("xuat vien", CaseStatus.RECOVERED), ("hoan thanh", CaseStatus.RECOVERED),
)  # fmt: skip


# Where a case named only by its facility is cared for (a commune station is not a facility place).
_PLACE_OF = {
    FacilityKind.TREATMENT_FACILITY: PlaceOfCare.TREATMENT_FACILITY,
    FacilityKind.FIELD_HOSPITAL: PlaceOfCare.HOSPITAL,
    FacilityKind.HOSPITAL: PlaceOfCare.HOSPITAL,
    FacilityKind.MOBILE_STATION: PlaceOfCare.MOBILE_STATION,
    FacilityKind.COMMUNE_STATION: PlaceOfCare.COMMUNE_STATION,
}


def _facility(value: Any, lookups: Lookups) -> Values:
    facility = lookups.facility(clean_text(value))
    if facility.kind in QUARANTINE_KINDS:
        raise CellError(_("Khu cách ly tập trung (F1) không nhận điều trị F0: ghi cơ sở điều trị."))
    # The facility itself rides along for the row hook (it is not a staging column).
    return {"ref_id": facility.pk, "facility": facility}


def _ignored(_value: Any, _lookups: Lookups) -> Values:
    """The case number of a file exported from Pháo Đài: the import recognises the case by its person
    and report date, so the column is known (the file needs no mapping) and read no further."""
    return {}


_CASE_FIELDS = (
    Field("report_date", gettext_lazy("Ngày báo cáo"),
          ("ngay bao cao", "ngay phat hien", "ngay co ket qua", "ngay tra ket qua", "ngay xac dinh",
           "ngay duong tinh", "ngay ghi nhan", "ngay xac dinh ca benh", "ngay co ket qua xet nghiem"),
          _date_into("day"), required=True),
    Field("sample_date", gettext_lazy("Ngày lấy mẫu"), ("ngay lay mau", "ngay lay mau xet nghiem", "ngay xn"),
          _date_into("day2")),
    Field("onset_date", gettext_lazy("Ngày khởi phát"),
          ("ngay khoi phat", "ngay khoi phat trieu chung", "ngay co trieu chung"), _date_into("day3")),
    Field("outcome_date", gettext_lazy("Ngày kết thúc"),
          ("ngay ket thuc", "ngay khoi", "ngay khoi benh", "ngay ra vien", "ngay xuat vien", "ngay tu vong",
           "ngay ket thuc dieu tri", "ngay hoan thanh dieu tri"), _date_into("day4")),
    Field("outcome", gettext_lazy("Trạng thái"),
          ("trang thai", "tinh trang", "ket qua dieu tri", "tinh trang hien tai", "ket thuc dieu tri"),
          _choice(_OUTCOMES, "note", _("Trạng thái ghi «Đang điều trị», «Khỏi bệnh» hoặc «Tử vong»."))),
    Field("test_kind", gettext_lazy("Loại xét nghiệm"),
          ("loai xet nghiem", "xet nghiem", "loai xn", "xn", "phuong phap xet nghiem", "hinh thuc xet nghiem",
           "ky thuat xet nghiem"),
          _choice(_TEST_KINDS, "code", _("Loại xét nghiệm ghi «PCR», «Test nhanh» hoặc «Tự test»."))),
    Field("severity", gettext_lazy("Mức độ"),
          ("muc do", "muc do benh", "phan loai", "phan loai muc do", "muc do lam sang", "tinh trang benh"),
          _choice(_SEVERITIES, "variant",
                  _("Mức độ ghi «Không triệu chứng», «Nhẹ», «Trung bình», «Nặng» hoặc «Nguy kịch»."))),
    Field("place_of_care", gettext_lazy("Nơi điều trị"),
          ("noi dieu tri", "hinh thuc dieu tri", "noi cach ly dieu tri", "dieu tri tai", "noi cach ly"),
          _choice(_PLACES, "code2",
                  _("Nơi điều trị ghi «Tại nhà», «Trạm Y tế xã», «Trạm Y tế lưu động», «Cơ sở thu dung» "
                    "hoặc «Bệnh viện»."))),
    Field("facility", gettext_lazy("Cơ sở điều trị"),
          ("co so dieu tri", "ten co so dieu tri", "benh vien", "co so thu dung", "ten co so"), _facility),
    Field("detected_in", gettext_lazy("Nơi phát hiện"), ("noi phat hien", "phat hien tai", "nguon phat hien"),
          _choice(_DETECTIONS, "extra",
                  _("Nơi phát hiện ghi «Cộng đồng», «Khu cách ly», «Khu phong tỏa» hoặc «Ngoại tỉnh»."))),
    Field("vaccine_doses", gettext_lazy("Số mũi vắc xin"),
          ("so mui vac xin", "so mui", "so mui da tiem", "tiem chung", "so mui tiem"), _doses),
    Field("last_dose", gettext_lazy("Ngày tiêm mũi cuối"), ("ngay tiem mui cuoi", "ngay tiem gan nhat"),
          _last_dose),
    Field("case_number", gettext_lazy("Mã ca bệnh"), ("ma ca benh", "ma ca", "ma f0"), _ignored),
)  # fmt: skip


def _check_dates(values: dict[str, Any], problems: list[str], row: RowContext) -> None:
    """What ``services._check_dates`` and ``case_close`` refuse, named by the file's columns."""
    report = values["day"]
    before_report = (
        ("day3", "onset_date", _("không được sau ngày báo cáo.")),
        ("day2", "sample_date", _("không được sau ngày báo cáo.")),
    )
    for column, key, message in before_report:
        if values[column] is not None and values[column] > report:
            problems.append(row.problem(key, message))
    if values["at"] is not None and timezone.localdate(values["at"]) > report:
        problems.append(row.problem("last_dose", _("không được sau ngày báo cáo.")))
    if values["day4"] is not None and values["day4"] < report:
        problems.append(row.problem("outcome_date", _("không được trước ngày báo cáo.")))


def _check_outcome(values: dict[str, Any], problems: list[str], row: RowContext) -> None:
    """An ending needs its day and a day needs its ending; a ruled-out case is not imported."""
    if values["note"] == "discarded":
        problems.append(row.problem("outcome", _("ca loại trừ không nhập từ tệp.")))
    elif values["note"] and values["day4"] is None:
        problems.append(row.problem("outcome_date", _("cần ngày kết thúc khi ca bệnh đã kết thúc.")))
    elif values["day4"] is not None and not values["note"]:
        problems.append(row.problem("outcome", _("cần ghi «Khỏi bệnh» hoặc «Tử vong» khi có ngày kết thúc.")))


def _check_place(values: dict[str, Any], problems: list[str], row: RowContext) -> None:
    """``services.check_place``: a facility exactly when the place is one, open on the report day and,
    for a case still open (the person is admitted on import), open today."""
    facility = values.get("facility")
    if values["code2"] in FACILITY_PLACES and facility is None:
        problems.append(row.problem("facility", _("cần tên cơ sở điều trị cho nơi điều trị này.")))
    if values["code2"] not in FACILITY_PLACES and facility is not None:
        problems.append(row.problem("facility", _("điều trị tại nhà hoặc trạm y tế xã thì không ghi cơ sở.")))
    if facility is None:
        return
    last_day = values["day4"] or row.lookups.today
    if values["day"] < facility.opened_on or (facility.closed_on and facility.closed_on <= last_day):
        problems.append(row.problem("facility", _("cơ sở không mở cửa trong thời gian điều trị.")))


def _complete(values: dict[str, Any], problems: list[str], row: RowContext) -> None:
    """Defaults where the file is silent (RT-PCR, at home, found in the community, no vaccine), then
    the checks that need several cells."""
    values["code"] = values["code"] or TestKind.PCR
    facility = values.get("facility")
    values["code2"] = values["code2"] or (_PLACE_OF[facility.kind] if facility else PlaceOfCare.HOME)
    values["extra"] = values["extra"] or Detection.COMMUNITY
    values["seq"] = values["seq"] or 0
    if values["day"] is None:
        return
    _check_dates(values, problems, row)
    _check_outcome(values, problems, row)
    _check_place(values, problems, row)


# --- Set-based checks once the persons are known -----------------------------------------------------

_SAME_CASE = "EXISTS (SELECT 1 FROM cases_case c WHERE c.person_id = s.person_id AND c.report_date = s.day)"


def _already_there() -> str:
    return _("Ca bệnh này (cùng người, cùng ngày báo cáo) đã có trong sổ ca bệnh.")


def _check(batch: ImportBatch) -> None:
    mark(
        batch,
        RowStatus.INVALID,
        _("Người này đang cư trú ngoài địa bàn của lượt nhập: ca bệnh do nơi người đó cư trú ghi nhận."),
        "NOT EXISTS (SELECT 1 FROM {person} p WHERE p.id = s.person_id AND substr(p.unit_path, 1, %s) = %s)",
        [len(batch.unit_path), batch.unit_path],
    )
    mark(
        batch,
        RowStatus.INVALID,
        _("Trùng với một dòng phía trên trong tệp (cùng người, cùng ngày báo cáo)."),
        repeats_a_row_above("person_id", "day", where="o.status IN (%s, %s)"),
        [RowStatus.VALID, RowStatus.EXISTING],
    )
    mark(
        batch,
        RowStatus.EXISTING,
        _already_there(),
        _SAME_CASE,
    )
    mark(
        batch,
        RowStatus.INVALID,
        _("Người này đã có một ca bệnh khác chưa kết thúc hoặc trùng thời gian với ca này."),
        "EXISTS (SELECT 1 FROM cases_case c WHERE c.person_id = s.person_id AND c.status <> %s "
        "AND c.report_date <= COALESCE(s.day4, %s) AND s.day <= COALESCE(c.outcome_date, %s))",
        [CaseStatus.DISCARDED, _LAST_DAY, _LAST_DAY],
    )
    _overlapping_rows(batch)


_OVERLAPS_SETTLED_ROW = (
    "EXISTS (SELECT 1 FROM {staged} o WHERE o.batch_id = s.batch_id AND o.person_id = s.person_id "
    "AND o.number < s.number AND o.status IN (%s, %s) "
    "AND o.day <= COALESCE(s.day4, %s) AND s.day <= COALESCE(o.day4, %s) "
    "AND NOT EXISTS (SELECT 1 FROM {staged} e WHERE e.batch_id = o.batch_id AND e.person_id = o.person_id "
    "AND e.number < o.number AND e.status IN (%s, %s) "
    "AND e.day <= COALESCE(o.day4, %s) AND o.day <= COALESCE(e.day4, %s)))"
)


def _overlapping_rows(batch: ImportBatch) -> None:
    """Rows of one person whose cases would overlap: the first one stands, as if the file were read from
    the top. A pass refuses the rows that overlap a row no earlier row contests; a row refused that way
    blocks nothing, so repeat until nothing changes (the same outcome whether the database lets a
    statement see its own changes, as SQLite does, or not, as PostgreSQL does)."""
    live = [RowStatus.VALID, RowStatus.EXISTING]
    message = _("Trùng thời gian với ca bệnh của cùng người ở một dòng phía trên trong tệp.")
    while mark(batch, RowStatus.INVALID, message, _OVERLAPS_SETTLED_ROW, [*live, _LAST_DAY, _LAST_DAY] * 2):
        pass


# --- Records: decided row by row with the rule sets, written in bulk -----------------------------------

_ROW_FIELDS = (
    "number", "person_id", "day", "day2", "day3", "day4", "at", "code", "code2", "variant", "seq", "ref_id",
    "note", "extra",
)  # fmt: skip


@dataclass(frozen=True)
class _Row:
    number: int
    person_id: int
    day: dt.date
    day2: dt.date | None
    day3: dt.date | None
    day4: dt.date | None
    at: dt.datetime | None
    code: str
    code2: str
    variant: str
    seq: int
    ref_id: int | None
    note: str
    extra: str


class _RefusedError(Exception):
    """A row the rule sets refuse while deciding it (its message is the reason)."""


def _severity(found: services.Assessment, stated: str) -> tuple[str, bool, list[dict[str, Any]]]:
    """The worse of the assessed severity and the one the file states. Only home care's first criterion
    reads the severity, so a worse stated one fails that criterion and with it the eligibility."""
    severity = clinical.worse(found.severity, stated) if stated else found.severity
    reasons = found.home_care.reasons
    if severity == found.severity:
        return severity, found.home_care.eligible, reasons
    mild = severity in (Severity.ASYMPTOMATIC, Severity.MILD)
    reasons = [{**reasons[0], "met": mild}, *reasons[1:]]
    return severity, found.home_care.eligible and mild, reasons


def _decide(row: _Row, person: Person, is_f1: bool, memo: RulesMemo, actor: Any) -> tuple[Case, str]:
    """``services._build`` for this row (then ``case_close``'s decision when it has ended), with the
    summary of its registration line (read before the ending changes the status)."""
    definition_rules = memo(rulesets.DEFINITION, on=row.day, unit_path=person.unit_path)
    evidence = definition.Evidence(test_kind=row.code, positive=True, is_f1=is_f1)
    basis = definition.classify(evidence, definition_rules.params)
    last_dose = timezone.localdate(row.at) if row.at else None
    found = services.assess(
        person=person, on=row.day, vitals=clinical.Vitals(), vaccine_doses=row.seq,
        last_dose_date=last_dose, can_self_care=True,
    )  # fmt: skip
    severity, eligible, reasons = _severity(found, row.variant)
    now = clock.now()
    case = Case(
        person=person, unit_id=person.unit_id, unit_path=person.unit_path,
        status=CaseStatus.SUSPECTED if basis == CaseBasis.UNCONFIRMED else CaseStatus.ACTIVE, basis=basis,
        definition_rules=definition_rules, test_kind=row.code, sample_date=row.day2, report_date=row.day,
        onset_date=row.day3, detected_in=row.extra, vaccine_doses=row.seq, last_dose_date=last_dose,
        risk_flags=found.flags, risk_score=clinical.risk_score(found.flags), severity=severity,
        severity_rules=found.severity_rules, place_of_care=row.code2, facility_id=row.ref_id,
        home_care_eligible=eligible, home_care_rules=found.home_care_rules, home_care_reasons=reasons,
        created_at=now, created_by=actor, updated_at=now,
    )  # fmt: skip
    registered = services._registration_summary(case)
    if row.note:
        _close(case, row, memo)
    return case, registered


def _close(case: Case, row: _Row, memo: RulesMemo) -> None:
    """``case_close``: a recovery under the release criteria in force on its day (a negative test
    assumed, as ``cases.bulk`` does); a case the definition did not confirm cannot have ended as one."""
    if case.status == CaseStatus.SUSPECTED:
        raise _RefusedError(
            _("Ca đã kết thúc nhưng chưa đủ tiêu chuẩn ca bệnh theo %(rules)s.")
            % {"rules": case.definition_rules.code}
        )
    release_rules = None
    if row.note == CaseStatus.RECOVERED and row.day4 is not None:
        release_rules = memo(rulesets.RELEASE, on=row.day4, unit_path=case.unit_path)
        shortfall = services.release_shortfall(
            case, on=row.day4, test_negative=True, params=release_rules.params
        )
        if shortfall:
            raise _RefusedError(
                _("Chưa đủ tiêu chuẩn khỏi bệnh theo %(r)s: %(why)s")
                % {"r": release_rules.code, "why": shortfall}
            )
    case.status, case.outcome_date, case.release_rules = row.note, row.day4, release_rules


def _timeline(case: Case, registered: str, actor: Any) -> list[CaseEvent]:
    """The lines ``case_register`` (and ``case_close``) write: registered, then the ending."""
    events = [
        CaseEvent(case=case, at=case.created_at, kind=EventKind.REGISTERED, summary=registered[:255],
                  details={"rules": case.definition_rules.code}, actor=actor),
    ]  # fmt: skip
    if case.status not in OPEN_STATUSES:
        ended = case.get_status_display() + (f" ({case.release_rules.code})" if case.release_rules else "")
        events.append(
            CaseEvent(case=case, at=case.created_at, kind=EventKind.OUTCOME, summary=ended[:255],
                      details={"note": ""}, actor=actor)
        )  # fmt: skip
    return events


def _f1_persons(person_ids: list[int]) -> set[int]:
    """``links.contact_level(person) == "F1"`` for a chunk's persons at once."""
    open_f1 = Contact.objects.filter(
        person_id__in=person_ids, status__in=OPEN_TRACE_STATUSES, level=ContactLevel.F1
    )
    return set(open_f1.values_list("person_id", flat=True))


def _chunk_rows(batch: ImportBatch, low: int, high: int) -> list[_Row]:
    """The range's valid rows. One whose case is there already (this chunk run before, or the same case
    registered by hand since the check) is marked so: a chunk run again writes nothing twice."""
    mark(
        batch,
        RowStatus.EXISTING,
        _already_there(),
        f"s.number > %s AND s.number <= %s AND {_SAME_CASE}",
        [low, high],
    )
    rows = StagedRow.objects.filter(batch=batch, status=RowStatus.VALID, number__gt=low, number__lte=high)
    return [_Row(*values) for values in rows.order_by("number").values_list(*_ROW_FIELDS)]


def _refuse(batch: ImportBatch, refused: list[tuple[str, int]]) -> None:
    """Rows the rule sets refused while deciding: invalid, with the reason (a handful per file)."""
    for message, number in refused:
        StagedRow.objects.filter(batch=batch, number=number).update(status=RowStatus.INVALID, errors=message)


def _batch_case_ids(batch: ImportBatch) -> list[int]:
    """The cases the batch wrote: one per valid row, found by its person and report date."""
    rows = StagedRow.objects.filter(batch=batch, status=RowStatus.VALID)
    pairs = Case.objects.filter(
        Exists(rows.filter(person_id=OuterRef("person_id"), day=OuterRef("report_date")))
    )
    return list(pairs.values_list("pk", flat=True))


def _needing_follow_up(ids: list[int]) -> list[Case]:
    """Cases whose registration moves more than the case itself: the person is tied to contact tracing
    (a contact, or a source of exposures), to an active quarantine order or an open stay, or an open case
    goes to a facility. For anyone else the follow-ups have nothing to do."""
    person = OuterRef("person_id")
    ties = (
        Q(Exists(Contact.objects.filter(person_id=person)))
        | Q(Exists(Exposure.objects.filter(source_id=person)))
        | Q(Exists(Order.objects.filter(person_id=person, status=OrderStatus.ACTIVE)))
        | Q(Exists(Stay.objects.filter(person_id=person, discharged_at__isnull=True)))
        | Q(status__in=OPEN_STATUSES, facility__isnull=False)
    )
    followed = Case.objects.filter(ties, pk__in=ids).select_related("person", "facility", "definition_rules")
    return list(followed.order_by("pk"))


def _follow_up(case: Case, actor: Any) -> None:
    """What ``case_register`` does after saving (facility stays, then the receivers: orders end, contacts
    are derived anew), and ``case_close``'s discharge and receivers for a case that has ended."""
    now = clock.now()
    if case.is_open:
        services._place_on_registration(case, actor, now)
    case_opened.send(sender=Case, case=case, actor=actor)
    if not case.is_open:
        case_closed.send(sender=Case, case=case, actor=actor)


class CasesWriter:
    """An F0 line list: each valid row becomes a case of its person, with its timeline."""

    entity = "cases.case"

    def people(self, batch: ImportBatch) -> int:
        created = create_new_persons(batch)
        _check(batch)
        return created

    def write(self, batch: ImportBatch, low: int, high: int, actor: Any) -> int:
        rows = _chunk_rows(batch, low, high)
        if not rows:
            return 0
        person_ids = sorted({row.person_id for row in rows})
        persons = Person.objects.in_bulk(person_ids)
        f1, memo = _f1_persons(person_ids), RulesMemo()
        user = actor if getattr(actor, "pk", None) else None
        decided: list[tuple[Case, str]] = []
        refused: list[tuple[str, int]] = []
        for row in rows:
            try:
                decided.append(_decide(row, persons[row.person_id], row.person_id in f1, memo, user))
            except (_RefusedError, DomainError) as error:
                refused.append((str(error), row.number))
        _refuse(batch, refused)
        cases = Case.objects.bulk_create([case for case, _summary in decided], batch_size=CHUNK)
        events = [line for case, (_case, summary) in zip(cases, decided, strict=True)
                  for line in _timeline(case, summary, user)]  # fmt: skip
        CaseEvent.objects.bulk_create(events, batch_size=CHUNK)
        return len(cases)

    def finish(self, batch: ImportBatch) -> None:
        """The command center's counts take the batch's cases in once (``rows_written``, as
        ``cases.bulk`` announces its cases); the few that need the registration's follow-ups get them."""
        ids = _batch_case_ids(batch)
        rows_written.send(sender=Case, pks=ids)
        actor = batch.created_by if getattr(batch.created_by, "pk", None) else None
        for case in _needing_follow_up(ids):
            _follow_up(case, actor)


KIND = Kind(
    fields=(*PERSON_FIELDS, ADDRESS, *_CASE_FIELDS),
    permission=Perm.CASES_EDIT,
    writer=CasesWriter(),
    required=(("day", "report_date"),),
    complete=_complete,
)
