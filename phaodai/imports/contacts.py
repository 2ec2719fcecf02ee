"""Contacts (F1, F2) from a tracing team's list: each valid row is an exposure of its person (matched or
created) to the index case's person (an F1) or to the F1 they met (an F2); the F1/F2 rows, the tracing
worklist and the chains then follow as the services derive them (``contacts.services.exposures_add``).

What is written is what the service writes: the edge (placed where the contact lives, with the source's
open case), the same pair again moving its date on (never a second edge), then in ``finish`` the chains
joined and ``graph.refresh_from`` over the batch's contacts: it lists new F1/F2 (status "listed": the
tracer's worklist), promotes an F2 who now met an F0 to F1, and re-derives the F2 of every person whose
F1 status changed. Listing a contact issues no quarantine order: the service does not either (an order
is a separate decision, ``quarantine.services``). Nobody types "F1": the level in the file says which
person the contact met, the graph says what that makes them.

Staging columns: ``person_id`` the contact; ``seq`` the level in the file (1 = F1, 2 = F2); ``ref_id``
the index case (its id, or found from ``code2``, the index person's CCCD); ``code`` the CCCD of the F1 an
F2 met; ``ref2_id`` the exposure's source person (the index case's person, or that F1); ``day`` the last
exposure date; ``variant`` the exposure setting; ``note`` the exposure's note (relationship; place);
``extra`` the place as typed.
"""

from collections.abc import Iterable, Sequence
from itertools import batched
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.cases.models import Case
from phaodai.cases.reference import OPEN_STATUSES, CaseStatus
from phaodai.contacts import graph
from phaodai.contacts.bulk import CHUNK, components
from phaodai.contacts.models import Chain, ChainNode, Contact, Exposure
from phaodai.contacts.reference import OPEN_TRACE_STATUSES, ContactLevel, ExposureSetting
from phaodai.contacts.services import FIRST_DAY
from phaodai.core import clock
from phaodai.core.bulk import bulk_insert
from phaodai.core.cellvalues import CellError, clean_text, text_id
from phaodai.core.permissions import Perm
from phaodai.core.text import fold
from phaodai.imports.checking import mark, repeats_a_row_above, run
from phaodai.imports.fields import ADDRESS, PERSON_FIELDS, Field, Values
from phaodai.imports.lookups import Lookups
from phaodai.imports.models import ImportBatch, RowStatus, StagedRow
from phaodai.imports.newpeople import create_new_persons
from phaodai.imports.spec import Kind, RowContext
from phaodai.people.identity import clean_national_id
from phaodai.people.models import Person

F1, F2 = 1, 2
_LEVELS = {"f1": F1, "1": F1, "f2": F2, "2": F2}


def _level(value: Any, _lookups: Lookups) -> Values:
    folded = fold(clean_text(value)).replace(" ", "")
    if folded not in _LEVELS:
        raise CellError(_("Mức ghi «F1» hoặc «F2»."))
    return {"seq": _LEVELS[folded]}


def _case_id(value: Any, _lookups: Lookups) -> Values:
    text = text_id(value).lstrip("#")
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise CellError(_("Mã ca bệnh là số Pháo Đài cấp cho ca bệnh (chỉ gồm chữ số)."))
    return {"ref_id": int(text)}


def _national_id_into(column: str) -> Any:
    def parse(value: Any, _lookups: Lookups) -> Values:
        try:
            return {column: clean_national_id(text_id(value))}
        except ValueError as error:
            raise CellError(str(error)) from error

    return parse


def _last_exposure(value: Any, lookups: Lookups) -> Values:
    day = lookups.day(value)
    if day.date is None:
        raise CellError(_("Cần ngày đầy đủ (ngày/tháng/năm), không chỉ năm."))
    if not FIRST_DAY <= day.date <= lookups.today:
        raise CellError(_("Ngày tiếp xúc cuối phải từ năm 2020 đến hôm nay."))
    return {"day": day.date}


