"""Compiling a commune's list: from the registry, by hand, from a file; eligibility checked against
cases and quarantine orders; bad input refused with the field or row named, nothing half-saved."""

import datetime as dt

import pytest

from phaodai.cases.tests.factories import register
from phaodai.core.errors import DomainError
from phaodai.core.scoping import Jurisdiction
from phaodai.people.tests.factories import make_person
from phaodai.quarantine.tests.factories import issue_f1, release
from phaodai.support import importers, services
from phaodai.support.models import Beneficiary
from phaodai.support.selectors import omissions
from phaodai.support.tests.factories import PERIOD, add, make_list, programme, xlsx_bytes

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def f1(tree):
    person = make_person(tree.village, "Lò Văn Pọm", birth_year=1980, national_id="012080000123")
    release(issue_f1(person, start_date=D(2021, 11, 5)), released_on=D(2021, 11, 18))
    return person


def test_registry_fill_adds_the_f1_with_days_counted_from_the_order(tree, f1):
    blist = make_list(tree.commune)
    make_person(tree.village, "Vàng A Sử", birth_year=1990)  # no order: not eligible
    assert services.entries_fill_from_registry(actor=None, blist=blist) == 1
    entry = blist.entries.get()
    assert (entry.person, entry.days, entry.known_days) == (f1, 14, 14)
    assert entry.amount == 14 * 80_000


def test_the_omission_worklist_empties_once_the_person_is_listed(tree, f1):
    def worklist():
        found = omissions(
            jurisdiction=Jurisdiction.of([tree.commune.path]),
            programme=programme("NQ68-F1-TIEN-AN"),
            start=PERIOD[0],
            end=PERIOD[1],
        )
        assert found is not None
        return list(found)

    assert worklist() == [f1]
    add(make_list(tree.commune), f1)
    assert worklist() == []


def test_it_refuses_a_beneficiary_outside_the_programme_group(tree):
    adult = make_person(tree.village, "Lò Thị Mai", birth_year=1985)
    with pytest.raises(DomainError) as refused:
        add(make_list(tree.commune), adult)
    assert "không thuộc đối tượng" in refused.value.errors["person"][0]
    assert "quyết định cách ly F1" in refused.value.errors["person"][0]
    assert not Beneficiary.objects.exists()


def test_it_refuses_an_adult_on_the_children_programme(tree, f1):
    with pytest.raises(DomainError) as refused:
        add(make_list(tree.commune, "NQ68-TRE-EM"), f1)
    assert "không dưới 16 tuổi" in refused.value.errors["person"][0]


def test_it_refuses_an_amount_over_the_programme_cap(tree, f1):
    with pytest.raises(DomainError) as refused:
        add(make_list(tree.commune), f1, amount=2_000_000)
    message = refused.value.errors["amount"][0]
    assert "vượt mức tối đa 1.680.000 đ" in message
    assert not Beneficiary.objects.exists()


def test_it_refuses_more_days_than_the_platform_knows(tree, f1):
    with pytest.raises(DomainError) as refused:
        add(make_list(tree.commune), f1, days=20)
    assert "ghi nhận trên hệ thống (14)" in refused.value.errors["days"][0]


def test_f0_days_come_from_the_case(tree):
    person = make_person(tree.village, "Sùng A Dế", birth_year=1975)
    register(person, report_date=D(2021, 11, 10))
    entry = add(make_list(tree.commune, "NQ68-F0-TIEN-AN"), person)
    assert entry.known_days == 11  # 10/11 to today 20/11
    assert entry.amount == 11 * 80_000


