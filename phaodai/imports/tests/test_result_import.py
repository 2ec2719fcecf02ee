"""Importing a test-result list: a sample and its result per row, written as the testing service writes
them (positives handed over to the case registry, the daily counts following), waiting samples closed
by their result, bad cells refused on their column, nothing duplicated when the same file comes again."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import _user, client_for
from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.cases.models import Case
from phaodai.command import counters, metrics
from phaodai.command.models import DailyCount
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.diagnostics.models import Result, Sample
from phaodai.diagnostics.reference import Handover, Outcome, Reason, SampleKind
from phaodai.diagnostics.tests.factories import make_lab, make_pool, take
from phaodai.imports.kinds import kind_get
from phaodai.imports.models import BatchStatus, ImportBatch, RowStatus, StagedRow
from phaodai.imports.tests.conftest import csv_bytes
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

HEADER = (
    "Họ và tên,Năm sinh,Giới tính,Số CCCD,Mã xã,Loại mẫu,Lý do,Ngày lấy mẫu,Kết quả XN,CT,Nơi xét nghiệm,"
    "Ngày có kết quả"
)
LAB = "Phòng xét nghiệm CDC Lai Châu"


@pytest.fixture
def lab(tree):
    return make_lab(tree.province, LAB)


def _row(name, outcome="Âm tính", *, taken="02/11/2021 08:30", resulted="03/11/2021 10:00", kind="RT-PCR",
         national_id="", code="03412", ct="", lab=LAB, reason="F1", birth="05/03/1990",
         sex="Nam"):  # fmt: skip
    return (
        f"{name},{birth},{sex},{national_id},{code},{kind},{reason},{taken},{outcome},{ct},{lab},{resulted}"
    )


def _rows(batch):
    return {row.number: row for row in StagedRow.objects.filter(batch=batch).order_by("number")}


def _local(text):
    return timezone.make_aware(dt.datetime.strptime(text, "%d/%m/%Y %H:%M"))


def _counts():
    return {
        (row.unit_id, row.day, row.metric): row.value
        for row in DailyCount.objects.filter(metric__startswith="tests.")
        if row.value
    }


def test_a_pcr_row_becomes_a_sample_and_its_result_as_the_lab_recorded_them(
    tree, district_user, lab, run_import
):
    person = make_person(tree.village, "Lò Văn Pọm", birth_year=1970, national_id="012070000123")
    content = csv_bytes(
        HEADER, _row("Lò Văn Pọm", "Âm tính", national_id="012070000123", birth="1970", ct="")
    )
    batch = run_import(district_user, content, name="kq.csv", kind="results")
    assert batch.status == BatchStatus.DONE, batch.failure
    assert (batch.rows_done, batch.persons_created) == (1, 0)
    sample = Sample.objects.get(person=person)
    assert (sample.kind, sample.reason, sample.lab, sample.resulted) == (
        SampleKind.PCR_SINGLE, Reason.F1, lab, True
    )  # fmt: skip
    assert sample.taken_at == _local("02/11/2021 08:30")
    assert (sample.unit, sample.unit_path, sample.taken_by) == (
        tree.village,
        tree.village.path,
        district_user,
    )
    result = sample.result
    assert (result.outcome, result.lab, result.resulted_at) == (
        Outcome.NEGATIVE, lab, _local("03/11/2021 10:00")
    )  # fmt: skip
    assert result.turnaround_minutes == 25 * 60 + 30
    assert (result.unit_path, result.recorded_by, result.handover) == (tree.village.path, district_user, "")


def test_a_positive_goes_to_the_case_registry_as_one_recorded_by_hand(tree, district_user, lab, run_import):
    content = csv_bytes(HEADER, _row("Vàng Thị Dính", "Dương tính", ct='"21,5"', sex="Nữ"))
    batch = run_import(district_user, content, name="kq.csv", kind="results")
    assert batch.rows_done == 1, list(StagedRow.objects.values_list("errors", flat=True))
    result = Result.objects.get()
    assert result.ct_value == Decimal("21.5")
    case = Case.objects.get(person__full_name="Vàng Thị Dính")
    assert (result.case, result.handover) == (case, Handover.REGISTERED)
    assert case.sample_date == dt.date(2021, 11, 2)


def test_a_chunk_written_again_after_a_crash_writes_nothing_twice(tree, district_user, lab, run_import):
    content = csv_bytes(HEADER, _row("Lò Thị Xuân", "Dương tính", sex="Nữ"), _row("Lò Văn Sử"))
    batch = run_import(district_user, content, name="kq.csv", kind="results")
    writer = kind_get("results").writer
    assert writer.write(batch, 0, batch.last_committed, district_user) == 0
    assert (Sample.objects.count(), Result.objects.count()) == (2, 2)


def test_moments_are_read_as_people_write_them(tree, district_user, lab, run_import):
    content = csv_bytes(
        HEADER,
        _row("Người Một", taken="8h30 02/11/2021", resulted="2021-11-03T10:00:00"),
        _row("Người Hai", taken="02/11/2021", resulted="02/11/2021"),
    )
    batch = run_import(district_user, content, name="kq.csv", kind="results")
    assert batch.rows_done == 2, list(StagedRow.objects.values_list("errors", flat=True))
    first, second = (
        Result.objects.get(sample__person__full_name=name) for name in ("Người Một", "Người Hai")
    )
    assert (first.sample.taken_at, first.resulted_at) == (
        _local("02/11/2021 08:30"),
        _local("03/11/2021 10:00"),
    )
    assert (second.resulted_at, second.turnaround_minutes) == (_local("02/11/2021 00:00"), None)


def test_a_rapid_test_without_a_result_time_is_read_on_the_spot_and_moves_no_stock(
    tree, district_user, lab, run_import
):
    content = csv_bytes(
        HEADER, _row("Giàng A Páo", kind="Test nhanh kháng nguyên", taken="05/11/2021", resulted="", lab="")
    )
    batch = run_import(district_user, content, name="kq.csv", kind="results")
    assert batch.rows_done == 1, list(StagedRow.objects.values_list("errors", flat=True))
    sample = Sample.objects.get()
    assert (sample.kind, sample.lab, sample.stock_movement) == (SampleKind.RAT_STAFF, None, None)
    assert sample.taken_at == _local("05/11/2021 00:00")
    assert (sample.result.resulted_at, sample.result.turnaround_minutes) == (sample.taken_at, None)


def test_importing_the_same_file_again_writes_nothing_new(tree, district_user, lab, run_import):
    content = csv_bytes(HEADER, _row("Lò Thị Xuân", "Dương tính", sex="Nữ"), _row("Lò Văn Sử"))
    run_import(district_user, content, name="kq.csv", kind="results")
    counts = _counts()
    again = run_import(district_user, content, name="kq.csv", kind="results")
    assert (again.rows_done, again.rows_existing, again.persons_created) == (0, 2, 0)
    assert (Sample.objects.count(), Result.objects.count(), Case.objects.count()) == (2, 2, 1)
    assert _counts() == counts


def test_a_sample_waiting_for_its_result_gets_it_instead_of_a_second_sample(
    tree, district_user, lab, run_import
):
    person = make_person(tree.commune, "Lò Văn Pọm", birth_year=1970, national_id="012070000123")
    waiting = take(person, lab=lab, taken_at=_local("02/11/2021 08:30"))
    content = csv_bytes(HEADER, _row("Lò Văn Pọm", national_id="012070000123", birth="1970", lab=""))
    batch = run_import(district_user, content, name="kq.csv", kind="results")
    assert batch.rows_done == 1, list(StagedRow.objects.values_list("errors", flat=True))
    waiting.refresh_from_db()
    assert Sample.objects.get() == waiting
    assert waiting.resulted
    assert (waiting.result.outcome, waiting.result.lab) == (Outcome.NEGATIVE, lab)


def test_a_result_that_differs_from_the_recorded_one_is_refused(tree, district_user, lab, run_import):
    content = csv_bytes(HEADER, _row("Lò Văn Sử"))
    run_import(district_user, content, name="kq.csv", kind="results")
    batch = run_import(district_user, csv_bytes(HEADER, _row("Lò Văn Sử", "Dương tính")), kind="results")
    assert _rows(batch)[2].status == RowStatus.INVALID
    assert "kết quả khác" in _rows(batch)[2].errors
    assert Result.objects.get().outcome == Outcome.NEGATIVE


def test_pooled_swabs_are_refused_with_a_clear_message(tree, district_user, lab, run_import):
    pool = make_pool(tree.commune, lab)
    person = make_person(tree.commune, "Lò Văn Pọm", birth_year=1970, national_id="012070000123")
    take(person, SampleKind.PCR_POOLED, pool=pool, lab=lab, taken_at=_local("02/11/2021 08:30"))
    content = csv_bytes(
        HEADER,
        _row("Lò Thị Mai", kind="RT-PCR mẫu gộp", sex="Nữ"),
        _row("Lò Văn Pọm", kind="RT-PCR gộp", national_id="012070000123", birth="1970"),
    )
    batch = run_import(district_user, content, name="kq.csv", kind="results")
    rows = _rows(batch)
    assert "«Loại mẫu»" in rows[2].errors
    assert "Mẫu gộp" in rows[2].errors
    assert rows[3].status == RowStatus.INVALID
    assert Result.objects.count() == 0


def test_bad_cells_are_refused_on_their_column_and_row_and_nothing_of_them_is_saved(
    tree, district_user, lab, run_import
):
    content = csv_bytes(
        HEADER,
        _row("Người Một", "chưa rõ"),
        _row("Người Hai", ct="250"),
        _row("Người Ba", lab="Phòng XN không có"),
        _row("Người Bốn", taken="02/12/2021 08:30", resulted=""),
        _row("Người Năm", resulted="01/11/2021 10:00"),
        _row("Người Sáu", kind="Xquang"),
        _row("Người Bảy", lab=""),
        _row("Người Tám", reason="đi chợ"),
        _row("Người Chín", taken="02/11/2021 25:10"),
        _row("Người Mười"),
    )
    batch = run_import(district_user, content, name="kq.csv", kind="results")
    rows = _rows(batch)
    expected = {
        2: "«Kết quả XN»",
        3: "«CT»",
        4: "«Nơi xét nghiệm»",
        5: "«Ngày lấy mẫu»",
        6: "«Ngày có kết quả»",
        7: "«Loại mẫu»",
        8: "phòng xét nghiệm",
        9: "«Lý do»",
        10: "«Ngày lấy mẫu»",
    }
    for number, column in expected.items():
        assert rows[number].status == RowStatus.INVALID, number
        assert column in rows[number].errors, (number, rows[number].errors)
    assert rows[11].status == RowStatus.VALID
    assert list(Sample.objects.values_list("person__full_name", flat=True)) == ["Người Mười"]
    assert Result.objects.count() == 1


def test_the_same_sample_twice_in_one_file_is_refused_the_second_time(tree, district_user, lab, run_import):
    content = csv_bytes(HEADER, _row("Lò Văn Sử"), _row("Lò Văn Sử", "Dương tính"))
    batch = run_import(district_user, content, name="kq.csv", kind="results")
    assert [row.status for row in _rows(batch).values()] == [RowStatus.VALID, RowStatus.INVALID]
    assert Result.objects.get().outcome == Outcome.NEGATIVE


def test_an_exported_result_list_imports_back(tree, district_user, lab, run_import):
    header = (
        "Họ và tên,Năm sinh,Giới tính,Số CCCD/CMND,Số điện thoại,Địa chỉ,Đơn vị,Mã đơn vị,Loại mẫu,"
        "Lý do xét nghiệm,Lấy mẫu lúc,Kết quả,Giá trị Ct,Phòng xét nghiệm,Có kết quả lúc"
    )
    line = (
        "Lò Văn Pọm,1970,Nam,012070000123,0912345678,Bản Tả Phìn,Xã Dào San,03412,RT-PCR mẫu đơn,"
        f'"F1, người tiếp xúc gần",02/11/2021 08:30,Âm tính,,{LAB},03/11/2021 10:00'
    )
    batch = run_import(district_user, csv_bytes(header, line), name="kq.csv", kind="results")
    assert batch.rows_done == 1, list(StagedRow.objects.values_list("errors", flat=True))
    assert Sample.objects.get().reason == Reason.F1


def test_an_xlsx_file_with_real_dates_imports(tree, district_user, lab, run_import):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet, moment = book.add_worksheet(), book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheet.write_row(0, 0, ["Họ tên", "Ngày sinh", "Giới tính", "Xã", "Loại xét nghiệm", "Thời gian lấy mẫu",
                           "Kết quả", "Phòng xét nghiệm", "Thời gian trả kết quả"])  # fmt: skip
    sheet.write_row(1, 0, ["Lò Thị Mai", "05/04/1992", "Nữ", "Dào San", "PCR"])
    sheet.write_datetime(1, 5, dt.datetime(2021, 11, 2, 8, 30), moment)
    sheet.write_row(1, 6, ["Dương tính", LAB])
    sheet.write_datetime(1, 8, dt.datetime(2021, 11, 2, 20, 0), moment)
    book.close()
    batch = run_import(district_user, buffer.getvalue(), name="kq.xlsx", kind="results")
    assert batch.rows_done == 1, list(StagedRow.objects.values_list("errors", flat=True))
    result = Result.objects.get()
    assert (result.sample.taken_at, result.turnaround_minutes) == (_local("02/11/2021 08:30"), 11 * 60 + 30)
    assert Person.objects.get().birth_date == dt.date(1992, 4, 5)


def test_a_commune_outside_the_batch_area_is_refused_on_its_row(tree, district_user, lab, run_import):
    batch = run_import(district_user, csv_bytes(HEADER, _row("Lò Văn Pọm", code="03460")), kind="results")
    assert "«Mã xã»" in _rows(batch)[2].errors
    assert (Person.objects.count(), Sample.objects.count()) == (0, 0)


def test_a_user_who_may_not_record_tests_cannot_start_a_results_import(
    tree, lab, django_capture_on_commit_callbacks
):
    checkpoint = _user(tree.district, Role.CHECKPOINT, OrganisationKind.OTHER, "chot")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(checkpoint).post(
            reverse("imports:list"),
            {"kind": "results", "file": SimpleUploadedFile("kq.csv", csv_bytes(HEADER, _row("Lò Văn Pọm")))},
        )
    assert response.status_code == 200
    assert "Hãy chọn loại dữ liệu cần nhập" in response.content.decode()
    assert (ImportBatch.objects.count(), Sample.objects.count()) == (0, 0)


def test_one_audit_event_records_the_whole_batch(tree, district_user, lab, run_import):
    content = csv_bytes(HEADER, *(_row(f"Người số {n}") for n in range(4)))
    batch = run_import(district_user, content, name="kq.csv", kind="results")
    events = AuditEvent.objects.filter(action=AuditAction.BULK_LOAD, entity="diagnostics.result")
    assert [(event.row_count, str(batch.pk) in event.summary) for event in events] == [(4, True)]
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE, entity="diagnostics.result").exists()


def test_the_daily_test_counts_follow_the_import_as_a_rebuild_would_count_them(
    tree, district_user, lab, run_import
):
    content = csv_bytes(
        HEADER,
        _row("Người Một", "Dương tính"),
        _row("Người Hai"),
        _row("Người Ba", "Không xác định"),
        _row("Người Bốn", resulted="03/11/2021 17:00"),  # after the 16:00 cut-off: the next reporting day
    )
    run_import(district_user, content, name="kq.csv", kind="results")
    kept = _counts()
    assert kept[(tree.commune.pk, dt.date(2021, 11, 3), metrics.TESTS_DONE)] == 2
    assert kept[(tree.commune.pk, dt.date(2021, 11, 3), metrics.TESTS_POSITIVE)] == 1
    assert kept[(tree.commune.pk, dt.date(2021, 11, 4), metrics.TESTS_DONE)] == 1
    counters.rebuild()
    assert _counts() == kept