# Words of the place (or, without one, of the relationship) as tracing sheets write them, folded.
_SETTING_WORDS = (
    (ExposureSetting.HEALTH_FACILITY,
     ("benh vien", "co so y te", "tram y te", "phong kham", "trung tam y te")),
    (ExposureSetting.SCHOOL, ("truong", "lop hoc", "mam non", "nha tre")),
    (ExposureSetting.FACTORY, ("nha may", "xuong", "khu cong nghiep", "xi nghiep")),
    (ExposureSetting.TRANSPORT, ("xe ", "xe khach", "o to", "tau", "chuyen bay", "may bay", "phuong tien")),
    (ExposureSetting.WORKPLACE, ("noi lam viec", "co quan", "cong ty", "van phong", "dong nghiep")),
    (ExposureSetting.HOUSEHOLD, ("gia dinh", "cung nha", "trong nha", "tai nha", "ho gia dinh", "vo", "chong",
                                 "con", "bo", "me", "cha", "anh", "chi", "em", "ong", "ba", "chau")),
)  # fmt: skip


def _setting_of(text: str) -> str | None:
    folded = f" {fold(text)} "
    for setting, words in _SETTING_WORDS:
        if any(f" {word.strip()} " in folded for word in words):
            return str(setting)
    return None


def _place(value: Any, _lookups: Lookups) -> Values:
    text = clean_text(value)[:120]
    return {"extra": text, "variant": _setting_of(text) or ExposureSetting.OTHER}


def _relationship(value: Any, _lookups: Lookups) -> Values:
    return {"note": clean_text(value)[:120]}


_CONTACT_FIELDS = (
    Field("level", gettext_lazy("Mức"), ("muc", "f1 f2", "f1 hay f2", "phan loai", "loai tiep xuc",
                                          "muc tiep xuc", "phan loai tiep xuc"), _level),
    Field("index_case", gettext_lazy("Mã ca bệnh"), ("ma ca benh", "ma ca benh nguon", "ma f0", "ma ca f0",
                                                      "ma ca", "ma benh nhan", "ma bn"), _case_id),
    Field("index_national_id", gettext_lazy("CCCD ca bệnh nguồn"),
          ("cccd ca benh nguon", "cccd f0", "so cccd f0", "cccd ca benh", "cmnd f0", "cccd cmnd f0",
           "cccd nguon lay", "cccd benh nhan"), _national_id_into("code2")),
    Field("via_national_id", gettext_lazy("CCCD F1"),
          ("cccd f1", "so cccd f1", "cmnd f1", "cccd cmnd f1", "cccd f1 da tiep xuc", "cccd nguoi f1"),
          _national_id_into("code")),
    Field("last_exposure", gettext_lazy("Ngày tiếp xúc cuối"),
          ("ngay tiep xuc cuoi", "ngay tiep xuc", "ngay tiep xuc lan cuoi", "ngay tiep xuc cuoi cung",
           "tiep xuc lan cuoi", "ngay tx cuoi", "ngay tiep xuc gan nhat"), _last_exposure, required=True),
    Field("relationship", gettext_lazy("Mối quan hệ"),
          ("moi quan he", "quan he", "quan he voi f0", "quan he voi ca benh", "moi quan he voi f0"),
          _relationship),
    Field("place", gettext_lazy("Nơi tiếp xúc"),
          ("noi tiep xuc", "dia diem tiep xuc", "hoan canh tiep xuc", "boi canh tiep xuc", "tiep xuc tai"),
          _place),
)  # fmt: skip


def _complete(values: dict[str, Any], problems: list[str], row: RowContext) -> None:
    """The level from the F1's CCCD when the file does not say it, who the row names as its index case,
    and the setting and note of the exposure (from the place, else the relationship)."""
    if values["seq"] is None:
        values["seq"] = F2 if values["code"] else F1
    if values["seq"] == F2 and not values["code"]:
        problems.append(row.problem("via_national_id", _("một F2 cần số CCCD của F1 mà người này đã gặp.")))
    if values["seq"] == F1 and values["code"]:
        problems.append(row.problem("level", _("người có ghi CCCD F1 là F2, không phải F1.")))
    if values["ref_id"] is None and not values["code2"]:
        problems.append(
            _("Cần «%(case)s» hoặc «%(cccd)s» để biết ca bệnh nguồn.")
            % {
                "case": row.titles.get("index_case", _("Mã ca bệnh")),
                "cccd": row.titles.get("index_national_id", _("CCCD ca bệnh nguồn")),
            }
        )
    if not values["variant"]:
        values["variant"] = _setting_of(values["note"]) or ExposureSetting.OTHER
    values["note"] = "; ".join(part for part in (values["note"], values["extra"]) if part)[:120]


# --- set-based checks (``people``) -----------------------------------------------------------------

