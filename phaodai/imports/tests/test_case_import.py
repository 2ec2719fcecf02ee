"""Importing an F0 line list: each row a case of its person, decided under the rules of its day, one open
case per person, nothing twice when the same file comes again, the command center's counts brought up to
date, and a file exported from Pháo Đài readable back."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import client_for
from phaodai.accounts.roles import Role
from phaodai.cases import rulesets
from phaodai.cases.models import Case, CaseEvent, EventKind
from phaodai.cases.reference import CaseBasis, CaseStatus, PlaceOfCare, Severity
from phaodai.cases.tests.factories import register
from phaodai.command.metrics import ACTIVE, CASES_COMMUNITY, RECOVERED
from phaodai.command.models import DailyCount
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.facilities.models import FacilityKind, Stay
from phaodai.facilities.tests.factories import FacilityFactory
from phaodai.imports.models import BatchStatus, ImportBatch, RowStatus, StagedRow
from phaodai.imports.tests.conftest import csv_bytes
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
D = dt.date

HEADER = (
    "Họ và tên,Năm sinh,Giới tính,Số CCCD,Mã xã,Ngày lấy mẫu,Ngày có kết quả,Ngày khởi phát,"
    "Loại xét nghiệm,Mức độ,Nơi điều trị,Cơ sở điều trị,Số mũi vắc xin,Trạng thái,Ngày khỏi"
)


_DEFAULTS = {
    "birth": "12/04/1990", "sex": "Nam", "national_id": "", "code": "03412", "sample": "",
    "report": "15/11/2021", "onset": "", "test": "PCR", "severity": "", "place": "Tại nhà", "facility": "",
    "doses": "", "outcome": "", "ended": "",
}  # fmt: skip


def _row(name, *positional, **cells):
    """One line in HEADER's order: the name, optionally birth and sex, then any cell by its key."""
    values = {**_DEFAULTS, **dict(zip(("birth", "sex"), positional, strict=False)), **cells}
    return ",".join((name, *values.values()))


def _rows(batch):
    return {row.number: row for row in StagedRow.objects.filter(batch=batch).order_by("number")}


def _import(run_import, user, *lines, **options):
    batch = run_import(user, csv_bytes(HEADER, *lines), name="f0.csv", kind="cases", **options)
    assert batch.status == BatchStatus.DONE, batch.failure
    return batch


@pytest.fixture
def field_hospital(tree):
    return FacilityFactory(
        unit=tree.district, name="Bệnh viện dã chiến số 1", kind=FacilityKind.FIELD_HOSPITAL
    )


def test_a_line_list_becomes_cases_decided_under_the_rules_of_their_day(
    tree, district_user, field_hospital, run_import
):
    known = make_person(tree.commune, "Lò Văn Pọm", birth_year=1970, national_id="012070000123")
    batch = _import(
        run_import, district_user,
        _row("Lò Văn Pọm", "1970", national_id="012070000123", sample="14/11/2021", onset="13/11/2021",
             doses="2"),
        _row("Vàng Thị Dính", "05/03/1985", "Nữ", code="3412", severity="Trung bình", place="Bệnh viện",
             facility="benh vien da chien so 1"),
        _row("Giàng A Lử", code="03415", report="01/11/2021", sample="01/11/2021",
             outcome="Khỏi bệnh", ended="15/11/2021"),
    )  # fmt: skip
    assert (batch.rows_done, batch.persons_created, batch.rows_invalid) == (3, 2, 0)
    first = Case.objects.get(person=known)
    assert (first.status, first.basis, first.report_date, first.sample_date, first.onset_date) == (
        CaseStatus.ACTIVE, CaseBasis.PCR, D(2021, 11, 15), D(2021, 11, 14), D(2021, 11, 13),
    )  # fmt: skip
    assert (first.vaccine_doses, first.place_of_care, first.unit_path) == (
        2,
        PlaceOfCare.HOME,
        known.unit_path,
    )
    assert first.home_care_rules is not None
    rules = (first.definition_rules.kind, first.severity_rules.kind, first.home_care_rules.kind)
    assert rules == (rulesets.DEFINITION, rulesets.SEVERITY, rulesets.HOME_CARE)
    assert first.created_by == district_user
    in_hospital = Case.objects.get(person__full_name="Vàng Thị Dính")
    assert (in_hospital.severity, in_hospital.home_care_eligible) == (Severity.MODERATE, False)
    assert (in_hospital.place_of_care, in_hospital.facility) == (PlaceOfCare.HOSPITAL, field_hospital)
    assert Stay.objects.filter(person=in_hospital.person, facility=field_hospital).exists()
    ended = Case.objects.get(person__full_name="Giàng A Lử")
    assert (ended.status, ended.outcome_date, ended.unit) == (
        CaseStatus.RECOVERED,
        D(2021, 11, 15),
        tree.neighbour_commune,
    )
    assert ended.release_rules_id is not None
    assert list(ended.events.values_list("kind", flat=True)) == [EventKind.REGISTERED, EventKind.OUTCOME]
    assert list(first.events.values_list("kind", flat=True)) == [EventKind.REGISTERED]


