"""Exporting the F0 line list: columns and values, masking per role, filters, scope, audit, refusals."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.cases.tests.factories import register
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.exports.tests.conftest import body, csv_rows, xlsx_rows
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

URL = reverse("exports:export", args=["ca-benh"])
ID, PHONE = "001089012345", "0912345678"


@pytest.fixture
def cases(tree):
    pom = make_person(tree.village, "Lò Văn Pọm", national_id=ID, phone=PHONE, address='=HYPERLINK("x")')
    old = make_person(tree.neighbour_commune, "Giàng Thị Dợ", birth_year=1950, sex="F")
    elsewhere = make_person(tree.other_commune, "Vàng A Sử")
    return {
        "pom": register(pom, report_date=dt.date(2021, 11, 18)),
        "old": register(old, report_date=dt.date(2021, 11, 10)),
        "elsewhere": register(elsewhere),
    }


def _export(user, **data):
    return client_for(user).post(URL, {"dinh-dang": "csv", **data})


def test_the_csv_has_vietnamese_titles_and_the_cases_newest_report_first(district_user, cases):
    header, *rows = csv_rows(_export(district_user))
    assert header[:8] == ["Mã ca bệnh", "Họ và tên", "Năm sinh", "Giới tính", "Số CCCD/CMND", "Số điện thoại",
                          "Địa chỉ", "Xã/phường"]  # fmt: skip
    assert [row[1] for row in rows] == ["Lò Văn Pọm", "Giàng Thị Dợ"]
    pom = dict(zip(header, rows[0], strict=True))
    assert pom["Số CCCD/CMND"] == ID
    assert pom["Số điện thoại"] == PHONE
    assert pom["Trạng thái"] == "Đang điều trị"
    assert pom["Ngày báo cáo"] == "18/11/2021"
    assert pom["Địa chỉ"] == '\'=HYPERLINK("x")', "a formula typed into an address is defused"


def test_the_steering_committee_gets_the_numbers_masked(steering, cases):
    header, *rows = csv_rows(_export(steering))
    pom = next(dict(zip(header, row, strict=True)) for row in rows if row[1] == "Lò Văn Pọm")
    assert pom["Số CCCD/CMND"] == "0010******45"
    assert pom["Số điện thoại"] == "0912***678"
    assert len(rows) == 3, "the whole province"


def test_the_excel_file_reads_back_with_ids_as_text(district_user, cases):
    response = client_for(district_user).post(URL, {"dinh-dang": "xlsx"})
    assert response["Content-Disposition"].startswith('attachment; filename="ca-benh-20211120.xlsx"')
    header, first, *_rest = xlsx_rows(body(response))
    pom = dict(zip(header, first, strict=True))
    assert pom["Số CCCD/CMND"] == ID, "the leading zeros stay: the cell is text"
    assert pom["Số điện thoại"] == PHONE


def test_unit_dates_and_status_narrow_the_list(district_user, tree, cases):
    by_unit = csv_rows(_export(district_user, **{"don-vi": tree.neighbour_commune.pk}))
    assert [row[1] for row in by_unit[1:]] == ["Giàng Thị Dợ"]
    by_day = csv_rows(_export(district_user, **{"tu-ngay": "15/11/2021", "den-ngay": "2021-11-20"}))
    assert [row[1] for row in by_day[1:]] == ["Lò Văn Pọm"]
    recovered = csv_rows(_export(district_user, **{"trang-thai": "recovered"}))
    assert recovered[1:] == []


def test_one_audit_event_records_the_rows_and_the_filters(district_user, tree, cases):
    _export(district_user, **{"tu-ngay": "01/11/2021"})
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.entity == "cases.case"
    assert event.row_count == 2
    assert event.actor == district_user
    assert event.changes["filters"]["tu-ngay"] == "2021-11-01"
    assert event.changes["masked"] is False
    assert event.unit_path == tree.district.path


def test_a_bad_date_is_refused_with_a_message_naming_the_field(district_user, cases):
    response = _export(district_user, **{"tu-ngay": "31/02/2021"})
    assert response.status_code == 400
    assert "Từ ngày: “31/02/2021” không phải là ngày" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_dates_in_the_wrong_order_are_refused(district_user, cases):
    response = _export(district_user, **{"tu-ngay": "20/11/2021", "den-ngay": "01/11/2021"})
    assert "Đến ngày: phải sau hoặc bằng từ ngày (20/11/2021)." in response.content.decode()


def test_an_unknown_filter_value_is_refused_by_name(district_user, cases):
    response = _export(district_user, **{"noi": "mars"})
    assert response.status_code == 400
    assert "Nơi điều trị: giá trị “mars” không có trong danh sách." in response.content.decode()


def test_too_many_rows_for_excel_is_refused_with_the_way_out(district_user, cases, monkeypatch):
    monkeypatch.setattr("phaodai.exports.services.XLSX_MAX_ROWS", 1)
    response = client_for(district_user).post(URL, {"dinh-dang": "xlsx"})
    assert response.status_code == 400
    assert "Hãy chọn CSV" in response.content.decode()


def test_it_returns_404_outside_jurisdiction(outsider, tree, cases):
    assert _export(outsider, **{"don-vi": tree.commune.pk}).status_code == 404


def test_the_outsider_exports_only_their_own_cases(outsider, cases):
    _header, *rows = csv_rows(_export(outsider))
    assert [row[1] for row in rows] == ["Vàng A Sử"]


def test_the_outsider_gets_only_the_header_when_nothing_is_theirs(outsider, cases):
    assert csv_rows(_export(outsider, **{"trang-thai": "recovered"}))[1:] == []


def test_a_user_without_an_organisation_may_export_nothing(homeless_user, cases):
    assert client_for(homeless_user).get(reverse("exports:index")).status_code == 403
    assert _export(homeless_user).status_code == 403


def test_the_form_is_prefilled_from_the_list_page_filters(district_user, tree):
    response = client_for(district_user).get(URL, {"trang-thai": "recovered", "don-vi": tree.commune.pk})
    page = response.content.decode()
    assert '<option value="recovered" selected>' in page
    assert f'<option value="{tree.commune.pk}" selected>' in page


def test_the_case_list_page_links_to_its_export_with_its_filters(district_user):
    page = client_for(district_user).get(reverse("cases:list"), {"trang-thai": "recovered"}).content.decode()
    assert f"{URL}?trang-thai=recovered&amp;noi=" in page


def test_the_export_reads_all_rows_in_a_fixed_number_of_queries(
    district_user, tree, cases, django_assert_max_num_queries
):
    for index in range(5):
        register(make_person(tree.commune, f"Lò Văn Thêm {index}"))
    client = client_for(district_user)
    with django_assert_max_num_queries(12):
        assert len(csv_rows(client.post(URL, {"dinh-dang": "csv"}))) == 1 + 7
