"""Test results from a file (a lab's or a testing team's list): a sample and its result per valid row, for
its person (matched or created), written as ``diagnostics.services.samples`` writes them by hand.

Staging columns: ``code`` the sample kind, ``variant`` the reason, ``at`` the moment the sample was taken,
``code2`` the outcome, ``at2`` the moment of the result, ``amount`` the Ct value, ``ref_id`` the lab,
``ref2_id`` the turnaround in minutes (computed here: date arithmetic is not the same SQL on PostgreSQL and
SQLite), ``day``/``day2`` the day of a moment whose cell gave no time. Such a cell is that day's local
midnight (a result on the sample's own day: the sample's moment), and leaves the turnaround empty.

A sample is known by its person, its kind and the moment it was taken. A row whose sample already has the
same result is "already there"; a row whose sample is waiting for its result (taken by hand) gets the
result on that sample; any other row gets a new sample. Pooled swabs are refused: a pool's result closes
its members on the pool page. Like imported doses (decision 0014), imported rapid tests move no stock.
Positive results are handed over to the case registry as a result entered by hand is (``handover``).
"""

import datetime as dt
import re
from typing import Any
from weakref import WeakKeyDictionary

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.core import clock
from phaodai.core.cellvalues import CellError, clean_text
from phaodai.core.changes import rows_written
from phaodai.core.permissions import Perm
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import fold
from phaodai.diagnostics.models import Lab, Result, Round, Sample
from phaodai.diagnostics.reference import PCR_KINDS, Outcome, Reason, Reporter, SampleKind
from phaodai.diagnostics.services import handover
from phaodai.facilities.selectors import referral_scope
from phaodai.imports.checking import STAGED, mark, repeats_a_row_above, run
from phaodai.imports.fields import ADDRESS, PERSON_FIELDS, Field, Values
from phaodai.imports.lookups import Lookups
from phaodai.imports.models import ImportBatch, RowStatus
from phaodai.imports.newpeople import create_new_persons
from phaodai.imports.spec import Kind, RowContext

# --- Cells ------------------------------------------------------------------------------------------

_TIME = re.compile(r"(\d{1,2})[:hH](\d{2})(?::(\d{2}))?")


def _moment(value: Any, lookups: Lookups) -> tuple[dt.datetime, bool]:
    """(aware moment, whether the cell gave a time): "14:30 02/09/2021", "02/09/2021 14:30", a day."""
    if isinstance(value, dt.datetime):
        has_time = value.time() != dt.time()
        return timezone.make_aware(value.replace(tzinfo=None)), has_time
    text = value.strip() if isinstance(value, str) else value
    time = _TIME.search(text) if isinstance(text, str) else None
    if isinstance(text, str) and time is not None:
        text = (text[: time.start()] + text[time.end() :]).strip(" T,")  # ISO's "T" too
    day = lookups.day(text)
    if day.date is None:
        raise CellError(_("Cần ngày đầy đủ (ngày/tháng/năm), không chỉ năm."))
    hour, minute, second = (int(part or 0) for part in time.groups()) if time else (0, 0, 0)
    if hour > 23 or minute > 59 or second > 59:
        raise CellError(_("Giờ «%(value)s» không có thật (giờ:phút, ví dụ 14:30).") % {"value": value})
    local = dt.datetime.combine(day.date, dt.time(hour, minute, second))
    return timezone.make_aware(local), time is not None


def _stored(moment: dt.datetime) -> Any:
    """The moment as the database keeps a model's datetime, so that SQL compares it with samples'."""
    return connection.ops.adapt_datetimefield_value(moment)


def _not_future(moment: dt.datetime) -> None:
    if moment > clock.now():
        raise CellError(_("Thời điểm này ở tương lai."))


def _taken_at(value: Any, lookups: Lookups) -> Values:
    moment, has_time = _moment(value, lookups)
    _not_future(moment)
    return {"at": moment, "day": None if has_time else moment.date()}


def _resulted_at(value: Any, lookups: Lookups) -> Values:
    moment, has_time = _moment(value, lookups)
    _not_future(moment)
    return {"at2": moment, "day2": None if has_time else moment.date()}