def test_the_command_centers_counts_take_the_imported_cases_in(tree, district_user, run_import):
    _import(
        run_import, district_user,
        _row("Lò Văn Pọm"), _row("Lò Thị Xuân", sex="Nữ"),
        _row("Giàng A Lử", report="01/11/2021", outcome="Khỏi", ended="15/11/2021"),
    )  # fmt: skip

    def count(metric, day):
        return DailyCount.objects.filter(unit=tree.commune, metric=metric, day=day).values_list(
            "value", flat=True
        )

    assert list(count(CASES_COMMUNITY, D(2021, 11, 15))) == [2]
    assert list(count(CASES_COMMUNITY, D(2021, 11, 1))) == [1]
    assert list(count(RECOVERED, D(2021, 11, 15))) == [1]
    assert list(count(ACTIVE + PlaceOfCare.HOME, D(2021, 11, 15))) == [1]  # +2 opened, -1 recovered


def test_imported_cases_show_on_the_case_pages_with_their_timeline(tree, district_user, run_import):
    _import(run_import, district_user, _row("Lò Văn Pọm"))
    case = Case.objects.get()
    client = client_for(district_user)
    assert "Lò Văn Pọm" in client.get(reverse("cases:list")).content.decode()
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert str(EventKind.REGISTERED.label) in detail


def test_importing_the_same_file_again_creates_no_second_case(tree, district_user, run_import):
    lines = (_row("Lò Văn Pọm"), _row("Giàng A Lử", report="01/11/2021", outcome="Khỏi", ended="15/11/2021"))
    _import(run_import, district_user, *lines)
    again = _import(run_import, district_user, *lines)
    assert (again.rows_done, again.rows_existing, again.persons_created) == (0, 2, 0)
    assert Case.objects.count() == 2
    assert CaseEvent.objects.count() == 3


def test_a_person_with_an_open_case_gets_no_second_one(tree, district_user, run_import):
    person = make_person(tree.commune, "Lò Văn Pọm", birth_year=1990, birth_date=D(1990, 4, 12))
    open_case = register(person, report_date=D(2021, 11, 10))
    make_person(tree.commune, "Lò Thị Xuân", birth_year=1990, birth_date=D(1990, 4, 12), sex="F")
    batch = _import(
        run_import, district_user,
        _row("Lò Văn Pọm", report="10/11/2021"), _row("Lò Văn Pọm", report="16/11/2021"),
        _row("Lò Thị Xuân", sex="Nữ", report="12/11/2021"),
        _row("Lò Thị Xuân", sex="Nữ", report="18/11/2021"),
    )  # fmt: skip
    rows = _rows(batch)
    assert rows[2].status == RowStatus.EXISTING
    assert rows[3].status == RowStatus.INVALID
    assert "chưa kết thúc" in rows[3].errors
    assert [rows[4].status, rows[5].status] == [RowStatus.VALID, RowStatus.INVALID]
    assert "dòng phía trên" in rows[5].errors
    assert list(Case.objects.filter(person=open_case.person)) == [open_case]
    assert Case.objects.filter(person__full_name="Lò Thị Xuân").count() == 1