_CASE = Case._meta.db_table
_EXPOSURE = Exposure._meta.db_table
_CONTACT = Contact._meta.db_table
_IN_AREA = "substr({alias}.unit_path, 1, length(%s)) = %s"
_OPEN_CASE_OF_SOURCE = (
    f"(SELECT c.id FROM {_CASE} c WHERE c.person_id = s.ref2_id AND c.status IN (%s, %s) "  # noqa: S608
    "ORDER BY c.report_date DESC, c.id DESC LIMIT 1)"
)


def _title(batch: ImportBatch, key: str, default: str) -> str:
    """The file's own title of the column that fills ``key`` (messages name it as the file does)."""
    for index, field in batch.mapping.items():
        if field == key and int(index) < len(batch.headers) and batch.headers[int(index)]:
            return str(batch.headers[int(index)])
    return default


def _area(batch: ImportBatch) -> list[Any]:
    return [batch.unit_path, batch.unit_path]


def _find_index_cases(batch: ImportBatch) -> None:
    """The index case by its id, or the latest case of the person with that CCCD, in the batch's area.

    A case elsewhere is "not found" whatever it is: nothing is said about cases outside the area.
    """
    case_title = _title(batch, "index_case", _("Mã ca bệnh"))
    cccd_title = _title(batch, "index_national_id", _("CCCD ca bệnh nguồn"))
    mark(
        batch,
        RowStatus.INVALID,
        f"«{case_title}»: " + _("không tìm thấy ca bệnh này trong địa bàn của lượt nhập."),
        f"s.ref_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {_CASE} c WHERE c.id = s.ref_id "  # noqa: S608
        f"AND c.status <> %s AND {_IN_AREA.format(alias='c')})",
        [CaseStatus.DISCARDED, *_area(batch)],
    )
    mark(
        batch,
        RowStatus.INVALID,
        _("«%(case)s» và «%(cccd)s» chỉ hai người khác nhau.") % {"case": case_title, "cccd": cccd_title},
        f"s.ref_id IS NOT NULL AND s.code2 <> '' AND NOT EXISTS (SELECT 1 FROM {_CASE} c "  # noqa: S608
        "JOIN {person} p ON p.id = c.person_id WHERE c.id = s.ref_id AND p.national_id = s.code2)",
    )
    run(
        f"UPDATE {{staged}} AS s SET ref_id = (SELECT c.id FROM {_CASE} c "  # noqa: S608
        "JOIN {person} p ON p.id = c.person_id WHERE p.national_id = s.code2 AND c.status <> %s "
        f"AND {_IN_AREA.format(alias='c')} ORDER BY c.report_date DESC, c.id DESC LIMIT 1) "
        "WHERE s.batch_id = %s AND s.status = %s AND s.ref_id IS NULL AND s.code2 <> ''",
        [CaseStatus.DISCARDED, *_area(batch), batch.pk, RowStatus.VALID],
    )
    mark(
        batch,
        RowStatus.INVALID,
        f"«{cccd_title}»: "
        + _("không tìm thấy ca bệnh của người có số CCCD này trong địa bàn của lượt nhập."),
        "s.ref_id IS NULL",
    )


def _find_sources(batch: ImportBatch) -> None:
    """Who each contact met: the index case's person (an F1), or the F1 with that CCCD (an F2)."""
    run(
        f"UPDATE {{staged}} AS s SET ref2_id = (SELECT c.person_id FROM {_CASE} c "  # noqa: S608
        "WHERE c.id = s.ref_id) WHERE s.batch_id = %s AND s.status = %s AND s.seq = %s",
        [batch.pk, RowStatus.VALID, F1],
    )
    run(
        "UPDATE {staged} AS s SET ref2_id = (SELECT p.id FROM {person} p "  # noqa: S608
        "WHERE p.national_id = s.code "
        f"AND {_IN_AREA.format(alias='p')}) "
        "WHERE s.batch_id = %s AND s.status = %s AND s.seq = %s",
        [*_area(batch), batch.pk, RowStatus.VALID, F2],
    )
    via_title = _title(batch, "via_national_id", _("CCCD F1"))
    mark(
        batch,
        RowStatus.INVALID,
        f"«{via_title}»: " + _("không tìm thấy người có số CCCD này trong địa bàn của lượt nhập."),
        "s.ref2_id IS NULL",
    )
    mark(
        batch,
        RowStatus.INVALID,
        _("Một người không thể là tiếp xúc của chính mình."),
        "s.ref2_id = s.person_id",
    )


