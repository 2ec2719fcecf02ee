"""The line lists a user may export: who may export each, its rows (from the owning app's selector),
its main date, the filters its page offers, and its columns with Vietnamese titles.

The rows come from the same selectors the list pages read, so an export holds exactly what the user
can see there; the exports app narrows them by unit and date (``exports.selectors``) and reads only the
columns' fields.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.cases import selectors as cases
from phaodai.cases.reference import CaseStatus, PlaceOfCare, Severity
from phaodai.contacts import selectors as contacts
from phaodai.contacts.reference import ContactLevel, TraceStatus
from phaodai.core.permissions import Perm
from phaodai.core.scoping import Jurisdiction
from phaodai.diagnostics.reference import Outcome, Reason, SampleKind
from phaodai.diagnostics.selectors.samples import result_list
from phaodai.exports.columns import Column, Row, choice, day, moment, national_id, phone, place, plain
from phaodai.geo.models import AdminUnit
from phaodai.people import selectors as people
from phaodai.people.reference import Comorbidity, Sex
from phaodai.quarantine import selectors as quarantine
from phaodai.quarantine.reference import OrderKind, OrderPlace, OrderStatus
from phaodai.vaccination import selectors as vaccination
from phaodai.vaccination.models import DoseKind
from phaodai.vaccination.sweep import sweep_list

ALL = "all"  # an option value meaning "no filter", as on the list pages


@dataclass(frozen=True)
class Query:
    """One export asked for: whose view, which rows, and whether identifiers are masked."""

    jurisdiction: Jurisdiction
    today: dt.date
    unit: AdminUnit | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    options: Mapping[str, str] = field(default_factory=dict)
    masked: bool = True

    def option(self, param: str) -> str | None:
        value = self.options.get(param, "")
        return None if value in ("", ALL) else value


@dataclass(frozen=True)
class Option:
    """A filter the list page offers (its parameter name and values are the page's own)."""

    param: str
    label: str | Promise
    choices: Callable[[], list[tuple[str, Any]]]
    default: str = ALL


@dataclass(frozen=True)
class LineList:
    key: str
    title: str | Promise
    permission: str
    entity: str  # app_label.model, for the audit trail
    rows: Callable[[Query], QuerySet[Any]]
    columns: Callable[[Query], list[Column]]
    date_field: str = ""  # the list's main date, filtered by range ("" for a list without one)
    date_label: str | Promise = ""
    options: tuple[Option, ...] = ()
    commune_required: bool = False  # the sweep list is one commune's


def _all_first(choices: list[tuple[str, Any]]) -> Callable[[], list[tuple[str, Any]]]:
    return lambda: [(ALL, _("Tất cả")), *choices]


def _person(prefix: str = "") -> list[Column]:
    """Who the row is about; ``prefix`` leads from the row to its person (``person__``)."""
    return [
        plain(gettext_lazy("Họ và tên"), f"{prefix}full_name"),
        plain(gettext_lazy("Năm sinh"), f"{prefix}birth_year"),
        choice(gettext_lazy("Giới tính"), f"{prefix}sex", Sex),
        national_id(gettext_lazy("Số CCCD/CMND"), f"{prefix}national_id"),
        phone(gettext_lazy("Số điện thoại"), f"{prefix}phone"),
        plain(gettext_lazy("Địa chỉ"), f"{prefix}address"),
    ]


def _persons(query: Query) -> QuerySet[Any]:
    return people.person_list(jurisdiction=query.jurisdiction)


def _person_columns(query: Query) -> list[Column]:
    return [
        *_person(),
        day(gettext_lazy("Ngày sinh"), "birth_date"),
        *place(),
        plain(gettext_lazy("Nghề nghiệp"), "occupation"),
        plain(gettext_lazy("Nơi làm việc"), "workplace"),
    ]


def _cases(query: Query) -> QuerySet[Any]:
    status = query.options.get("trang-thai", cases.OPEN)
    return cases.case_list(
        jurisdiction=query.jurisdiction,
        status=None if status == ALL else status,
        place=query.option("noi"),
        order="report",
    )


def _case_columns(query: Query) -> list[Column]:
    return [
        plain(gettext_lazy("Mã ca bệnh"), "id"),
        *_person("person__"),
        *place(),
        choice(gettext_lazy("Trạng thái"), "status", CaseStatus),
        choice(gettext_lazy("Mức độ"), "severity", Severity),
        choice(gettext_lazy("Nơi điều trị"), "place_of_care", PlaceOfCare),
        plain(gettext_lazy("Cơ sở điều trị"), "facility__name"),
        day(gettext_lazy("Ngày lấy mẫu"), "sample_date"),
        day(gettext_lazy("Ngày báo cáo"), "report_date"),
        day(gettext_lazy("Ngày khởi phát"), "onset_date"),
        plain(gettext_lazy("Số mũi vắc xin"), "vaccine_doses"),
        day(gettext_lazy("Ngày kết thúc"), "outcome_date"),
    ]


def _contacts(query: Query) -> QuerySet[Any]:
    status = query.options.get("trang-thai", contacts.OPEN)
    return contacts.contact_list(
        jurisdiction=query.jurisdiction, status=None if status == ALL else status, level=query.option("muc")
    )


def _index_case(query: Query, title: Any, field: str) -> Column:
    """Who they met (``field`` of the index case), shown only when that case is in the reader's
    jurisdiction (as on the page); the case id lets the list be imported back."""
    path = "index_case__unit_path"
    hidden = _("(ngoài địa bàn)")
    return Column(
        title, (field, path), lambda row: row[field] if query.jurisdiction.contains(row[path]) else hidden
    )


def _contact_columns(query: Query) -> list[Column]:
    return [
        *_person("person__"),
        *place(),
        choice(gettext_lazy("Mức"), "level", ContactLevel),
        _index_case(query, gettext_lazy("Ca bệnh nguồn"), "index_case__person__full_name"),
        _index_case(query, gettext_lazy("Mã ca bệnh nguồn"), "index_case_id"),
        day(gettext_lazy("Ngày tiếp xúc cuối"), "last_exposure_date"),
        choice(gettext_lazy("Trạng thái"), "status", TraceStatus),
        moment(gettext_lazy("Đưa vào danh sách lúc"), "listed_at"),
        moment(gettext_lazy("Liên hệ được lúc"), "reached_at"),
    ]


def _orders(query: Query) -> QuerySet[Any]:
    status = query.options.get("trang-thai", OrderStatus.ACTIVE)
    return quarantine.order_list(
        jurisdiction=query.jurisdiction,
        today=query.today,
        status=None if status == ALL else status,
        kind=query.option("loai"),
    )


def _order_columns(query: Query) -> list[Column]:
    return [
        plain(gettext_lazy("Số quyết định"), "number"),
        *_person("person__"),
        *place(),
        choice(gettext_lazy("Loại"), "kind", OrderKind),
        choice(gettext_lazy("Hình thức cách ly"), "place", OrderPlace),
        plain(gettext_lazy("Cơ sở cách ly"), "facility__name"),
        plain(gettext_lazy("Địa chỉ cách ly"), "address"),
        day(gettext_lazy("Từ ngày"), "start_date"),
        day(gettext_lazy("Đến ngày"), "end_date"),
        choice(gettext_lazy("Trạng thái"), "status", OrderStatus),
        day(gettext_lazy("Ngày hoàn thành cách ly"), "released_on"),
    ]


def _doses(query: Query) -> QuerySet[Any]:
    return vaccination.dose_list(jurisdiction=query.jurisdiction)


def _dose_columns(query: Query) -> list[Column]:
    return [
        *_person("person__"),
        plain(gettext_lazy("Mũi số"), "number"),
        choice(gettext_lazy("Loại liều"), "kind", DoseKind),
        plain(gettext_lazy("Vắc xin"), "lot__item__name"),
        plain(gettext_lazy("Số lô"), "lot__number"),
        day(gettext_lazy("Ngày tiêm"), "given_on"),
        plain(gettext_lazy("Nơi tiêm"), "unit__name"),
        plain(gettext_lazy("Mã nơi tiêm"), "unit__code"),
        plain(gettext_lazy("Đội tiêm"), "team"),
    ]


def _sweep(query: Query) -> QuerySet[Any]:
    if query.unit is None:  # filters.read_filters requires the commune; never guess one
        raise Http404
    return sweep_list(jurisdiction=query.jurisdiction, commune=query.unit, on=query.today).persons


def _due_state(query: Query) -> Column:
    """Never vaccinated, or the next dose due, or overdue (past the rule set's window) on the day."""
    due, overdue = "vaccination_status__next_due_on", "vaccination_status__overdue_on"
    late, due_now, none_yet = _("quá hạn"), _("đến hạn"), _("chưa tiêm mũi nào")

    def value(row: Row) -> str:
        if row[due] is None:
            return none_yet
        return late if row[overdue] is not None and row[overdue] < query.today else due_now

    return Column(gettext_lazy("Tình trạng"), (due, overdue), value)


def _comorbidities() -> Column:
    labels = {value: str(label) for value, label in Comorbidity.choices}
    return Column(
        gettext_lazy("Bệnh nền"),
        ("comorbidities",),
        lambda row: ", ".join(labels.get(code, code) for code in row["comorbidities"] or []),
    )


def _sweep_columns(query: Query) -> list[Column]:
    return [
        plain(gettext_lazy("Ưu tiên"), "priority"),
        *_person(),
        plain(gettext_lazy("Thôn/bản"), "unit__name"),
        _comorbidities(),
        plain(gettext_lazy("Mũi cần tiêm"), "vaccination_status__next_number"),
        day(gettext_lazy("Đến hạn từ ngày"), "vaccination_status__next_due_on"),
        _due_state(query),
    ]


def _results(query: Query) -> QuerySet[Any]:
    return result_list(jurisdiction=query.jurisdiction, outcome=query.option("ket-qua"))


def _result_columns(query: Query) -> list[Column]:
    return [
        *_person("sample__person__"),
        *place(),
        choice(gettext_lazy("Loại mẫu"), "sample__kind", SampleKind),
        choice(gettext_lazy("Lý do xét nghiệm"), "sample__reason", Reason),
        moment(gettext_lazy("Lấy mẫu lúc"), "sample__taken_at"),
        choice(gettext_lazy("Kết quả"), "outcome", Outcome),
        plain(gettext_lazy("Giá trị Ct"), "ct_value"),
        plain(gettext_lazy("Phòng xét nghiệm"), "lab__name"),
        moment(gettext_lazy("Có kết quả lúc"), "resulted_at"),
    ]


_CASE_OPTIONS = (
    Option(
        "trang-thai",
        gettext_lazy("Trạng thái"),
        lambda: [(cases.OPEN, _("Đang mở")), *CaseStatus.choices, (ALL, _("Tất cả"))],
        default=cases.OPEN,
    ),
    Option("noi", gettext_lazy("Nơi điều trị"), _all_first(PlaceOfCare.choices)),
)
_CONTACT_OPTIONS = (
    Option("trang-thai", gettext_lazy("Trạng thái"), _all_first(TraceStatus.choices)),
    Option("muc", gettext_lazy("Mức"), _all_first(ContactLevel.choices)),
)
_ORDER_OPTIONS = (
    Option(
        "trang-thai",
        gettext_lazy("Trạng thái"),
        lambda: [*OrderStatus.choices, (ALL, _("Tất cả"))],
        default=OrderStatus.ACTIVE,
    ),
    Option("loai", gettext_lazy("Loại"), _all_first(OrderKind.choices)),
)

LINE_LISTS: tuple[LineList, ...] = (
    LineList(
        key="nguoi-dan",
        title=gettext_lazy("Người dân"),
        permission=Perm.PEOPLE_EXPORT,
        entity="people.person",
        rows=_persons,
        columns=_person_columns,
    ),
    LineList(
        key="ca-benh",
        title=gettext_lazy("Ca bệnh F0"),
        permission=Perm.CASES_VIEW,
        entity="cases.case",
        rows=_cases,
        columns=_case_columns,
        date_field="report_date",
        date_label=gettext_lazy("Ngày báo cáo"),
        options=_CASE_OPTIONS,
    ),
    LineList(
        key="tiep-xuc",
        title=gettext_lazy("Người tiếp xúc (F1, F2)"),
        permission=Perm.CASES_VIEW,
        entity="contacts.contact",
        rows=_contacts,
        columns=_contact_columns,
        date_field="listed_at",
        date_label=gettext_lazy("Ngày đưa vào danh sách"),
        options=_CONTACT_OPTIONS,
    ),
    LineList(
        key="cach-ly",
        title=gettext_lazy("Quyết định cách ly"),
        permission=Perm.CASES_VIEW,
        entity="quarantine.order",
        rows=_orders,
        columns=_order_columns,
        date_field="start_date",
        date_label=gettext_lazy("Ngày bắt đầu cách ly"),
        options=_ORDER_OPTIONS,
    ),
    LineList(
        key="mui-tiem",
        title=gettext_lazy("Mũi tiêm vắc xin"),
        permission=Perm.VACCINATION_VIEW,
        entity="vaccination.dose",
        rows=_doses,
        columns=_dose_columns,
        date_field="given_on",
        date_label=gettext_lazy("Ngày tiêm"),
    ),
    LineList(
        key="ra-soat-tiem",
        title=gettext_lazy("Danh sách rà soát tiêm chủng"),
        permission=Perm.VACCINATION_VIEW,
        entity="vaccination.sweep",
        rows=_sweep,
        columns=_sweep_columns,
        commune_required=True,
    ),
    LineList(
        key="ket-qua-xet-nghiem",
        title=gettext_lazy("Kết quả xét nghiệm"),
        permission=Perm.TESTS_VIEW,
        entity="diagnostics.result",
        rows=_results,
        columns=_result_columns,
        date_field="resulted_at",
        date_label=gettext_lazy("Ngày có kết quả"),
        options=(Option("ket-qua", gettext_lazy("Kết quả"), _all_first(Outcome.choices)),),
    ),
)


def exportable(permissions: Callable[[str], bool]) -> list[LineList]:
    """The lists a user holding these permissions may export, in the order above."""
    return [line_list for line_list in LINE_LISTS if permissions(line_list.permission)]


def line_list_get(key: str) -> LineList:
    """The list with this key; an unknown key does not exist (404)."""
    for line_list in LINE_LISTS:
        if line_list.key == key:
            return line_list
    raise Http404
