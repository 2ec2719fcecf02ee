"""Importing a dose list: headers as people write them, persons matched or created once, valid rows in,
invalid rows out with the reason on their column, nothing duplicated when the same file comes again."""

import datetime as dt

import pytest

from phaodai.core.models import AuditAction, AuditEvent
from phaodai.imports.models import BatchStatus, RowStatus, StagedRow
from phaodai.imports.tests.conftest import csv_bytes
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person
from phaodai.vaccination.models import CoverageCount, Dose, VaccinationStatus
from phaodai.vaccination.tests.factories import give, vaccine_lot

pytestmark = pytest.mark.django_db

HEADER = "Mui so,HO VA TEN,Ngày sinh,Giới tính,Số CCCD,Mã xã,Vắc xin,Số lô,Ngày tiêm"


@pytest.fixture
def lot(tree):
    return vaccine_lot(tree.commune, "VC", number="VC-2109")


def _row(number, name, birth, sex, national_id, code, day, product="Vero Cell", lot="vc-2109"):
    return f"{number},{name},{birth},{sex},{national_id},{code},{product},{lot},{day}"


def _rows(batch):
    return {row.number: row for row in StagedRow.objects.filter(batch=batch)}


def test_valid_rows_are_imported_and_a_new_person_is_created_once_for_two_doses(
    tree, district_user, lot, run_import
):
    known = make_person(tree.commune, "Lò Văn Pọm", birth_year=1970, national_id="012070000123")
    content = csv_bytes(
        HEADER,
        _row(1, "Lò Văn Pọm", "1970", "Nam", "012070000123", "03412", "01/09/2021"),
        _row(1, "Vàng Thị Dính", "5/3/85", "Nữ", "", "3412", "02/09/2021"),
        _row(2, "Vàng Thị Dính", "05/03/1985", "nu", "", "03412", "30/9/2021"),
    )
    batch = run_import(district_user, content)
    assert batch.status == BatchStatus.DONE, batch.failure
    assert (batch.rows_done, batch.persons_created, batch.rows_invalid) == (3, 1, 0)
    assert Dose.objects.filter(person=known).count() == 1
    new = Person.objects.get(full_name="Vàng Thị Dính")
    assert new.birth_date == dt.date(1985, 3, 5)
    assert list(new.doses.order_by("number").values_list("number", "given_on")) == [
        (1, dt.date(2021, 9, 2)),
        (2, dt.date(2021, 9, 30)),
    ]
    assert VaccinationStatus.objects.get(person=new).doses == 2
    assert CoverageCount.objects.filter(unit=tree.commune).exists()


def test_importing_the_same_file_again_duplicates_nothing(tree, district_user, lot, run_import):
    content = csv_bytes(HEADER, _row(1, "Vàng Thị Dính", "05/03/1985", "Nữ", "", "03412", "02/09/2021"))
    run_import(district_user, content)
    again = run_import(district_user, content)
    assert (again.rows_done, again.rows_existing, again.persons_created) == (0, 1, 0)
    assert Person.objects.filter(full_name="Vàng Thị Dính").count() == 1
    assert Dose.objects.count() == 1


def test_invalid_cells_are_refused_with_their_column_and_nothing_of_the_row_is_saved(
    tree, district_user, lot, run_import
):
    content = csv_bytes(
        HEADER,
        _row(1, "Giàng A Lử", "31/02/1990", "Nam", "", "03412", "02/09/2021"),
        _row(1, "Giàng A Páo", "1990", "Nam", "", "03412", "02/12/2021"),
        _row(1, "Giàng A Sử", "1990", "Nam", "", "03412", "02/09/2021", lot="KHONG-CO"),
        _row(1, "Giàng A Vừ", "1990", "Nam", "12345", "03412", "02/09/2021"),
        _row(1, "Giàng Thị Mai", "1992", "Nữ", "", "03412", "02/09/2021"),
    )
    batch = run_import(district_user, content)
    rows = _rows(batch)
    assert "«Ngày sinh»" in rows[2].errors
    assert "«Ngày tiêm»" in rows[3].errors
    assert "sau hôm nay" in rows[3].errors
    assert "«Số lô»" in rows[4].errors
    assert "KHONG-CO" in rows[4].errors
    assert "«Số CCCD»" in rows[5].errors
    assert [rows[n].status for n in range(2, 7)] == [RowStatus.INVALID] * 4 + [RowStatus.VALID]
    assert list(Person.objects.values_list("full_name", flat=True)) == ["Giàng Thị Mai"]
    assert Dose.objects.count() == 1


