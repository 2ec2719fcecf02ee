"""Importing a tracing team's contact list: each row an exposure to the index case (F1) or to the F1 they
met (F2); the F1/F2 rows, the worklist and the chains follow as the services derive them; bad rows refused
on their column; nothing duplicated when the same file comes again; nothing said about cases elsewhere."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import client_for
from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import UserFactory
from phaodai.cases.tests.factories import register
from phaodai.contacts.models import Chain, ChainNode, Contact, Exposure
from phaodai.contacts.reference import ContactLevel, ExposureSetting, TraceStatus
from phaodai.contacts.tests.factories import expose
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.imports.models import BatchStatus, ImportBatch, RowStatus, StagedRow
from phaodai.imports.tests.conftest import csv_bytes
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
D = dt.date

HEADER = (
    "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã,Mức,Mã ca bệnh,CCCD F1,Ngày tiếp xúc cuối,Mối quan hệ,"
    "Nơi tiếp xúc"
)
F0_CCCD = "012070000123"
WIFE_CCCD = "012175000456"


@pytest.fixture
def f0(tree):
    person = make_person(tree.commune, "Lò Văn Pọm", birth_year=1970, national_id=F0_CCCD)
    return register(person, report_date=D(2021, 11, 18))


def _row(
    name, national_id, level, case, day, *, via="", code="03412", relation="", place="", birth="05/03/1985"
):
    sex = "Nữ" if "Thị" in name else "Nam"
    return f"{name},{birth},{sex},{national_id},{code},{level},{case},{via},{day},{relation},{place}"


def _rows(batch):
    return {row.number: row for row in StagedRow.objects.filter(batch=batch)}


def _contact(name):
    return Contact.objects.get(person__full_name=name, status__in=(TraceStatus.LISTED, TraceStatus.REACHED))


def _household(f0):
    return csv_bytes(
        HEADER,
        _row("Giàng Thị Mai", WIFE_CCCD, "F1", f0.pk, "19/11/2021", relation="Vợ"),
        _row("Lò Văn Páo", "", "f1", f0.pk, "18/11/2021", relation="Con", birth="01/06/2010"),
        _row("Vàng A Sủ", "", "F2", f0.pk, "19/11/2021", via=WIFE_CCCD, place="Xưởng chè Dào San"),
    )


def test_f1_and_f2_rows_become_exposures_listed_for_tracing_in_one_chain(tree, district_user, f0, run_import):
    batch = run_import(district_user, _household(f0), kind="contacts")
    assert batch.status == BatchStatus.DONE, batch.failure
    assert (batch.rows_done, batch.persons_created, batch.rows_invalid) == (3, 3, 0)
    wife = Person.objects.get(national_id=WIFE_CCCD)
    edge = Exposure.objects.get(contact=wife)
    assert (edge.source_id, edge.source_case_id, edge.setting, edge.last_exposure_date, edge.note) == (
        f0.person_id, f0.pk, ExposureSetting.HOUSEHOLD, D(2021, 11, 19), "Vợ"
    )  # fmt: skip
    assert (edge.unit_id, edge.unit_path, edge.created_by) == (tree.commune.pk, wife.unit_path, district_user)
    worker = Exposure.objects.get(contact__full_name="Vàng A Sủ")
    assert (worker.source_id, worker.setting) == (wife.pk, ExposureSetting.FACTORY)
    listed = {name: _contact(name) for name in ("Giàng Thị Mai", "Lò Văn Páo", "Vàng A Sủ")}
    assert {name: (c.level, c.index_case_id, c.via_id) for name, c in listed.items()} == {
        "Giàng Thị Mai": (ContactLevel.F1, f0.pk, None),
        "Lò Văn Páo": (ContactLevel.F1, f0.pk, None),
        "Vàng A Sủ": (ContactLevel.F2, f0.pk, wife.pk),
    }
    assert {c.status for c in listed.values()} == {TraceStatus.LISTED}
    assert listed["Lò Văn Páo"].last_exposure_date == D(2021, 11, 18)
    chain = Chain.objects.get()
    assert (chain.size, chain.case_count) == (4, 1)
    assert ChainNode.objects.filter(chain=chain).count() == 4


def test_the_index_case_is_found_from_the_cccd_of_its_person(tree, commune_user, f0, run_import):
    content = csv_bytes(
        "Họ tên,Năm sinh,Giới tính,CCCD F0,Ngày tiếp xúc,Quan hệ",
        f"Giàng Thị Mai,1985,Nữ,{F0_CCCD},19/11/2021,vợ",
    )
    batch = run_import(commune_user, content, kind="contacts")
    assert batch.rows_done == 1, list(StagedRow.objects.values_list("errors", flat=True))
    contact = _contact("Giàng Thị Mai")
    assert (contact.level, contact.index_case_id) == (ContactLevel.F1, f0.pk)


def test_importing_the_same_file_again_duplicates_nothing(tree, district_user, f0, run_import):
    run_import(district_user, _household(f0), kind="contacts")
    again = run_import(district_user, _household(f0), kind="contacts")
    assert (again.rows_done, again.rows_existing, again.persons_created) == (0, 3, 0)
    assert "đã có trong danh sách tiếp xúc" in _rows(again)[2].errors
    assert Exposure.objects.count() == 3
    assert Contact.objects.count() == 3
    assert Chain.objects.get().size == 4


def test_a_later_exposure_moves_the_date_on_without_a_second_edge(tree, district_user, f0, run_import):
    wife = make_person(tree.commune, "Giàng Thị Mai", birth_year=1985, national_id=WIFE_CCCD, sex="F")
    expose(f0.person, wife, day=D(2021, 11, 15))
    content = csv_bytes(HEADER, _row("Giàng Thị Mai", WIFE_CCCD, "F1", f0.pk, "19/11/2021"))
    batch = run_import(district_user, content, kind="contacts")
    assert batch.rows_done == 1
    assert Exposure.objects.get().last_exposure_date == D(2021, 11, 19)
    assert _contact("Giàng Thị Mai").last_exposure_date == D(2021, 11, 19)
    assert Contact.objects.count() == 1


def test_an_f2_who_met_the_f0_too_is_promoted_to_f1(tree, district_user, f0, run_import):
    wife = make_person(tree.commune, "Giàng Thị Mai", birth_year=1985, national_id=WIFE_CCCD, sex="F")
    worker = make_person(tree.commune, "Vàng A Sủ", birth_year=1985, national_id="012085000789")
    expose(f0.person, wife, day=D(2021, 11, 17))
    expose(wife, worker, day=D(2021, 11, 18))
    assert _contact("Vàng A Sủ").level == ContactLevel.F2
    content = csv_bytes(HEADER, _row("Vàng A Sủ", "012085000789", "F1", f0.pk, "19/11/2021"))
    batch = run_import(district_user, content, kind="contacts")
    assert batch.rows_done == 1
    promoted = _contact("Vàng A Sủ")
    assert (promoted.level, promoted.via_id, promoted.last_exposure_date) == (
        ContactLevel.F1,
        None,
        D(2021, 11, 19),
    )


def test_two_chains_joined_by_an_imported_contact_become_one(tree, district_user, f0, run_import):
    teacher = make_person(tree.commune, "Tẩn Láo Lở", birth_year=1980, national_id="012080000321")
    pupil = make_person(tree.commune, "Chảo Láo Sử", birth_year=2012)
    expose(teacher, pupil, day=D(2021, 11, 10))
    make_person(tree.commune, "Giàng Thị Mai", birth_year=1985, national_id=WIFE_CCCD, sex="F")
    expose(f0.person, Person.objects.get(national_id=WIFE_CCCD), day=D(2021, 11, 17))
    assert Chain.objects.count() == 2
    content = csv_bytes(HEADER, _row("Tẩn Láo Lở", "012080000321", "F1", f0.pk, "19/11/2021", birth="1980"))
    batch = run_import(district_user, content, kind="contacts")
    assert batch.rows_done == 1
    chain = Chain.objects.get()
    assert (chain.size, chain.case_count, chain.nodes.count()) == (4, 1, 4)


def test_bad_rows_are_refused_naming_their_column_and_nothing_of_them_is_saved(
    tree, district_user, f0, run_import
):
    stranger = "012090000999"
    make_person(tree.commune, "Hầu A Chớ", birth_year=1990, national_id=stranger)
    content = csv_bytes(
        HEADER,
        _row("Giàng A Lử", "", "F3", f0.pk, "19/11/2021"),
        _row("Giàng A Páo", "", "F1", f0.pk, "25/11/2021"),
        _row("Giàng A Sử", "", "F2", f0.pk, "19/11/2021"),
        _row("Giàng A Vừ", "", "F1", "", "19/11/2021"),
        _row("Giàng A Dế", "", "F1", 999999, "19/11/2021"),
        _row("Giàng A Chu", "", "F2", f0.pk, "19/11/2021", via=stranger),
        _row("Giàng A Tủa", "", "F2", f0.pk, "19/11/2021", via="012000000000"),
        _row("Lò Văn Pọm", F0_CCCD, "F1", f0.pk, "19/11/2021", birth="1970"),
        _row("Giàng Thị Mai", "", "F1", f0.pk, "19/11/2021"),
    )
    batch = run_import(district_user, content, kind="contacts")
    rows = _rows(batch)
    assert "«Mức»" in rows[2].errors
    assert "«Ngày tiếp xúc cuối»" in rows[3].errors
    assert "«CCCD F1»" in rows[4].errors
    assert "«Mã ca bệnh»" in rows[5].errors
    assert "«CCCD ca bệnh nguồn»" in rows[5].errors
    assert "«Mã ca bệnh»: không tìm thấy ca bệnh" in rows[6].errors
    assert "«CCCD F1»: người này không phải F1" in rows[7].errors
    assert "«CCCD F1»: không tìm thấy người" in rows[8].errors
    assert "chính mình" in rows[9].errors
    assert [rows[n].status for n in range(2, 11)] == [RowStatus.INVALID] * 8 + [RowStatus.VALID]
    assert list(Exposure.objects.values_list("contact__full_name", flat=True)) == ["Giàng Thị Mai"]
    assert Contact.objects.count() == 1


def test_a_case_outside_the_batch_area_is_only_not_found(tree, district_user, f0, run_import):
    elsewhere = make_person(tree.other_commune, "Sùng A Tủa", birth_year=1975, national_id="012075000111")
    far_case = register(elsewhere, report_date=D(2021, 11, 18))
    content = csv_bytes(
        HEADER,
        _row("Giàng Thị Mai", "", "F1", far_case.pk, "19/11/2021"),
        _row("Lò Thị Ún", "", "F1", f0.pk, "19/11/2021", code="03460"),
    )
    batch = run_import(district_user, content, kind="contacts")
    rows = _rows(batch)
    assert rows[2].errors == "«Mã ca bệnh»: không tìm thấy ca bệnh này trong địa bàn của lượt nhập."
    assert "«Mã xã»" in rows[3].errors
    assert (batch.rows_done, Exposure.objects.count()) == (0, 0)


def test_a_user_who_may_not_trace_contacts_cannot_start_the_import(
    tree, commune_user, django_capture_on_commit_callbacks
):
    checkpoint = UserFactory(username="chot", role=Role.CHECKPOINT, organisation=commune_user.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(checkpoint).post(
            reverse("imports:list"),
            {"kind": "contacts", "file": SimpleUploadedFile("f1.csv", csv_bytes(HEADER))},
        )
    assert response.status_code in (200, 403, 404)
    assert not ImportBatch.objects.exists()


def test_one_audit_event_records_the_whole_batch(tree, district_user, f0, run_import):
    batch = run_import(district_user, _household(f0), kind="contacts")
    loads = AuditEvent.objects.filter(action=AuditAction.BULK_LOAD)
    assert [(e.entity, e.row_count, str(batch.pk) in e.summary) for e in loads] == [
        ("contacts.exposure", 3, True)
    ]
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE, entity="contacts.exposure").exists()
    assert not AuditEvent.objects.filter(entity="contacts.contact").exists()  # the F1/F2 derived: covered


def test_an_excel_file_imports_with_ids_kept_as_text(tree, commune_user, f0, run_import):
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(
        0, 0, ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Mức", "Mã ca bệnh", "Ngày tiếp xúc cuối"]
    )
    sheet.write_row(1, 0, ["Giàng Thị Mai", "05/03/1985", "Nữ"])
    sheet.write_number(1, 3, 12175000456)  # a number cell: Excel dropped the leading zero
    sheet.write_row(1, 4, ["F1", f0.pk])
    sheet.write_datetime(1, 6, dt.datetime(2021, 11, 19), book.add_format({"num_format": "dd/mm/yyyy"}))
    book.close()
    batch = run_import(commune_user, buffer.getvalue(), name="f1.xlsx", kind="contacts")
    assert batch.rows_done == 1, list(StagedRow.objects.values_list("errors", flat=True))
    contact = _contact("Giàng Thị Mai")
    assert (contact.person.national_id, contact.last_exposure_date) == (WIFE_CCCD, D(2021, 11, 19))