def test_a_closed_case_does_not_block_a_later_one_but_an_overlapping_one_is_refused(
    tree, district_user, run_import
):
    batch = _import(
        run_import, district_user,
        _row("Lò Văn Pọm", report="01/10/2021", outcome="Khỏi", ended="20/10/2021"),
        _row("Lò Văn Pọm", report="10/10/2021"),
        _row("Lò Văn Pọm", report="15/11/2021"),
    )  # fmt: skip
    assert [row.status for row in _rows(batch).values()] == [
        RowStatus.VALID,
        RowStatus.INVALID,
        RowStatus.VALID,
    ]
    assert Case.objects.count() == 2


def test_invalid_cells_are_refused_naming_their_column_and_nothing_of_the_row_is_saved(
    tree, district_user, field_hospital, run_import
):
    batch = _import(
        run_import, district_user,
        _row("Giàng A Lử", report="25/11/2021"),
        _row("Giàng A Páo", onset="16/11/2021"),
        _row("Giàng A Sử", severity="hơi mệt"),
        _row("Giàng A Vừ", place="Bệnh viện", facility="Bệnh viện không có"),
        _row("Giàng A Dế", place="Bệnh viện"),
        _row("Giàng A Chứ", outcome="Khỏi bệnh"),
        _row("Giàng A Tủa", report=""),
        _row("Giàng Thị Mai", sex="Nữ"),
    )  # fmt: skip
    rows = _rows(batch)
    assert "«Ngày có kết quả»" in rows[2].errors
    assert "«Ngày khởi phát»" in rows[3].errors
    assert "«Mức độ»" in rows[4].errors
    assert "«Cơ sở điều trị»" in rows[5].errors
    assert "Bệnh viện không có" in rows[5].errors
    assert "«Cơ sở điều trị»" in rows[6].errors
    assert "«Ngày khỏi»" in rows[7].errors
    assert "«Ngày có kết quả»" in rows[8].errors
    assert [rows[n].status for n in range(2, 10)] == [RowStatus.INVALID] * 7 + [RowStatus.VALID]
    assert list(Person.objects.values_list("full_name", flat=True)) == ["Giàng Thị Mai"]
    assert Case.objects.count() == 1


def test_a_recovery_before_the_release_rules_allow_it_is_refused_with_the_rule(
    tree, district_user, run_import
):
    batch = _import(
        run_import, district_user, _row("Lò Văn Pọm", report="10/11/2021", outcome="Khỏi", ended="12/11/2021")
    )
    row = _rows(batch)[2]
    assert row.status == RowStatus.INVALID
    assert "Chưa đủ" in row.errors
    assert (batch.rows_done, Case.objects.count()) == (0, 0)


def test_a_commune_outside_the_batch_area_is_refused_on_its_row(tree, district_user, run_import):
    batch = _import(run_import, district_user, _row("Lò Văn Pọm", code="03460"))
    assert "«Mã xã»" in _rows(batch)[2].errors
    assert not Case.objects.exists()


def test_a_matched_person_living_outside_the_area_is_refused(tree, commune_user, run_import):
    make_person(tree.neighbour_commune, "Lò Văn Pọm", birth_year=1970, national_id="012070000123")
    lines = (
        "Họ và tên,Năm sinh,Giới tính,Số CCCD,Ngày báo cáo",
        "Lò Văn Pọm,1970,Nam,012070000123,15/11/2021",
    )
    batch = run_import(commune_user, csv_bytes(*lines), name="f0.csv", kind="cases")
    assert "ngoài địa bàn" in _rows(batch)[2].errors
    assert not Case.objects.exists()


