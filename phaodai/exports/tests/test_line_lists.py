"""Each line list exports what its page shows: contacts, quarantine orders, doses, the sweep list, test
results and persons, each with its own columns and filters."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.cases.tests.factories import register
from phaodai.contacts.tests.factories import expose
from phaodai.diagnostics.reference import Outcome
from phaodai.diagnostics.tests.factories import make_lab, record, take
from phaodai.exports.registry import LINE_LISTS
from phaodai.exports.tests.conftest import csv_rows
from phaodai.people.tests.factories import make_person
from phaodai.quarantine.tests.factories import issue_f1
from phaodai.vaccination.tests.factories import give, vaccine_lot

pytestmark = pytest.mark.django_db

ID, PHONE = "001089012345", "0912345678"


def _export(user, key, **data):
    return client_for(user).post(reverse("exports:export", args=[key]), {"dinh-dang": "csv", **data})


def _named(rows, name):
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body if name in row]


@pytest.fixture
def pom(tree):
    return make_person(tree.village, "Lò Văn Pọm", national_id=ID, phone=PHONE, birth_year=1950)


def test_contacts_name_the_index_case_only_inside_the_jurisdiction(commune_user, tree, pom):
    source = make_person(tree.other_commune, "Vàng A Nguồn")
    register(source)
    expose(source, pom)
    (row,) = _named(csv_rows(_export(commune_user, "tiep-xuc")), "Lò Văn Pọm")
    assert row["Mức"] == "F1"
    assert row["Ca bệnh nguồn"] == "(ngoài địa bàn)"
    assert row["Số CCCD/CMND"] == ID


def test_quarantine_orders_keep_the_page_default_of_active_orders(commune_user, tree, pom):
    issue_f1(pom, number="15/QĐ-UBND")
    (row,) = _named(csv_rows(_export(commune_user, "cach-ly")), "Lò Văn Pọm")
    assert row["Số quyết định"] == "15/QĐ-UBND"
    assert row["Trạng thái"] == "Đang cách ly"
    assert row["Từ ngày"] == "20/11/2021"
    assert _export(commune_user, "cach-ly", **{"trang-thai": "released"}).status_code == 200
    assert csv_rows(_export(commune_user, "cach-ly", **{"trang-thai": "released"}))[1:] == []


def test_doses_are_listed_with_their_lot_and_cut_by_the_day_given(commune_user, tree, pom):
    lot = vaccine_lot(tree.commune, "VC", number="VC-2107")
    give(pom, lot, dt.date(2021, 9, 1))
    give(pom, lot, dt.date(2021, 9, 25))
    rows = _named(csv_rows(_export(commune_user, "mui-tiem", **{"tu-ngay": "20/09/2021"})), "Lò Văn Pọm")
    assert [(row["Mũi số"], row["Số lô"], row["Ngày tiêm"]) for row in rows] == [
        ("2", "VC-2107", "25/09/2021")
    ]


def test_the_sweep_list_needs_a_commune_and_lists_who_to_visit(commune_user, tree, pom):
    refused = _export(commune_user, "ra-soat-tiem")
    assert refused.status_code == 400
    assert "Đơn vị: hãy chọn một xã/phường" in refused.content.decode()
    (row,) = _named(
        csv_rows(_export(commune_user, "ra-soat-tiem", **{"don-vi": tree.commune.pk})), "Lò Văn Pọm"
    )
    assert row["Ưu tiên"] == "1"
    assert row["Tình trạng"] == "chưa tiêm mũi nào"


def test_the_sweep_list_of_a_commune_out_of_scope_does_not_exist(outsider, tree, pom):
    assert _export(outsider, "ra-soat-tiem", **{"don-vi": tree.commune.pk}).status_code == 404


def test_test_results_filter_by_outcome(commune_user, tree, pom):
    record(take(pom, lab=make_lab(tree.province)), Outcome.NEGATIVE)
    (row,) = _named(csv_rows(_export(commune_user, "ket-qua-xet-nghiem")), "Lò Văn Pọm")
    assert row["Kết quả"] == "Âm tính"
    assert row["Loại mẫu"] == "RT-PCR mẫu đơn"
    assert csv_rows(_export(commune_user, "ket-qua-xet-nghiem", **{"ket-qua": "positive"}))[1:] == []


def test_persons_export_needs_the_registry_export_permission(commune_user, steering, tree, pom):
    (row,) = _named(csv_rows(_export(commune_user, "nguoi-dan")), "Lò Văn Pọm")
    assert row["Số CCCD/CMND"] == ID
    assert (row["Xã/phường"], row["Thôn/bản"]) == (tree.commune.name, "Bản Tả Phìn")
    (masked,) = _named(csv_rows(_export(steering, "nguoi-dan")), "Lò Văn Pọm")
    assert masked["Số điện thoại"] == "0912***678"


@pytest.mark.parametrize("line_list", LINE_LISTS, ids=lambda line_list: line_list.key)
def test_every_list_has_titled_columns_reading_existing_fields(district_user, tree, line_list):
    data = {"don-vi": tree.commune.pk} if line_list.commune_required else {}
    header, *rows = csv_rows(_export(district_user, line_list.key, **data))
    assert rows == []
    assert all(title.strip() for title in header)