# Folded words, most specific first: "tự test nhanh" is a self-test, not a staff rapid test.
_KINDS = (
    ("gop", SampleKind.PCR_POOLED),
    ("tu test", SampleKind.RAT_SELF),
    ("tu xet nghiem", SampleKind.RAT_SELF),
    ("tu lam", SampleKind.RAT_SELF),
    ("pcr", SampleKind.PCR_SINGLE),
    ("khang nguyen", SampleKind.RAT_STAFF),
    ("nhanh", SampleKind.RAT_STAFF),
    ("rat", SampleKind.RAT_STAFF),
    ("ag", SampleKind.RAT_STAFF),
)


def _sample_kind(value: Any, _lookups: Lookups) -> Values:
    folded = fold(clean_text(value))
    kind = next((kind for word, kind in _KINDS if re.search(rf"\b{word}\b", folded)), None)
    if kind is None:
        raise CellError(_("Loại mẫu ghi «RT-PCR», «test nhanh» hoặc «tự test»."))
    if kind == SampleKind.PCR_POOLED:
        raise CellError(
            _("Mẫu gộp không nhập từ tệp được: ghi kết quả ống gộp trên trang mẫu gộp, hoặc ghi «RT-PCR» "
              "cho mẫu đơn.")
        )  # fmt: skip
    return {"code": kind}


_REASONS = (
    ("f1", Reason.F1),
    ("tiep xuc", Reason.F1),
    ("trieu chung", Reason.SYMPTOMS),
    ("dien rong", Reason.ROUND),
    ("dot xet nghiem", Reason.ROUND),
    ("lao dong", Reason.WORKPLACE),
    ("dinh ky", Reason.WORKPLACE),
    ("ket thuc", Reason.RELEASE),
    ("ra vien", Reason.RELEASE),
    ("xuat vien", Reason.RELEASE),
    ("di lai", Reason.TRAVEL),
    ("theo yeu cau", Reason.TRAVEL),
    ("sang loc", Reason.SCREENING),
    ("cong dong", Reason.SCREENING),
)


def _reason(value: Any, _lookups: Lookups) -> Values:
    folded = fold(clean_text(value))
    reason = next((reason for word, reason in _REASONS if word in folded), None)
    if reason is None:
        raise CellError(
            _("Lý do ghi «F1», «có triệu chứng», «diện rộng», «định kỳ», «kết thúc cách ly», «đi lại» "
              "hoặc «sàng lọc».")
        )  # fmt: skip
    return {"variant": reason}


_OUTCOMES = {
    "am tinh": Outcome.NEGATIVE, "am": Outcome.NEGATIVE, "negative": Outcome.NEGATIVE,
    "neg": Outcome.NEGATIVE, "-": Outcome.NEGATIVE, "(-)": Outcome.NEGATIVE,
    "duong tinh": Outcome.POSITIVE, "duong": Outcome.POSITIVE, "positive": Outcome.POSITIVE,
    "pos": Outcome.POSITIVE, "+": Outcome.POSITIVE, "(+)": Outcome.POSITIVE,
    "khong xac dinh": Outcome.INVALID, "khong xac dinh lam lai": Outcome.INVALID,
    "khong xac dinh (lam lai)": Outcome.INVALID, "lam lai": Outcome.INVALID, "invalid": Outcome.INVALID,
}  # fmt: skip


def _outcome(value: Any, _lookups: Lookups) -> Values:
    outcome = _OUTCOMES.get(" ".join(fold(clean_text(value)).split()))
    if outcome is None:
        raise CellError(_("Kết quả ghi «Âm tính», «Dương tính» hoặc «Không xác định»."))
    return {"code2": outcome}


def _ct(value: Any, _lookups: Lookups) -> Values:
    text = clean_text(value).replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if not 0 < number < 100:  # the column holds up to 99.9
        raise CellError(_("Giá trị Ct là một số lớn hơn 0 và nhỏ hơn 100, ví dụ 24,5."))
    return {"amount": round(number, 1)}


_LABS: "WeakKeyDictionary[Lookups, dict[str, list[int]]]" = WeakKeyDictionary()


def _labs_of(lookups: Lookups) -> dict[str, list[int]]:
    """The labs of the batch's province by folded name, read once per batch."""
    if lookups not in _LABS:
        index: dict[str, list[int]] = {}
        scope = referral_scope(Jurisdiction.of([lookups.root.path]))
        for pk, name in Lab.objects.visible_to(scope).values_list("pk", "name"):
            index.setdefault(" ".join(fold(name).split()), []).append(pk)
        _LABS[lookups] = index
    return _LABS[lookups]