def test_a_dose_whose_earlier_dose_is_missing_is_refused_and_its_new_person_not_kept(
    tree, district_user, lot, run_import
):
    content = csv_bytes(
        HEADER,
        _row(2, "Lò Thị Xuân", "1990", "Nữ", "", "03412", "02/09/2021"),
        _row(1, "Lò Văn Sáng", "1991", "Nam", "", "03412", "02/09/2021"),
    )
    batch = run_import(district_user, content)
    assert _rows(batch)[2].status == RowStatus.INVALID
    assert (batch.persons_created, Dose.objects.count()) == (1, 1)
    assert not Person.objects.filter(full_name="Lò Thị Xuân").exists()
    assert Person.objects.filter(full_name="Lò Văn Sáng").exists()


def test_a_recorded_dose_with_another_date_is_a_conflict_not_a_second_dose(
    tree, district_user, lot, run_import
):
    person = make_person(tree.commune, "Lò Văn Pọm", birth_year=1970, national_id="012070000123")
    give(person, lot, dt.date(2021, 9, 1))
    content = csv_bytes(HEADER, _row(1, "Lò Văn Pọm", "1970", "Nam", "012070000123", "03412", "03/09/2021"))
    batch = run_import(district_user, content)
    assert _rows(batch)[2].status == RowStatus.INVALID
    assert Dose.objects.filter(person=person).count() == 1


def test_uncertain_namesakes_go_to_review_instead_of_being_guessed(tree, district_user, lot, run_import):
    make_person(tree.commune, "Sùng A Tủa", birth_year=1988)
    content = csv_bytes(HEADER, _row(1, "Sùng A Tủa", "12/04/1988", "Nam", "", "03412", "02/09/2021"))
    batch = run_import(district_user, content)
    assert (batch.rows_review, batch.rows_done) == (1, 0)
    assert Person.objects.filter(full_name="Sùng A Tủa").count() == 1
    assert Dose.objects.count() == 0


def test_same_cccd_with_another_name_goes_to_review(tree, district_user, lot, run_import):
    make_person(tree.commune, "Lò Văn Pọm", birth_year=1970, national_id="012070000123")
    content = csv_bytes(HEADER, _row(1, "Lò Văn Páo", "1970", "Nam", "012070000123", "03412", "02/09/2021"))
    batch = run_import(district_user, content)
    assert _rows(batch)[2].status == RowStatus.REVIEW
    assert Dose.objects.count() == 0


def test_a_commune_outside_the_batch_area_is_refused_on_its_row(tree, district_user, lot, run_import):
    content = csv_bytes(HEADER, _row(1, "Lò Văn Pọm", "1970", "Nam", "", "03460", "02/09/2021"))
    batch = run_import(district_user, content)
    assert "«Mã xã»" in _rows(batch)[2].errors
    assert Person.objects.count() == 0


def test_one_audit_event_records_the_whole_batch(tree, district_user, lot, run_import):
    content = csv_bytes(
        HEADER,
        *(_row(1, f"Người số {n}", "1990", "Nam", "", "03412", "02/09/2021") for n in range(5)),
    )
    batch = run_import(district_user, content)
    events = AuditEvent.objects.filter(action=AuditAction.BULK_LOAD, entity="vaccination.dose")
    assert [(e.row_count, str(batch.pk) in e.summary) for e in events] == [(5, True)]


def test_a_file_without_a_commune_column_goes_to_the_batch_commune(tree, commune_user, lot, run_import):
    content = csv_bytes(
        "Ho ten,Nam sinh,Gioi tinh,Mui,Vac xin,So lo,Ngay tiem", "Lò Văn Pọm,1970,Nam,1,VC,VC-2109,02/09/2021"
    )
    batch = run_import(commune_user, content)
    assert batch.rows_done == 1, list(StagedRow.objects.values_list("errors", flat=True))
    assert Person.objects.get().unit == tree.commune
