import datetime as dt
import unicodedata

import pytest

from phaodai.core.cellvalues import CellError, Day, clean_text, header_key, parse_day, text_id

TODAY = dt.date(2025, 6, 15)


def _day(value):
    return parse_day(value, today=TODAY)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05/11/2021", dt.date(2021, 11, 5)),
        ("5/11/2021", dt.date(2021, 11, 5)),
        ("05/1/2021", dt.date(2021, 1, 5)),
        ("5/1/21", dt.date(2021, 1, 5)),
        ("05/11/21", dt.date(2021, 11, 5)),
        ("05-11-2021", dt.date(2021, 11, 5)),
        ("05.11.2021", dt.date(2021, 11, 5)),
        ("2021-11-05", dt.date(2021, 11, 5)),
        ("2021-11-05 00:00:00", dt.date(2021, 11, 5)),
        ("2021-11-05T08:30", dt.date(2021, 11, 5)),
        ("05/11/2021 08:30", dt.date(2021, 11, 5)),
        ("  05/11/2021 ", dt.date(2021, 11, 5)),
        ("29/02/2024", dt.date(2024, 2, 29)),
        ("12/01/2021", dt.date(2021, 1, 12)),  # day first, always
    ],
)
def test_it_reads_the_ways_people_write_a_day(value, expected):
    assert _day(value) == Day(expected.year, expected)


def test_a_bare_year_gives_the_year_without_a_date():
    assert _day("1985") == Day(1985, None)
    assert _day(1985) == Day(1985, None)
    assert _day(1985.0) == Day(1985, None)


def test_two_digit_years_up_to_this_year_are_in_this_century_and_later_ones_in_the_last():
    assert _day("01/01/25").year == 2025
    assert _day("01/01/00").year == 2000
    assert _day("01/01/26").year == 1926
    assert _day("01/01/99").year == 1999
    assert parse_day("01/01/26", today=dt.date(2026, 1, 1)).year == 2026


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, dt.date(1900, 1, 1)),
        (59, dt.date(1900, 2, 28)),
        (61, dt.date(1900, 3, 1)),
        (44505, dt.date(2021, 11, 5)),
        (44505.75, dt.date(2021, 11, 5)),  # a time of day is dropped
        (45658, dt.date(2025, 1, 1)),
    ],
)
def test_excel_serial_numbers_are_days_of_the_1900_date_system(serial, expected):
    assert _day(serial) == Day(expected.year, expected)


def test_excel_serial_60_is_the_29_february_1900_that_never_was():
    with pytest.raises(CellError):
        _day(60)


@pytest.mark.parametrize("value", [dt.date(2021, 11, 5), dt.datetime(2021, 11, 5, 14, 30)])
def test_dates_from_the_excel_reader_pass_through(value):
    assert _day(value) == Day(2021, dt.date(2021, 11, 5))


def test_future_days_are_left_to_the_caller():
    assert _day("01/01/2030") == Day(2030, dt.date(2030, 1, 1))


@pytest.mark.parametrize(
    "value",
    [
        "13/25/2021",  # month first: not Vietnamese
        "31/02/2021",
        "00/01/2021",
        "05/11",
        "2021/11/05",
        "5 tháng 11 năm 2021",
        "05/11/2021abc",
        "05/11-2021",
        "0000",
        "abcd",
        "",
        None,
        True,
        0,
        -5,
        float("nan"),
        float("inf"),
        10**9,
        [],
    ],
)
def test_anything_else_is_a_cell_error_saying_what_was_expected(value):
    with pytest.raises(CellError) as raised:
        _day(value)
    assert "05/11/2021" in str(raised.value)


def test_an_impossible_day_is_named_in_the_message():
    with pytest.raises(CellError, match="13/25/2021"):
        _day("13/25/2021")


def test_a_cell_error_is_a_value_error():
    assert issubclass(CellError, ValueError)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.0e11, "100000000000"),
        (12345678901.0, "012345678901"),  # a CCCD that lost its 0
        (12345678901, "012345678901"),
        (12345678, "012345678"),  # an old CMND that lost its 0
        (34567890123, "034567890123"),
        ("12345678901", "012345678901"),  # the same through a CSV saved from Excel
        ("12345678901.0", "012345678901"),
        (84123456789, "084123456789"),  # a Trà Vinh CCCD (province 084)
        (912345678, "912345678"),  # phone without its 0: people.identity.normalise_phone restores it
        (123456789, "123456789"),  # a 9-digit CMND is left alone
        (84912345678, "84912345678"),  # a phone with the country code, not a CCCD
        ("0912 345 678", "0912 345 678"),
        ("'0912345678", "0912345678"),
        ("001085012345", "001085012345"),
        (" 001085012345 ", "001085012345"),
        (None, ""),
        ("", ""),
        (12.5, "12.5"),
        ("AB123", "AB123"),
    ],
)
def test_text_id_restores_what_a_number_cell_lost(value, expected):
    assert text_id(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("  Nguyễn   Thị\tHằng  ", "Nguyễn Thị Hằng"),
        (unicodedata.normalize("NFD", "Đặng Văn Ước"), "Đặng Văn Ước"),
        (12.0, "12"),
        (12.5, "12.5"),
        (7, "7"),
        (dt.date(2021, 11, 5), "05/11/2021"),
        (dt.datetime(2021, 11, 5), "05/11/2021"),
        (dt.datetime(2021, 11, 5, 8, 30), "05/11/2021 08:30"),
        ("", ""),
    ],
)
def test_clean_text_gives_nfc_text_with_spaces_collapsed(value, expected):
    result = clean_text(value)
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Họ và tên", "ho va ten"),
        ("HO VA TEN", "ho va ten"),
        ("ho_va_ten", "ho va ten"),
        (" Họ  tên ", "ho ten"),
        ("Họ và tên (*):", "ho va ten"),
        ("* Số CCCD/CMND", "so cccd cmnd"),
        ("Ngày sinh\n(dd/mm/yyyy)", "ngay sinh dd mm yyyy"),
        ("ĐỊA CHỈ", "dia chi"),
        ("Số ĐT", "so dt"),
        ("Mũi số", "mui so"),
        ("", ""),
    ],
)
def test_header_key_folds_titles_for_matching(title, key):
    assert header_key(title) == key