def _lab(value: Any, lookups: Lookups) -> Values:
    name = clean_text(value)
    found = _labs_of(lookups).get(" ".join(fold(name).split()), [])
    if len(found) != 1:
        message = (
            _("Không có phòng xét nghiệm «%(name)s» trong tỉnh: ghi đúng tên phòng đã đăng ký.")
            if not found
            else _("Có %(n)s phòng xét nghiệm tên «%(name)s» trong tỉnh.")
        )
        raise CellError(message % {"name": name, "n": len(found)})
    return {"ref_id": found[0]}


_RESULTED_AT = Field(
    "resulted_at", gettext_lazy("Có kết quả lúc"),
    ("co ket qua luc", "ngay co ket qua", "thoi gian tra ket qua", "ngay tra ket qua", "ngay ket qua",
     "thoi diem co ket qua", "thoi gian co ket qua"), _resulted_at,
)  # fmt: skip
_RESULT_FIELDS = (
    Field("sample_kind", gettext_lazy("Loại mẫu"),
          ("loai mau", "loai xet nghiem", "loai xn", "phuong phap xet nghiem", "phuong phap", "loai test",
           "ky thuat xet nghiem"), _sample_kind, required=True),
    Field("reason", gettext_lazy("Lý do xét nghiệm"), ("ly do xet nghiem", "ly do", "ly do xn", "doi tuong"),
          _reason),
    Field("taken_at", gettext_lazy("Lấy mẫu lúc"),
          ("lay mau luc", "ngay lay mau", "thoi gian lay mau", "thoi diem lay mau", "ngay gio lay mau",
           "ngay test", "ngay xet nghiem"), _taken_at, required=True),
    Field("outcome", gettext_lazy("Kết quả"), ("ket qua", "ket qua xn", "ket qua xet nghiem"), _outcome,
          required=True),
    Field("ct", gettext_lazy("Giá trị Ct"), ("gia tri ct", "ct", "chi so ct"), _ct),
    Field("lab", gettext_lazy("Phòng xét nghiệm"),
          ("phong xet nghiem", "noi xet nghiem", "don vi xet nghiem", "co so xet nghiem", "phong xn"), _lab),
    _RESULTED_AT,
)  # fmt: skip


# --- Row completion ---------------------------------------------------------------------------------


def _complete(values: dict[str, Any], problems: list[str], row: RowContext) -> None:
    """The reason when the file does not say, the moment of a rapid test's result (read on the spot),
    the order of the two moments, the turnaround; moments in the database's own form."""
    if not values["variant"]:
        values["variant"] = Reason.SCREENING
    if values["at2"] is None and values["code"] and values["code"] not in PCR_KINDS:
        values["at2"], values["day2"] = values["at"], values["day"]
    taken, resulted = values["at"], values["at2"]
    if taken is not None and resulted is not None:
        _order(values, problems, row)
    elif taken is not None and values["code"] in PCR_KINDS:
        column = "«{}»: ".format(row.titles.get("resulted_at", str(_RESULTED_AT.title)))
        if not any(problem.startswith(column) for problem in problems):  # unless its cell was unreadable
            problems.append(column + _("chưa có (bắt buộc với RT-PCR)."))
    for column in ("at", "at2"):
        if values[column] is not None:
            values[column] = _stored(values[column])