def _csv(*lines):
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def test_import_saves_every_row_or_none_naming_each_bad_row(tree, f1):
    other = make_person(tree.village, "Lò Thị Lan", birth_year=1992)
    issue_f1(other, start_date=D(2021, 11, 10))
    blist = make_list(tree.commune)
    content = _csv(
        "Họ và tên,Số CCCD,Năm sinh,Số ngày,Số tiền",
        "Lò Văn Pọm,012080000123,1980,14,",
        "Lò Thị Lan,,1992,7,9000000",
        "Vàng Văn Lả,,1970,3,",
    )
    rows = importers.read_rows(blist=blist, file_name="ds.csv", content=content)
    with pytest.raises(DomainError) as refused:
        services.entries_import(actor=None, blist=blist, rows=rows)
    errors = refused.value.errors
    assert set(errors) == {"row_3", "row_4"}
    assert errors["row_3"][0].startswith("Dòng 3:")
    assert "vượt mức tối đa" in errors["row_3"][0]
    assert "Dòng 4:" in errors["row_4"][0]
    assert not Beneficiary.objects.exists()
    good = _csv("Họ và tên,Số CCCD,Năm sinh,Số ngày", "Lò Văn Pọm,12080000123,1980,14", "Lò Thị Lan,,1992,7")
    rows = importers.read_rows(blist=blist, file_name="ds.csv", content=good)
    assert services.entries_import(actor=None, blist=blist, rows=rows) == 2


def test_import_reads_an_excel_file_with_vietnamese_headers(tree, f1):
    content = xlsx_bytes(
        [["HỌ VÀ TÊN", "Số CCCD", "Năm sinh", "Số ngày"], ["Lò Văn Pọm", 12080000123, 1980, 10]]
    )
    blist = make_list(tree.commune)
    rows = importers.read_rows(blist=blist, file_name="ds.xlsx", content=content)
    assert [(r[0], r[1].person, r[1].days) for r in rows] == [(2, f1, 10)]  # the CCCD got its 0 back
    assert services.entries_import(actor=None, blist=blist, rows=rows) == 1


def test_an_unreadable_file_is_refused_on_the_file_field(tree):
    with pytest.raises(DomainError) as refused:
        importers.read_rows(blist=make_list(tree.commune), file_name="ds.xlsx", content=b"not a workbook")
    assert "file" in refused.value.errors


def test_the_children_programme_takes_f0_and_f1_under_16_from_the_registry(tree):
    child = make_person(tree.village, "Lò Thị Na", birth_year=2010)
    sick_child = make_person(tree.village, "Lò Văn Tủa", birth_year=2012)
    adult = make_person(tree.village, "Lò Văn Pọm", birth_year=1980)
    issue_f1(child, start_date=D(2021, 11, 10))
    register(sick_child, report_date=D(2021, 11, 12))
    issue_f1(adult, start_date=D(2021, 11, 10))
    blist = make_list(tree.commune, "NQ68-TRE-EM")
    assert services.entries_fill_from_registry(actor=None, blist=blist) == 2
    assert set(blist.entries.values_list("person__full_name", "amount")) == {
        ("Lò Thị Na", 1_000_000),
        ("Lò Văn Tủa", 1_000_000),
    }


def test_a_csv_that_is_not_utf8_is_refused_on_the_file_field(tree):
    content = "Họ và tên,Số CCCD\nLò Văn Pọm,012080000123\n".encode("cp1258", errors="replace")
    content += b"\xff\xfe\xc3"
    with pytest.raises(DomainError) as refused:
        importers.read_rows(blist=make_list(tree.commune), file_name="ds.csv", content=content)
    assert "UTF-8" in refused.value.errors["file"][0]


def test_a_hand_entry_with_an_impossible_birth_year_is_refused_on_the_field(tree):
    blist = make_list(tree.commune, "NQ68-NGUNG-VIEC")
    with pytest.raises(DomainError) as refused:
        add(blist, full_name="Vàng Văn Lả", birth_year=10**20)
    assert "birth_year" in refused.value.errors
    assert not Beneficiary.objects.exists()


def test_an_imported_row_with_a_huge_number_is_refused_naming_the_row(tree):
    blist = make_list(tree.commune, "NQ68-NGUNG-VIEC")
    content = _csv("Họ và tên,Năm sinh,Số ngày", "Vàng Văn Lả,99999999999999999999999,1")
    rows = importers.read_rows(blist=blist, file_name="ds.csv", content=content)
    with pytest.raises(DomainError) as refused:
        services.entries_import(actor=None, blist=blist, rows=rows)
    assert "Dòng 2:" in refused.value.errors["row_2"][0]
    assert not Beneficiary.objects.exists()
