"""The support pages and API: jurisdiction (the outsider gets 404), the district sees its communes'
lists, refusals shown on the form, the finance export."""

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.people.tests.factories import make_person
from phaodai.quarantine.tests.factories import issue_f1, release
from phaodai.support.models import Beneficiary, Payment
from phaodai.support.tests.factories import add, approve, labour_user, make_list

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def entry(tree):
    person = make_person(tree.village, "Lò Văn Pọm", birth_year=1980, national_id="012080000123")
    release(issue_f1(person, start_date=D(2021, 11, 5)), released_on=D(2021, 11, 18))
    return add(make_list(tree.commune), person)


def test_the_district_sees_its_communes_lists(tree, entry):
    page = client_for(labour_user(tree.district, "ldhuyen")).get(reverse("support:lists")).content.decode()
    assert entry.beneficiary_list.title in page


def test_it_returns_404_outside_jurisdiction(tree, entry, outsider):
    client = client_for(outsider)
    blist = entry.beneficiary_list
    assert client.get(reverse("support:list", args=[blist.pk])).status_code == 404
    assert (
        client.post(reverse("support:entry_add", args=[blist.pk]), {"person": "012080000123"}).status_code
        == 404
    )
    assert blist.title not in client.get(reverse("support:lists")).content.decode()
    assert client.get(f"/api/support-lists/{blist.pk}/").status_code == 404
    assert client.get("/api/support-lists/").json()["count"] == 0


def test_the_commune_adds_by_hand_and_sees_the_refusal_on_the_field(tree, commune_user, entry):
    client = client_for(commune_user)
    blist = entry.beneficiary_list
    other = make_person(tree.village, "Vàng Thị Dợ", birth_year=1999, national_id="012199000111")
    response = client.post(reverse("support:entry_add", args=[blist.pk]), {"person": other.national_id})
    assert response.status_code == 200
    assert "không thuộc đối tượng" in response.content.decode()
    assert Beneficiary.objects.count() == 1


def test_the_commune_submits_but_cannot_approve(tree, commune_user, entry):
    client = client_for(commune_user)
    url = reverse("support:list_transition", args=[entry.beneficiary_list_id])
    assert client.post(url, {"to_status": "submitted"}).status_code == 302
    response = client.post(url, {"to_status": "district_approved"})
    assert "không có quyền" in response.content.decode()


def test_payment_page_refuses_above_the_approved_amount_and_the_export_lists_payments(tree, entry):
    approve(entry.beneficiary_list, tree)
    client = client_for(labour_user(tree.province, "ldtinh"))
    url = reverse("support:payment_add", args=[entry.pk])
    form = {
        "amount": 2_000_000,
        "paid_on": "20/11/2021",
        "method": "cash",
        "receiver_name": "Lò Văn Pọm",
        "signed": "on",
    }
    response = client.post(url, form)
    assert "vượt số còn lại được duyệt" in response.content.decode()
    assert not Payment.objects.exists()
    assert client.post(url, {**form, "amount": 1_120_000}).status_code == 302
    response = client.get(reverse("support:payments_export"))
    export = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "Lò Văn Pọm" in export
    assert '"012080000123"' in export
    workbook = client.get(reverse("support:payments_export") + "?dinh-dang=xlsx")
    with zipfile.ZipFile(io.BytesIO(b"".join(workbook.streaming_content))) as book:  # type: ignore[attr-defined]
        cells = (
            book.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in book.namelist() else ""
        )
        cells += book.read("xl/worksheets/sheet1.xml").decode()
    assert "Lò Văn Pọm" in cells
    assert "012080000123" in cells  # the CCCD stays text, its leading zero kept
    totals = client.get(reverse("support:totals")).content.decode()
    assert "1.120.000 đ" in totals


def test_the_api_records_a_payment_and_refuses_an_overpayment(tree, entry):
    approve(entry.beneficiary_list, tree)
    client = client_for(labour_user(tree.province, "ldtinh"))
    body = {
        "entry": entry.pk,
        "amount": 9_000_000,
        "paid_on": "2021-11-20",
        "method": "transfer",
        "receiver_name": "Lò Văn Pọm",
        "transfer_reference": "FT1",
    }
    refused = client.post("/api/support-payments/", body, content_type="application/json")
    assert refused.status_code == 400
    assert "amount" in refused.json()["errors"]
    body["amount"] = 1_000_000
    assert client.post("/api/support-payments/", body, content_type="application/json").status_code == 201


def test_pages_render_for_the_commune(tree, commune_user, entry):
    client = client_for(commune_user)
    for name in (
        "support:lists",
        "support:programmes",
        "support:omissions",
        "support:conflicts",
        "support:totals",
        "support:fund",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    assert "cần đối chiếu văn bản gốc" in client.get(reverse("support:programmes")).content.decode()


def test_an_uploaded_file_with_a_bad_row_saves_nothing_and_names_the_row(tree, commune_user, entry):
    from django.core.files.uploadedfile import SimpleUploadedFile

    other = make_person(tree.village, "Lò Thị Lan", birth_year=1992, national_id="012192000222")
    issue_f1(other, start_date=D(2021, 11, 10))
    content = "Họ và tên,Số CCCD,Số ngày\nLò Thị Lan,012192000222,5\nVàng A Páo,,abc\n".encode("utf-8-sig")
    upload = SimpleUploadedFile("danh-sach.csv", content, content_type="text/csv")
    client = client_for(commune_user)
    response = client.post(
        reverse("support:entries_import", args=[entry.beneficiary_list_id]), {"file": upload}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dòng 3: Số ngày phải là số nguyên." in page
    assert Beneficiary.objects.count() == 1
