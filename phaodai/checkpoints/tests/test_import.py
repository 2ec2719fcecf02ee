"""A list of arrivals from another province (.xlsx or .csv, Vietnamese headers): whole or nothing, each
bad row named; rows from zones become follow-ups for their communes."""

import datetime as dt

import pytest

from phaodai.checkpoints.importers import arrivals_import
from phaodai.checkpoints.models import ArrivalImport, FollowUp
from phaodai.checkpoints.services import zone_create
from phaodai.checkpoints.tests.factories import xlsx
from phaodai.core.errors import DomainError
from phaodai.core.scoping import Jurisdiction

pytestmark = pytest.mark.django_db
HEADER = ["Họ và tên", "Số CCCD/CMND", "Số điện thoại", "Nơi đi (mã đơn vị)", "Nơi đến (mã xã)", "Ngày đến"]


def _import(tree, name, content):
    return arrivals_import(
        actor=None,
        jurisdiction=Jurisdiction.of([tree.district.path]),
        unit=tree.district,
        file_name=name,
        content=content,
        source="Sở Y tế Hà Nội",
    )


def test_an_xlsx_list_creates_follow_ups_for_arrivals_from_zones(tree, places):
    rows = [
        HEADER,
        ["Lò Văn Pọm", "012345678901", "912345678", "00001", "03412", "19/11/2021"],
        ["Giàng Thị Súa", "", "", "11", "03415", "18/11/2021"],
    ]
    report = _import(tree, "danh-sach.xlsx", xlsx(rows))
    assert (report.follow_ups, report.outside_zones) == (1, 1)
    item = FollowUp.objects.get()
    assert (item.full_name, item.phone, item.unit, item.arrived_on) == (
        "Lò Văn Pọm",
        "0912345678",
        tree.commune,
        dt.date(2021, 11, 19),
    )
    assert item.source == report.batch


def test_a_csv_with_bad_rows_is_refused_whole_naming_each_row(tree, places):
    content = "\n".join(
        [
            ",".join(HEADER),
            "Lò Văn Pọm,012345678901,,00001,03412,19/11/2021",
            "Vàng A Sử,12345678901,,00001,03412,19/11/2021",
            "Lý Thị Mẩy,,,99999,03412,19/11/2021",
            "Tẩn Láo Lở,,,00001,03460,19/11/2021",
            "Hờ A Chá,,,00001,03412,25/12/2021",
        ]
    ).encode()
    with pytest.raises(DomainError) as refused:
        _import(tree, "ds.csv", content)
    errors = refused.value.errors["file"]
    assert errors[0].startswith("Dòng 3:")
    assert "Excel đã bỏ số 0 đầu" in errors[0]
    assert errors[1].startswith("Dòng 4:")
    assert "không có đơn vị mã «99999»" in errors[1]
    assert errors[2].startswith("Dòng 5:")
    assert "không thuộc địa bàn bạn quản lý" in errors[2]
    assert errors[3].startswith("Dòng 6:")
    assert "ở tương lai" in errors[3]
    assert (ArrivalImport.objects.count(), FollowUp.objects.count()) == (0, 0)


def test_a_file_without_the_needed_columns_or_of_another_kind_is_refused(tree):
    with pytest.raises(DomainError, match="Tệp thiếu cột: Nơi đi"):
        _import(tree, "ds.csv", "Họ và tên,Nơi đến (mã xã),Ngày đến\nA,03412,19/11/2021\n".encode())
    with pytest.raises(DomainError, match=r"Chỉ nhận tệp \.xlsx hoặc \.csv"):
        _import(tree, "ds.pdf", b"%PDF")
    with pytest.raises(DomainError, match="Không đọc được tệp Excel"):
        _import(tree, "ds.xlsx", b"PK not really")


def test_a_name_longer_than_the_record_holds_is_refused_naming_the_row(tree, places):
    rows = [HEADER, ["Lò Văn " * 30, "012345678901", "", "00001", "03412", "19/11/2021"]]
    with pytest.raises(DomainError) as refused:
        _import(tree, "danh-sach.xlsx", xlsx(rows))
    assert refused.value.errors["file"][0].startswith("Dòng 2:")
    assert not FollowUp.objects.exists()


def test_an_arrival_before_any_follow_up_rule_is_refused_naming_the_row(tree, places):
    zone_create(
        actor=None,
        unit=places.hanoi,
        level=4,
        valid_from=dt.date(2021, 9, 1),
        valid_to=None,
        reason="Thông báo",
    )
    rows = [
        HEADER,
        ["Lò Văn Pọm", "012345678901", "", "00001", "03412", "19/11/2021"],
        ["Giàng Thị Súa", "", "", "00001", "03412", "05/10/2021"],
    ]
    with pytest.raises(DomainError) as refused:
        _import(tree, "danh-sach.xlsx", xlsx(rows))
    message = refused.value.errors["file"][0]
    assert message.startswith("Dòng 3:")
    assert "05/10/2021" in message
    assert not ArrivalImport.objects.exists()
    assert not FollowUp.objects.exists()