def _order(values: dict[str, Any], problems: list[str], row: RowContext) -> None:
    taken, resulted = values["at"], values["at2"]
    if values["day2"] is not None and values["day2"] == timezone.localdate(taken):
        resulted = values["at2"] = max(resulted, taken)  # a day without a time: the sample's own day
    if resulted < taken:
        problems.append(row.problem("resulted_at", _("không được trước lúc lấy mẫu.")))
    elif values["day"] is None and values["day2"] is None:
        values["ref2_id"] = int((resulted - taken).total_seconds() // 60)


# --- Set-based checks and writes -----------------------------------------------------------------

# Fragments of this module's statements: the row's sample is the one of the same person, sample kind and
# moment taken; a chunk is the batch's valid rows numbered in (low, high].
_FRAGMENTS = {
    "{same}": "{sample} sm WHERE sm.person_id = s.person_id AND sm.kind = s.code AND sm.taken_at = s.at",
    "{chunk}": "s.batch_id = %s AND s.status = %s AND s.number > %s AND s.number <= %s",
    "{sample}": Sample._meta.db_table,
    "{result}": Result._meta.db_table,
}


def _sql(statement: str) -> str:
    """A statement of this module with its fragments and tables filled in (``checking.run`` does the rest)."""
    for placeholder, text in _FRAGMENTS.items():
        statement = statement.replace(placeholder, text)
    return statement


_INSERT_SAMPLES = _sql(
    "INSERT INTO {sample} (person_id, kind, reason, taken_at, taken_by_id, reporter, reporter_name, "
    "reporter_phone, lab_id, pool_id, round_id, stock_movement_id, resulted, created_at, unit_id, unit_path) "
    "SELECT s.person_id, s.code, s.variant, s.at, CASE WHEN s.code = %s THEN NULL ELSE %s END, "
    "CASE WHEN s.code = %s THEN %s ELSE '' END, '', '', s.ref_id, NULL, NULL, NULL, %s, %s, p.unit_id, "
    "p.unit_path FROM {staged} s JOIN {person} p ON p.id = s.person_id "
    "WHERE {chunk} AND NOT EXISTS (SELECT 1 FROM {same})"
)
_INSERT_RESULTS = _sql(
    "INSERT INTO {result} (sample_id, outcome, resulted_at, lab_id, ct_value, from_pool, "
    "turnaround_minutes, case_id, handover, handover_note, recorded_at, recorded_by_id, unit_id, unit_path) "
    "SELECT sm.id, s.code2, s.at2, COALESCE(s.ref_id, sm.lab_id), s.amount, %s, s.ref2_id, NULL, '', '', %s, "
    "%s, sm.unit_id, sm.unit_path FROM {staged} s JOIN {sample} sm ON sm.person_id = s.person_id "
    "AND sm.kind = s.code AND sm.taken_at = s.at WHERE {chunk} "
    "AND NOT EXISTS (SELECT 1 FROM {result} r WHERE r.sample_id = sm.id)"
)
_CLOSE_SAMPLES = _sql(
    "UPDATE {sample} SET resulted = %s WHERE resulted = %s "
    "AND EXISTS (SELECT 1 FROM {result} r WHERE r.sample_id = {sample}.id) "
    "AND EXISTS (SELECT 1 FROM {staged} s WHERE {chunk} AND s.person_id = {sample}.person_id "
    "AND s.code = {sample}.kind AND s.at = {sample}.taken_at)"
)
_RESULTED = _sql("EXISTS (SELECT 1 FROM {same} AND sm.resulted = %s)")
_SAME_OUTCOME = _sql(
    "EXISTS (SELECT 1 FROM {same} AND sm.resulted = %s "
    "AND EXISTS (SELECT 1 FROM {result} r WHERE r.sample_id = sm.id AND r.outcome = s.code2))"
)
_POOLED = _sql("EXISTS (SELECT 1 FROM {same} AND sm.pool_id IS NOT NULL)")
_SEVERAL = _sql("(SELECT COUNT(*) FROM {same}) > 1")
_NO_LAB = _sql(
    "s.code IN (%s, %s) AND s.ref_id IS NULL AND NOT EXISTS (SELECT 1 FROM {same} AND sm.lab_id IS NOT NULL)"
)
# The batch's results, in the order their samples were taken (a second positive rapid test must see the
# first), each with its sample's round and whether it is a positive still to hand over to the cases.
_BATCH_RESULTS = _sql(
    "SELECT r.id, sm.round_id, CASE WHEN r.outcome = %s AND r.case_id IS NULL "
    "AND r.handover = '' THEN 1 ELSE 0 END FROM {result} r JOIN {sample} sm ON sm.id = r.sample_id "
    "JOIN {staged} s ON s.person_id = sm.person_id AND s.code = sm.kind AND s.at = sm.taken_at "
    "WHERE s.batch_id = %s AND s.status = %s ORDER BY sm.taken_at, r.id"
)
_SIGNAL_CHUNK = 5000  # ids per query of the counts (SQLite's limit on parameters)


class ResultsWriter:
    """A results file: each valid row becomes a result, on a new sample or on the one waiting for it."""

    entity = "diagnostics.result"

    def people(self, batch: ImportBatch) -> int:
        created = create_new_persons(batch)
        self._check(batch)
        return created

    def _check(self, batch: ImportBatch) -> None:
        mark(
            batch,
            RowStatus.INVALID,
            _("Trùng với một dòng phía trên trong tệp (cùng người, loại mẫu, thời điểm lấy mẫu)."),
            repeats_a_row_above("person_id", "code", "at"),
        )
        mark(
            batch,
            RowStatus.EXISTING,
            _("Kết quả này đã có trong sổ xét nghiệm."),
            _SAME_OUTCOME,
            [True],
        )
        mark(
            batch,
            RowStatus.INVALID,
            _("Mẫu này (cùng người, loại mẫu, thời điểm lấy mẫu) đã có kết quả khác: lấy mẫu mới để xét "
              "nghiệm lại."),
            _RESULTED,
            [True],
        )  # fmt: skip
        self._check_waiting(batch)

    def _check_waiting(self, batch: ImportBatch) -> None:
        """A sample waiting for its result takes it only as the service would give it."""
        mark(
            batch,
            RowStatus.INVALID,
            _("Mẫu này thuộc một ống mẫu gộp: ghi kết quả trên trang mẫu gộp."),
            _POOLED,
        )
        mark(
            batch,
            RowStatus.INVALID,
            _("Có nhiều mẫu cùng người, loại mẫu, thời điểm lấy mẫu đang chờ kết quả: cần người chọn mẫu."),
            _SEVERAL,
        )
        mark(
            batch,
            RowStatus.INVALID,
            _("Chưa có phòng xét nghiệm: bắt buộc với RT-PCR."),
            _NO_LAB,
            list(PCR_KINDS),
        )

    def write(self, batch: ImportBatch, low: int, high: int, actor: Any) -> int:
        actor_id, now, chunk = getattr(actor, "pk", None), clock.now(), [batch.pk, RowStatus.VALID, low, high]
        run(
            _INSERT_SAMPLES,
            [SampleKind.RAT_SELF, actor_id, SampleKind.RAT_SELF, Reporter.SELF, True, now, *chunk],
        )
        written = run(_INSERT_RESULTS, [False, now, actor_id, *chunk])
        run(_CLOSE_SAMPLES, [True, False, *chunk])
        return written

    def finish(self, batch: ImportBatch) -> None:
        """The daily counts of the command center and the rounds' counters follow the new results, once;
        then each positive goes to the case registry as one recorded by hand goes (``handover``)."""
        with connection.cursor() as cursor:
            cursor.execute(
                _BATCH_RESULTS.format(staged=STAGED), [Outcome.POSITIVE, batch.pk, RowStatus.VALID]
            )
            written = cursor.fetchall()
        for start in range(0, len(written), _SIGNAL_CHUNK):
            rows_written.send(sender=Result, pks=[row[0] for row in written[start : start + _SIGNAL_CHUNK]])
        _recount_rounds({round_id for _pk, round_id, _positive in written if round_id is not None})
        jurisdiction = Jurisdiction.of([batch.unit_path])
        for pk in (pk for pk, _round_id, waiting_positive in written if waiting_positive):
            handover.hand_over(actor=batch.created_by, jurisdiction=jurisdiction, result_id=pk)


def _recount_rounds(round_ids: set[int]) -> None:
    """What ``counters.count_results`` adds one result at a time, recounted for the rounds touched."""
    if not round_ids:
        return

    def count(**where: Any) -> Coalesce:
        results = Result.objects.filter(sample__round=OuterRef("pk"), **where).values("sample__round")
        return Coalesce(Subquery(results.annotate(n=Count("pk")).values("n")), 0, output_field=IntegerField())

    Round.objects.filter(pk__in=round_ids).update(resulted=count(), positive=count(outcome=Outcome.POSITIVE))


KIND = Kind(
    fields=(*PERSON_FIELDS, ADDRESS, *_RESULT_FIELDS),
    permission=Perm.TESTS_RECORD,
    writer=ResultsWriter(),
    required=(("code", "sample_kind"), ("at", "taken_at"), ("code2", "outcome")),
    complete=_complete,
)
