"""The import pages: upload, the mapping screen (saved as a template for the next file), progress, the file
back with its errors, and nothing of another district's imports."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import client_for
from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import UserFactory
from phaodai.imports.models import BatchStatus, ImportBatch, ImportTemplate
from phaodai.imports.tests.conftest import csv_bytes
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

ODD_HEADERS = "Họ tên người dân,Năm sinh,Giới tính,Ghi chú riêng"


def _upload(client, content, django_capture_on_commit_callbacks, *, kind="persons", unit=""):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("imports:list"),
            {"kind": kind, "unit": unit, "file": SimpleUploadedFile("ds.csv", content)},
        )


def test_a_file_with_unknown_headers_waits_for_the_mapping_then_imports(
    tree, commune_user, django_capture_on_commit_callbacks
):
    client = client_for(commune_user)
    content = csv_bytes(ODD_HEADERS, "Lò Văn Pọm,1970,Nam,hộ nghèo")
    response = _upload(client, content, django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert batch.status == BatchStatus.MAPPING
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "Họ tên người dân" in page
    assert "Ghép cột" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("imports:mapping", args=[batch.pk]),
            {
                "column-0": "full_name",
                "column-1": "birth",
                "column-2": "sex",
                "column-3": "",
                "template_name": "Mẫu xã",
            },
        )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert Person.objects.get().full_name == "Lò Văn Pọm"
    assert ImportTemplate.objects.get().name == "Mẫu xã"
    _upload(client, csv_bytes(ODD_HEADERS, "Lò Thị Mai,1975,Nữ,"), django_capture_on_commit_callbacks)
    second = ImportBatch.objects.order_by("-pk")[0]
    assert second.status == BatchStatus.DONE
    assert second.template_id is not None


def test_a_mapping_without_a_required_field_is_refused_with_its_name(
    tree, commune_user, django_capture_on_commit_callbacks
):
    client = client_for(commune_user)
    _upload(client, csv_bytes(ODD_HEADERS, "Lò Văn Pọm,1970,Nam,"), django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    response = client.post(
        reverse("imports:mapping", args=[batch.pk]), {"column-0": "full_name", "column-1": "birth"}
    )
    assert response.status_code == 400
    assert "Giới tính" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.MAPPING
    assert Person.objects.count() == 0


def test_the_file_comes_back_with_each_rows_outcome_and_errors(
    tree, commune_user, django_capture_on_commit_callbacks
):
    client = client_for(commune_user)
    content = csv_bytes("Họ và tên,Năm sinh,Giới tính", "Lò Văn Pọm,1970,Nam", "Lò Văn Páo,197O,Nam")
    _upload(client, content, django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    response = client.get(reverse("imports:results", args=[batch.pk]))
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].endswith('"Kết quả nhập","Lỗi"')
    assert "Đã nhập" in lines[1]
    assert "«Năm sinh»" not in lines[1]
    assert "Lỗi" in lines[2]
    assert "«Năm sinh»" in lines[2]


def test_an_excel_file_keeps_ids_and_phones_as_text(tree, commune_user, django_capture_on_commit_callbacks):
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Số điện thoại"])
    sheet.write_row(1, 0, ["Lò Văn Pọm", "05/03/1970", "Nam"])
    sheet.write_number(1, 3, 12070000123)  # a number cell: Excel dropped the leading zero
    sheet.write_number(1, 4, 912345678)
    book.close()
    client = client_for(commune_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("imports:list"),
            {"kind": "persons", "file": SimpleUploadedFile("ds.xlsx", buffer.getvalue())},
        )
    person = Person.objects.get()
    assert (person.national_id, person.phone) == ("012070000123", "0912345678")


def test_an_outsider_gets_404_for_another_districts_import(
    tree, commune_user, outsider, django_capture_on_commit_callbacks
):
    _upload(client_for(commune_user), csv_bytes("Họ và tên,Năm sinh,Giới tính", "Lò Văn Pọm,1970,Nam"),
            django_capture_on_commit_callbacks)  # fmt: skip
    batch = ImportBatch.objects.get()
    client = client_for(outsider)
    for name in ("imports:batch", "imports:results"):
        assert client.get(reverse(name, args=[batch.pk])).status_code == 404
    assert client.post(reverse("imports:mapping", args=[batch.pk]), {}).status_code == 404
    assert "Lò Văn Pọm" not in client.get(reverse("imports:list")).content.decode()


def test_a_dose_import_needs_the_right_to_record_doses(
    tree, commune_user, django_capture_on_commit_callbacks
):
    commune_user.role = "observer"
    commune_user.save()
    response = _upload(client_for(commune_user), b"x", django_capture_on_commit_callbacks, kind="doses")
    assert response.status_code in (403, 404)
    assert not ImportBatch.objects.exists()


def test_an_empty_or_unreadable_upload_is_refused_on_the_file_field(
    tree, commune_user, django_capture_on_commit_callbacks
):
    client = client_for(commune_user)
    for content, name in ((b"", "ds.csv"), (b"not a workbook", "ds.xlsx")):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("imports:list"), {"kind": "persons", "file": SimpleUploadedFile(name, content)}
            )
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_dose_batch_is_hidden_from_a_colleague_who_may_not_record_doses(
    tree, commune_user, django_capture_on_commit_callbacks
):
    content = csv_bytes(ODD_HEADERS, "Lò Văn Pọm,1970,Nam,")
    _upload(client_for(commune_user), content, django_capture_on_commit_callbacks, kind="doses")
    batch = ImportBatch.objects.get()
    team_member = UserFactory(
        username="todoi", role=Role.COMMUNITY_TEAM, organisation=commune_user.organisation
    )
    client = client_for(team_member)
    assert client.get(reverse("imports:batch", args=[batch.pk])).status_code == 404
    assert (
        client.post(reverse("imports:mapping", args=[batch.pk]), {"column-0": "full_name"}).status_code == 404
    )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.MAPPING


def test_rows_sent_to_review_list_their_candidates_in_one_query(
    tree, commune_user, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    for n in range(3):
        make_person(tree.commune, f"Sùng A Tủa {n}", birth_year=1988)
    rows = [f"Sùng A Tủa {n},12/04/1988,Nam" for n in range(3)]
    client = client_for(commune_user)
    _upload(client, csv_bytes("Họ và tên,Ngày sinh,Giới tính", *rows), django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    url = reverse("imports:batch", args=[batch.pk])
    client.get(url)  # warm the session and permission lookups
    with django_assert_max_num_queries(8):  # one query per review row would make it 10
        page = client.get(url).content.decode()
    assert all(f"Sùng A Tủa {n} (1988" in page for n in range(3))
