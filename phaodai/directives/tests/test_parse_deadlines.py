"""Deadlines in the forms Vietnamese directives write them; dates that are not deadlines stay out."""

import datetime as dt

import pytest

from phaodai.directives.parsing.dates import deadlines

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "báo cáo kết quả chậm nhất ngày 30/11/2021.",
            ("by_date", None, D(2021, 11, 30), "chậm nhất ngày 30/11/2021"),
        ),
        ("hoàn thành trước ngày 18/8/2021;", ("by_date", None, D(2021, 8, 18), "trước ngày 18/8/2021")),
        (
            "gửi về Sở Y tế chậm nhất ngày 31 tháng 12 năm 2021.",
            ("by_date", None, D(2021, 12, 31), "chậm nhất ngày 31 tháng 12 năm 2021"),
        ),
        (
            "tổ chức tiêm trong tháng 01 năm 2022.",
            ("in_period", D(2022, 1, 1), D(2022, 1, 31), "trong tháng 01 năm 2022"),
        ),
        (
            "hoàn thành trong Quý I năm 2022.",
            ("in_period", D(2022, 1, 1), D(2022, 3, 31), "trong Quý I năm 2022"),
        ),
        ("trong quý 4/2021", ("in_period", D(2021, 10, 1), D(2021, 12, 31), "trong quý 4/2021")),
        ("Từ ngày 16/11/2021, thống nhất", ("from_date", D(2021, 11, 16), None, "Từ ngày 16/11/2021")),
        (
            "áp dụng từ ngày 16/11/2021 đến ngày 30/11/2021.",
            ("in_period", D(2021, 11, 16), D(2021, 11, 30), "từ ngày 16/11/2021 đến ngày 30/11/2021"),
        ),
        ("trước 17h00 ngày 20/11/2021", ("by_date", None, D(2021, 11, 20), "trước 17h00 ngày 20/11/2021")),
        ("Thời gian thực hiện: thường xuyên.", ("ongoing", None, None, "thường xuyên")),
        ("Thời gian: Thường xuyên", ("ongoing", None, None, "Thường xuyên")),
        ("chậm nhất ngày 05/12 báo cáo", ("by_date", None, D(2021, 12, 5), "chậm nhất ngày 05/12")),
        (
            "chậm nhất đến ngày ngay 30/11/21",
            ("by_date", None, D(2021, 11, 30), "chậm nhất đến ngày ngay 30/11/21"),
        ),
    ],
)
def test_it_reads_the_deadline(text, expected):
    (deadline,) = deadlines(text, year=2021)
    assert (deadline.type, deadline.start, deadline.end, deadline.text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "triển khai Nghị quyết số 105/NQ-CP ngày 09/9/2021 của Chính phủ",
        "tại hội nghị ngày 15/11/2021",
        "Ngày 22/9/2021, đồng chí Chủ tịch chủ trì cuộc họp",
        "Chỉ đạo thường xuyên liên hệ, trao đổi với các đoàn công tác",
        "chịu trách nhiệm trước Tỉnh về kết quả",
        "theo Công văn số 3525/UBND-VX từ ngày 29/10/2021",
    ],
)
def test_a_date_without_a_deadline_phrase_is_not_a_deadline(text):
    assert deadlines(text, year=2021) == []


def test_a_task_with_several_dated_sub_items_has_several_deadlines():
    text = (
        "Sở Y tế xây dựng kế hoạch, trình UBND tỉnh trước ngày 25/11/2021; "
        "tổ chức tiêm mũi 3 trong tháng 01 năm 2022; báo cáo kết quả chậm nhất ngày 31/01/2022."
    )
    found = deadlines(text, year=2021)
    assert [(d.type, d.start, d.end) for d in found] == [
        ("by_date", None, D(2021, 11, 25)),
        ("in_period", D(2022, 1, 1), D(2022, 1, 31)),
        ("by_date", None, D(2022, 1, 31)),
    ]


def test_a_date_without_a_year_stays_open_when_the_document_has_none():
    (deadline,) = deadlines("chậm nhất ngày 30/11", year=None)
    assert (deadline.type, deadline.end, deadline.text) == ("by_date", None, "chậm nhất ngày 30/11")
