"""Vaccination doses from a file: a dose per valid row for its person (matched or created), checked
against the stock books (the lot must be known and in date on the day) and against the doses already
recorded; each person's vaccination status and the coverage counters are recounted once per batch.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.core import clock
from phaodai.core.cellvalues import CellError, clean_text
from phaodai.core.permissions import Perm
from phaodai.core.text import fold
from phaodai.geo.models import UnitLevel
from phaodai.imports.checking import mark, repeats_a_row_above, run
from phaodai.imports.fields import ADDRESS, PERSON_FIELDS, Field, Values
from phaodai.imports.lookups import Lookups
from phaodai.imports.models import ImportBatch, RowStatus, StagedRow
from phaodai.imports.newpeople import create_new_persons
from phaodai.imports.spec import Kind, RowContext
from phaodai.people.models import Person
from phaodai.vaccination.status import rebuild_counters, rebuild_statuses


def _given_on(value: Any, lookups: Lookups) -> Values:
    day = lookups.day(value)
    if day.date is None:
        raise CellError(_("Cần ngày đầy đủ (ngày/tháng/năm), không chỉ năm."))
    if day.date > lookups.today:
        raise CellError(_("Ngày tiêm không được sau hôm nay."))
    return {"day": day.date}


def _dose_number(value: Any, _lookups: Lookups) -> Values:
    text = clean_text(value)
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 9:
        raise CellError(_("Mũi số là một số từ 1 đến 9."))
    return {"seq": int(text)}


def _product(value: Any, lookups: Lookups) -> Values:
    return {"code": lookups.product(clean_text(value))}


def _lot(value: Any, _lookups: Lookups) -> Values:
    number = clean_text(value).upper()
    if len(number) > 40:
        raise CellError(_("Số lô dài quá 40 ký tự."))
    return {"note": number}


_DOSE_KINDS = {"co ban": "primary", "bo sung": "additional", "nhac lai": "booster", "tang cuong": "booster"}


def _dose_kind(value: Any, _lookups: Lookups) -> Values:
    folded = fold(clean_text(value))
    kind = next((kind for word, kind in _DOSE_KINDS.items() if word in folded), None)
    if kind is None:
        raise CellError(_("Loại mũi ghi «cơ bản», «bổ sung» hoặc «nhắc lại»."))
    return {"variant": kind}


def _team(value: Any, _lookups: Lookups) -> Values:
    return {"extra": clean_text(value)[:120]}


_DOSE_FIELDS = (
    Field("number", gettext_lazy("Mũi số"), ("mui so", "mui", "mui thu", "so mui", "mui tiem"), _dose_number,
          required=True),
    Field("product", gettext_lazy("Vắc xin"), ("vac xin", "ten vac xin", "loai vac xin", "vaccine", "vacxin"),
          _product, required=True),
    Field("lot", gettext_lazy("Số lô"), ("so lo", "lo", "lo vac xin", "so lo vac xin"), _lot, required=True),
    Field("given_on", gettext_lazy("Ngày tiêm"), ("ngay tiem", "ngay tiem chung"), _given_on, required=True),
    Field("dose_kind", gettext_lazy("Loại mũi"), ("loai mui",), _dose_kind),
    Field("team", gettext_lazy("Nơi tiêm"), ("noi tiem", "diem tiem", "doi tiem", "co so tiem"), _team),
)  # fmt: skip


def _complete(values: dict[str, Any], problems: list[str], row: RowContext) -> None:
    """The lot from the stock books (known, not expired on the day), the rule version in force on the
    day, and the dose kind the schedule gives when the file does not say."""
    if not values["code"] or not values["note"]:
        return
    lookups = row.lookups
    lot = lookups.lot(values["code"], values["note"])
    if lot is None:
        message = _("lô %(lot)s của vắc xin %(product)s chưa có trong sổ kho.")
        problems.append(row.problem("lot", message % {"lot": values["note"], "product": values["code"]}))
    elif values["day"] is not None and lot[1] < values["day"]:
        problems.append(
            row.problem("lot", _("lô %(lot)s đã hết hạn trước ngày tiêm.") % {"lot": values["note"]})
        )
    else:
        values["ref_id"] = lot[0]
    if values["day"] is not None:
        values["rules_id"] = lookups.products_rules(values["day"])
    if not values["variant"] and values["seq"] is not None:
        values["variant"] = lookups.dose_kind(values["code"], values["seq"])


_SAME_DOSE = "FROM {dose} d WHERE d.person_id = s.person_id AND d.number = s.seq"
_NO_EARLIER_DOSE = (
    "s.seq > 1 "
    "AND NOT EXISTS (SELECT 1 FROM {dose} d WHERE d.person_id = s.person_id AND d.number = s.seq - 1) "
    "AND NOT EXISTS (SELECT 1 FROM {staged} o WHERE o.batch_id = s.batch_id AND o.person_id = s.person_id "
    "AND o.seq = s.seq - 1 AND o.status IN (%s, %s))"
)
_INSERT_DOSES = (
    "INSERT INTO {dose} (person_id, number, kind, product, lot_id, given_on, team, home_path, birth_year, "
    "rules_id, created_at, created_by_id, unit_id, unit_path) "
    "SELECT s.person_id, s.seq, s.variant, s.code, s.ref_id, s.day, s.extra, "
    "CASE WHEN u.level = %s THEN pu.path ELSE u.path END, p.birth_year, s.rules_id, %s, %s, s.unit_id, "
    "s.place_path "
    "FROM {staged} s JOIN {person} p ON p.id = s.person_id JOIN geo_adminunit u ON u.id = p.unit_id "
    "LEFT JOIN geo_adminunit pu ON pu.id = u.parent_id "
    "WHERE s.batch_id = %s AND s.status = %s AND s.number > %s AND s.number <= %s "
    "AND NOT EXISTS (SELECT 1 FROM {dose} d WHERE d.person_id = s.person_id AND d.number = s.seq)"
)


class DosesWriter:
    """A dose file: each valid row becomes a dose of its person (no stock moves: see the decision record)."""

    entity = "vaccination.dose"

    def people(self, batch: ImportBatch) -> int:
        created = create_new_persons(batch)
        self._check(batch)
        return created

    def _check(self, batch: ImportBatch) -> None:
        mark(
            batch,
            RowStatus.INVALID,
            _("Trùng với một dòng phía trên trong tệp (cùng người, cùng mũi)."),
            repeats_a_row_above("person_id", "seq"),  # the first row of that dose is the one kept
        )
        mark(
            batch,
            RowStatus.EXISTING,
            _("Mũi này đã có trong sổ tiêm chủng."),
            f"EXISTS (SELECT 1 {_SAME_DOSE} AND d.given_on = s.day AND d.product = s.code)",
        )
        mark(
            batch,
            RowStatus.INVALID,
            _("Mũi số này của người này đã được ghi với ngày tiêm hoặc vắc xin khác."),
            f"EXISTS (SELECT 1 {_SAME_DOSE})",
        )
        self._missing_earlier_doses(batch)

    def _missing_earlier_doses(self, batch: ImportBatch) -> None:
        """A dose whose previous dose is neither recorded nor in the file is refused; refusing it may
        orphan the next one, so repeat until nothing changes (at most one pass per dose number)."""
        message = _("Người này chưa có mũi trước mũi này (trong sổ hoặc trong tệp).")
        while mark(
            batch,
            RowStatus.INVALID,
            message,
            _NO_EARLIER_DOSE,
            [RowStatus.VALID, RowStatus.EXISTING],
        ):
            pass

    def write(self, batch: ImportBatch, low: int, high: int, actor: Any) -> int:
        actor_id = getattr(actor, "pk", None)
        return run(
            _INSERT_DOSES, [UnitLevel.VILLAGE, clock.now(), actor_id, batch.pk, RowStatus.VALID, low, high]
        )

    def finish(self, batch: ImportBatch) -> None:
        """Each affected person's status, and the coverage counters of their provinces, recounted once."""
        done = StagedRow.objects.filter(batch=batch, status=RowStatus.VALID)
        person_ids = [pk for pk in done.values_list("person_id", flat=True).distinct() if pk is not None]
        rebuild_statuses(person_ids=person_ids)
        homes = (
            Person.objects.filter(pk__in=done.values("person_id"))
            .values_list("unit_path", flat=True)
            .distinct()
        )
        for province in sorted({"/".join(path.split("/")[:2]) + "/" for path in homes}):
            rebuild_counters(under=province)


KIND = Kind(
    fields=(*PERSON_FIELDS, ADDRESS, *_DOSE_FIELDS),
    # Importing doses records vaccinations: that permission on top of what the registry needs.
    permission=Perm.VACCINATION_RECORD,
    writer=DosesWriter(),
    required=(("seq", "number"), ("code", "product"), ("note", "lot"), ("day", "given_on")),
    complete=_complete,
)