def _already_there(batch: ImportBatch) -> None:
    """Nothing new: the same pair with this date or a later one, or the contact already listed for this
    index case at this level or a closer one, exposed as late."""
    mark(
        batch,
        RowStatus.INVALID,
        _("Trùng với một dòng phía trên trong tệp (cùng người tiếp xúc, cùng người nguồn)."),
        repeats_a_row_above("person_id", "ref2_id", where="o.status = %s"),
        [RowStatus.VALID],
    )
    message = _("Người này đã có trong danh sách tiếp xúc của ca bệnh này.")
    mark(
        batch,
        RowStatus.EXISTING,
        message,
        f"EXISTS (SELECT 1 FROM {_EXPOSURE} e WHERE e.source_id = s.ref2_id "  # noqa: S608
        "AND e.contact_id = s.person_id AND e.last_exposure_date >= s.day)",
    )
    mark(
        batch,
        RowStatus.EXISTING,
        message,
        f"EXISTS (SELECT 1 FROM {_CONTACT} t WHERE t.person_id = s.person_id "  # noqa: S608
        "AND t.index_case_id = s.ref_id AND t.status IN (%s, %s) AND (t.level = %s OR s.seq = %s) "
        "AND t.last_exposure_date >= s.day)",
        [*OPEN_TRACE_STATUSES, ContactLevel.F1, F2],
    )


def _f2_needs_its_f1(batch: ImportBatch) -> None:
    """An F2 hangs on an F1 of the same index case: listed already, or an F1 row of this file."""
    via_title = _title(batch, "via_national_id", _("CCCD F1"))
    mark(
        batch,
        RowStatus.INVALID,
        f"«{via_title}»: "
        + _(
            "người này không phải F1 của ca bệnh này (không có trong danh sách F1, cũng không có trong tệp)."
        ),
        f"s.seq = %s AND NOT EXISTS (SELECT 1 FROM {_CONTACT} t WHERE t.person_id = s.ref2_id "  # noqa: S608
        "AND t.index_case_id = s.ref_id AND t.level = %s AND t.status IN (%s, %s)) "
        "AND NOT EXISTS (SELECT 1 FROM {staged} o WHERE o.batch_id = s.batch_id AND o.status IN (%s, %s) "
        "AND o.seq = %s AND o.ref_id = s.ref_id AND o.person_id = s.ref2_id)",
        [F2, ContactLevel.F1, *OPEN_TRACE_STATUSES, RowStatus.VALID, RowStatus.EXISTING, F1],
    )


# --- writing (``write``) and what follows (``finish``) ------------------------------------------------

_RANGE = "s.batch_id = %s AND s.status = %s AND s.number > %s AND s.number <= %s"
_RENEW = (
    f"UPDATE {_EXPOSURE} AS e SET last_exposure_date = s.day, "  # noqa: S608
    f"source_case_id = COALESCE(e.source_case_id, {_OPEN_CASE_OF_SOURCE}) "
    f"FROM {{staged}} AS s WHERE {_RANGE} "
    "AND e.source_id = s.ref2_id AND e.contact_id = s.person_id AND e.last_exposure_date < s.day"
)
_INSERT = (
    f"INSERT INTO {_EXPOSURE} (source_id, contact_id, source_case_id, setting, last_exposure_date, note, "  # noqa: S608
    "created_at, created_by_id, unit_id, unit_path) "
    f"SELECT s.ref2_id, s.person_id, {_OPEN_CASE_OF_SOURCE}, s.variant, s.day, s.note, %s, %s, p.unit_id, "
    f"p.unit_path FROM {{staged}} s JOIN {{person}} p ON p.id = s.person_id WHERE {_RANGE} "
    f"AND NOT EXISTS (SELECT 1 FROM {_EXPOSURE} e "
    "WHERE e.source_id = s.ref2_id AND e.contact_id = s.person_id)"
)


def _chunked(ids: Iterable[int]) -> Iterable[tuple[int, ...]]:
    return batched(sorted(ids), CHUNK)


def _unit_paths(person_ids: Sequence[int]) -> dict[int, str]:
    paths: dict[int, str] = {}
    for chunk in _chunked(person_ids):
        paths.update(Person.objects.filter(pk__in=chunk).values_list("pk", "unit_path"))
    return paths