def test_an_excel_line_list_imports(tree, commune_user, run_import):
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    header = [
        "STT",
        "Ho ten",
        "Nam sinh",
        "Gioi tinh",
        "Ngay lay mau",
        "Ngay bao cao",
        "Muc do",
        "Noi dieu tri",
    ]
    row = [
        1,
        "Lò Văn Pọm",
        1970,
        "Nam",
        dt.datetime(2021, 11, 14),
        dt.datetime(2021, 11, 15),
        "Nhẹ",
        "F0 tại nhà",
    ]
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for column, (title, value) in enumerate(zip(header, row, strict=True)):
        sheet.write(0, column, title)
        if isinstance(value, dt.datetime):
            sheet.write_datetime(1, column, value, dates)
        else:
            sheet.write(1, column, value)
    book.close()
    batch = run_import(commune_user, buffer.getvalue(), name="f0.xlsx", kind="cases")
    assert batch.status == BatchStatus.MAPPING  # "STT" is nobody's column: a person says so
    batch.mapping = {**batch.mapping, "0": ""}
    batch.save()
    case = _run_mapped(batch, commune_user)
    assert (case.sample_date, case.severity, case.unit) == (D(2021, 11, 14), Severity.MILD, tree.commune)


def _run_mapped(batch, user):
    from phaodai.imports.jobs import claim, run_batch

    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.QUEUED)
    claimed = claim(batch.pk)
    assert claimed is not None
    run_batch(claimed)
    return Case.objects.get()


def test_a_file_exported_from_the_case_list_imports_back_as_already_there(tree, district_user, run_import):
    person = make_person(tree.commune, "Lò Văn Pọm", birth_year=1990, national_id="012090000123")
    case = register(person, report_date=D(2021, 11, 10))
    exported = (
        "Mã ca bệnh,Họ và tên,Năm sinh,Giới tính,Số CCCD/CMND,Số điện thoại,Địa chỉ,Đơn vị,Mã đơn vị,"
        "Trạng thái,Mức độ,Nơi điều trị,Cơ sở điều trị,Ngày lấy mẫu,Ngày báo cáo,Ngày khởi phát,"
        "Số mũi vắc xin,Ngày kết thúc"
    )
    line = (
        f"{case.pk},Lò Văn Pọm,1990,Nam,012090000123,,,Xã Dào San,03412,Đang điều trị,Nhẹ,Tại nhà,,,"
        "10/11/2021,,0,"
    )
    batch = run_import(district_user, csv_bytes(exported, line), name="ca.csv", kind="cases")
    assert batch.status == BatchStatus.DONE, batch.mapping
    assert (batch.rows_existing, batch.rows_done) == (1, 0)


def test_one_audit_event_records_the_whole_batch(tree, district_user, run_import):
    batch = _import(run_import, district_user, *(_row(f"Người số {n}") for n in range(4)))
    events = AuditEvent.objects.filter(entity="cases.case")
    assert [(e.action, e.row_count, str(batch.pk) in e.summary) for e in events] == [
        (AuditAction.BULK_LOAD, 4, True)
    ]


def test_a_user_who_may_not_register_cases_cannot_import_them(
    tree, commune_user, django_capture_on_commit_callbacks
):
    commune_user.role = Role.CHECKPOINT  # may edit the registry, not register cases
    commune_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(commune_user).post(
            reverse("imports:list"),
            {"kind": "cases", "unit": "", "file": SimpleUploadedFile("f0.csv", csv_bytes(HEADER, _row("A")))},
        )
    assert response.status_code in (200, 403, 404)
    assert not ImportBatch.objects.exists()
    assert not Case.objects.exists()


def test_a_quarantined_f1_who_is_imported_as_a_case_gets_the_registrations_follow_ups(
    tree, district_user, run_import
):
    from phaodai.quarantine.reference import OrderStatus
    from phaodai.quarantine.tests.factories import issue_f1

    person = make_person(tree.commune, "Lò Văn Pọm", birth_year=1990, national_id="012090000123")
    order = issue_f1(person, start_date=D(2021, 11, 12))
    _import(run_import, district_user, _row("Lò Văn Pọm", national_id="012090000123", report="18/11/2021"))
    case = Case.objects.get(person=person)
    order.refresh_from_db()
    assert (order.status, order.case) == (OrderStatus.BECAME_CASE, case)
    assert Stay.objects.get(person=person, discharged_at__isnull=True).positive_flagged_at is not None
