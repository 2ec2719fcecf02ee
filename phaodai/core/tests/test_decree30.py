import dataclasses
import datetime
import io
import unicodedata

import pytest
from pypdf import PdfReader

from phaodai.core.decree30 import AdministrativeDocument, date_line, number_line, render_pdf


def _nfd(text):
    return unicodedata.normalize("NFD", text)


def _document(**changes):
    document = AdministrativeDocument(
        issuer_parent="UBND huyện Phong Thổ",
        issuer="Trạm Y tế xã Dào San",
        number="12",
        symbol="QĐ-TYT",
        place="Dào San",
        date=datetime.date(2021, 11, 20),
        title="Quyết định",
        subject="Về việc hoàn thành thời gian cách ly y tế",
        body=[
            "TRẠM TRƯỞNG TRẠM Y TẾ XÃ DÀO SAN",
            "QUYẾT ĐỊNH:",
            # Decomposed on purpose: the renderer must compose marks before laying text out.
            _nfd("Điều 1. Quyết định hoàn thành cách ly y tế tập trung đối với bà Nguyễn Thị Ngọc Ánh."),
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        ],
        signer_title="Trạm trưởng",
        signer_name=_nfd("Đặng Văn Hưởng"),
        recipients=["Như Điều 2", "Lưu: VT"],
    )
    return dataclasses.replace(document, **changes)


def _pages(pdf):
    """Text of each page, NFC and with runs of whitespace (justification, wrapping) collapsed."""
    reader = PdfReader(io.BytesIO(pdf))
    texts = (unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages)
    return [" ".join(text.split()) for text in texts]


@pytest.fixture(scope="module")
def rendered():
    return render_pdf(_document())


def test_output_is_a_pdf_with_the_font_embedded(rendered):
    assert rendered.startswith(b"%PDF")
    assert b"/FontFile2" in rendered


def test_header_shows_issuer_national_name_motto_number_and_date(rendered):
    text = _pages(rendered)[0]
    for expected in (
        "UBND HUYỆN PHONG THỔ",
        "TRẠM Y TẾ XÃ DÀO SAN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/QĐ-TYT",
        "Dào San, ngày 20 tháng 11 năm 2021",
    ):
        assert expected in text


def test_title_subject_and_body_keep_their_diacritics(rendered):
    text = _pages(rendered)[0]
    assert "QUYẾT ĐỊNH Về việc hoàn thành thời gian cách ly y tế" in text
    assert "Quyết định hoàn thành cách ly y tế tập trung" in text
    assert "Nguyễn Thị Ngọc Ánh" in text


def test_signature_block_shows_authority_title_and_name():
    text = _pages(render_pdf(_document(signer_authority="KT. Chủ tịch", signer_title="Phó Chủ tịch")))[0]
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text
    assert text.endswith("Đặng Văn Hưởng")


def test_recipients_end_with_semicolons_and_the_last_with_a_full_stop(rendered):
    assert "Nơi nhận: - Như Điều 2; - Lưu: VT." in _pages(rendered)[0]


def test_date_line_pads_days_below_ten_and_january_and_february():
    assert date_line(_document(date=datetime.date(2021, 1, 5))) == "Dào San, ngày 05 tháng 01 năm 2021"
    assert date_line(_document(date=datetime.date(2022, 2, 9))) == "Dào San, ngày 09 tháng 02 năm 2022"


def test_date_line_leaves_later_months_and_two_digit_days_unpadded():
    assert date_line(_document(date=datetime.date(2021, 3, 10))) == "Dào San, ngày 10 tháng 3 năm 2021"


def test_missing_date_leaves_day_month_and_year_blank_for_handwriting():
    document = _document(date=None)
    assert date_line(document) == "Dào San, ngày     tháng     năm 20.."
    assert "Dào San, ngày tháng năm 20.." in _pages(render_pdf(document))[0]


def test_number_line_joins_number_and_symbol():
    assert number_line(_document()) == "Số: 12/QĐ-TYT"


def test_blank_number_leaves_room_before_the_symbol():
    document = _document(number="")
    assert number_line(document).startswith("Số: ")
    assert number_line(document).endswith("  /QĐ-TYT")
    assert "Số: /QĐ-TYT" in _pages(render_pdf(document))[0]


def test_long_body_flows_onto_a_second_page_numbered_at_the_top():
    body = [f"Đoạn thứ {index}: nội dung dài để văn bản sang trang sau." for index in range(60)]
    pages = _pages(render_pdf(_document(body=body)))
    assert len(pages) > 1
    assert pages[1].startswith("2 ")
    assert "Đặng Văn Hưởng" in pages[-1]