def _chain_of(person_ids: Sequence[int]) -> dict[int, int]:
    nodes: dict[int, int] = {}
    for chunk in _chunked(person_ids):
        nodes.update(ChainNode.objects.filter(person_id__in=chunk).values_list("person_id", "chain_id"))
    return nodes


def _with_case(person_ids: Sequence[int]) -> set[int]:
    return {pk for chunk in _chunked(person_ids) for pk in graph._has_case(chunk)}


def _locked_chains(chain_ids: Iterable[int]) -> dict[int, Chain]:
    locked: dict[int, Chain] = {}
    for chunk in _chunked(set(chain_ids)):
        locked.update(Chain.objects.select_for_update().in_bulk(list(chunk)))
    return locked


def link_chains(edges: Sequence[tuple[int, int]]) -> None:
    """Join the persons of these edges into chains as ``graph.link`` does edge by edge, once for all.

    Each component of the edges and of the chains their persons are already in becomes one chain: a new
    one when none of its persons has a chain, else the chains merged into the largest (``graph._merge``);
    its newcomers are counted in (size, and those with a case). A chain is a node of the union-find too,
    as its negative id, joined to each of its persons.
    """
    people = sorted({pk for edge in edges for pk in edge})
    chain_of = _chain_of(people)
    locked = _locked_chains(chain_of.values())
    with_case = _with_case([pk for pk in people if pk not in chain_of])
    grown: list[Chain] = []
    joined: list[tuple[Chain, list[int]]] = []
    for group in components([*edges, *((pk, -chain) for pk, chain in chain_of.items())]):
        chains = sorted(-node for node in group if node < 0)
        newcomers = [node for node in group if node > 0 and node not in chain_of]
        if not chains:
            joined.append((Chain(size=0, case_count=0), newcomers))
            continue
        chain = graph._merge(chains) if len(chains) > 1 else locked[chains[0]]
        if newcomers:
            grown.append(chain)
            joined.append((chain, newcomers))
    for chain, newcomers in joined:
        chain.size += len(newcomers)
        chain.case_count += len(with_case.intersection(newcomers))
    Chain.objects.bulk_create([chain for chain, _newcomers in joined if chain.pk is None])
    Chain.objects.bulk_update(grown, ["size", "case_count"])
    paths = _unit_paths(people)
    bulk_insert(
        ChainNode,
        ("person_id", "chain_id", "unit_path"),
        ((pk, chain.pk, paths[pk]) for chain, newcomers in joined for pk in newcomers),
    )


class ContactsWriter:
    """A contact list: each valid row an exposure; F1/F2, worklist and chains derived once per batch."""

    entity = "contacts.exposure"

    def people(self, batch: ImportBatch) -> int:
        _find_index_cases(batch)
        created = create_new_persons(batch)
        _find_sources(batch)
        _already_there(batch)
        _f2_needs_its_f1(batch)
        return created

    def write(self, batch: ImportBatch, low: int, high: int, actor: Any) -> int:
        open_statuses = list(OPEN_STATUSES)
        actor_id = getattr(actor, "pk", None)
        renewed = run(_RENEW, [*open_statuses, batch.pk, RowStatus.VALID, low, high])
        return renewed + run(
            _INSERT, [*open_statuses, clock.now(), actor_id, batch.pk, RowStatus.VALID, low, high]
        )

    def finish(self, batch: ImportBatch) -> None:
        """Chains joined, then the contacts' F1/F2 derived (and the F2 of those whose F1 status moved)."""
        done = StagedRow.objects.filter(batch=batch, status=RowStatus.VALID)
        # A valid row has both persons by now (``people`` refused the rows without them).
        edges = sorted(
            {
                (source, contact)
                for source, contact in done.values_list("ref2_id", "person_id")
                if source is not None and contact is not None
            }
        )
        link_chains(edges)
        for chunk in _chunked({contact for _source, contact in edges}):
            graph.refresh_from(chunk, on=clock.today(), actor=batch.created_by, audited=False)


KIND = Kind(
    fields=(*PERSON_FIELDS, ADDRESS, *_CONTACT_FIELDS),
    permission=Perm.CONTACTS_EDIT,
    writer=ContactsWriter(),
    required=(("day", "last_exposure"),),
    complete=_complete,
)
