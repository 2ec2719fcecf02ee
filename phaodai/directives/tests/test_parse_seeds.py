"""The parser on the real steering-committee documents: every task, lead unit and deadline checked."""

import datetime as dt
from pathlib import Path

import pytest

from phaodai.directives.parsing import parse

SEEDS = Path(__file__).with_name("seeds")


def seed(name: str):
    return parse((SEEDS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def notice():
    """Thông báo kết luận of the Lai Châu chairman (no number, day left blank)."""
    return seed("tb_ubnd_lai_chau_2021_09.txt")


@pytest.fixture(scope="module")
def letter():
    """Công văn of the Lai Châu health department to CDC, hospitals and district health centres."""
    return seed("cv_syt_lai_chau_2021_11.txt")


@pytest.fixture(scope="module")
def ocr():
    """An OCR'd notice: header at the end, Markdown stars, illegible lines, a sentence broken by a page."""
    return seed("tb_tinh_uy_ocr_2021_11.txt")


def test_the_notice_header_keeps_the_blank_number_and_day(notice):
    assert notice.number is None
    assert notice.symbol == "TB-UBND"
    assert notice.date is None
    assert notice.date_text == "Lai Châu, ngày tháng 9 năm 2021"
    assert notice.place == "Lai Châu"
    assert notice.kind == "thong_bao"
    assert notice.issuer == "Ủy ban nhân dân"  # read from the symbol: the header block is not in the text
    assert notice.subject.startswith("Kết luận của đồng chí Trần Tiến Dũng")
    assert notice.subject.endswith("tại cuộc họp trực tuyến về công tác phòng, chống dịch Covid-19")
    assert notice.signer == "Nguyễn Thị Hồng Tuyền"


def test_the_notice_recipients_lose_their_notes_and_the_filing_line(notice):
    assert notice.recipients == [
        "TT: Tỉnh ủy",
        "UBND tỉnh: U",
        "Các sở, ban, ngành, đoàn thể tỉnh",
        "Thành viên BCD tỉnh",
        "UBND các huyện, thành phố",
        "VPUBND tỉnh: V, C, CB, HC",
    ]


def test_the_notice_has_its_eight_tasks_with_their_leads(notice):
    assert [task.ref for task in notice.tasks] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    leads = [task.lead_units for task in notice.tasks]
    assert leads[0] == []  # "các cấp, các ngành": nobody in particular
    assert leads[1] == ["Sở Y tế", "CDC"]  # not "Bộ Y tế", whose guidance is cited
    assert leads[2] == ["Các địa phương"]
    assert leads[3] == ["Sở Y tế"]
    assert leads[4] == ["Sở Giao thông vận tải"]
    assert leads[5] == ["Sở Kế hoạch và Đầu tư", "Sở Lao động, Thương binh và Xã hội"]
    assert leads[6] == ["Ban Chỉ đạo phòng, chống dịch Covid-19 cấp huyện, cấp xã"]
    assert leads[7] == ["các sở, ban, ngành, đoàn thể tỉnh", "các địa phương"]
    assert notice.tasks[5].coordinating_units == ["các sở, ngành, địa phương liên quan"]
    assert all(task.coordinating_units == [] for i, task in enumerate(notice.tasks) if i != 5)


def test_the_notice_states_no_deadline_and_a_cited_resolution_is_not_one(notice):
    assert "Nghị quyết số 105/NQ-CP ngày 09/9/2021" in notice.tasks[5].text
    assert [task.deadlines for task in notice.tasks] == [[]] * 8


def test_the_notice_body_ends_before_the_closing_formula(notice):
    assert notice.tasks[-1].text.endswith("tham gia hỗ trợ công tác phòng chống dịch Covid-19.")
    assert "Thừa lệnh" not in notice.tasks[-1].text


def test_the_letter_header(letter):
    assert (letter.number, letter.symbol) == (None, "SYT-NVY")
    assert letter.date is None
    assert letter.date_text == "Lai Châu, ngày tháng 11 năm 2021"
    assert letter.kind == "cong_van"
    assert letter.issuer == "Sở Y tế"
    assert letter.subject == (
        "V/v thực hiện Kết luận của Thủ tướng Chính phủ về công tác phòng, chống dịch COVID-19"
    )
    assert letter.signer == "Bùi Tiến Thanh"
    assert letter.addressees == [
        "Trung tâm kiểm soát bệnh tật",
        "Các Bệnh viện tuyến tỉnh",
        "Trung tâm Y tế các huyện, thành phố",
    ]
    assert letter.recipients == [
        "Như trên",
        "Ban chỉ đạo PCD Covid-19 tỉnh",
        "UBND tỉnh",
        "UBND các huyện, thành phố",
        "Lãnh đạo Sở Y tế",
        "TTYT các huyện, thành phố",
        "Các Chốt kiểm soát Covid-19",
    ]


def test_the_letter_bullets_under_each_addressee_are_its_tasks(letter):
    refs = [task.ref for task in letter.tasks]
    assert refs == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "3.4"]
    by_ref = {task.ref: task for task in letter.tasks}
    for ref in ("1.1", "1.2", "1.3", "1.4"):
        assert by_ref[ref].lead_units == ["Trung tâm kiểm soát bệnh tật"]
    for ref in ("2.1", "2.2", "2.3"):
        assert by_ref[ref].lead_units == ["Các Bệnh viện tuyến tỉnh"]
    for ref in ("3.1", "3.2", "3.3", "3.4"):
        assert by_ref[ref].lead_units == ["Trung tâm Y tế các huyện, thành phố"]
    assert by_ref["1.1"].text.startswith("Phối hợp Trung tâm Y tế các huyện, thành phố tổ chức phổ biến")


def test_the_letter_coordination_and_reporting_lines(letter):
    by_ref = {task.ref: task.coordinating_units for task in letter.tasks}
    assert by_ref["1.1"] == ["Trung tâm Y tế các huyện, thành phố"]
    assert by_ref["2.3"] == ["Trung tâm kiểm soát bệnh tật"]
    assert by_ref["3.2"] == ["các Chốt kiểm soát COVID-19"]  # "Báo cáo ... Ban Chỉ đạo": not assigned
    assert [ref for ref, units in by_ref.items() if units] == ["1.1", "2.3", "3.2"]
    assert all(task.deadlines == [] for task in letter.tasks)


def test_the_ocr_notice_header_found_below_the_body(ocr):
    assert (ocr.number, ocr.symbol, ocr.date, ocr.date_text, ocr.place) == (None, None, None, None, None)
    assert ocr.kind == "thong_bao"
    assert ocr.issuer == "TỈNH ỦY QUẢNG BÌNH"
    assert ocr.subject == (
        "Ý KIẾN CHỈ ĐẠO CỦA THƯỜNG TRỰC TỈNH ỦY, BAN CHỈ ĐẠO CẤP TỈNH VỀ PHÒNG, CHỐNG DỊCH COVID-19 "
        "Tại hội nghị ngày 15/11/2021"
    )
    assert ocr.signer is None
    assert ocr.recipients == []


def test_the_ocr_notice_tasks_leads_and_coordination(ocr):
    assert [task.ref for task in ocr.tasks] == ["1", "2", "3"]
    assert ocr.tasks[0].lead_units == ["Mặt trận Tổ quốc"]
    # "Ban cán sự đảng UBND tỉnh chỉ đạo UBND tỉnh chỉ đạo Sở Y tế": the health department does it.
    assert ocr.tasks[1].lead_units == ["UBND cấp huyện, cấp xã", "Sở Y tế"]
    assert ocr.tasks[1].coordinating_units == ["các địa phương"]
    assert ocr.tasks[2].lead_units == ["Các địa phương"]
    assert "[Faint" not in ocr.tasks[2].text
    assert "**" not in ocr.tasks[1].text


def test_the_ocr_notice_joins_the_sentence_the_page_broke(ocr):
    assert "Nghị quyết số 128/NQ-CP ngày 11/10/2021 của Chính phủ" in ocr.tasks[0].text


def test_the_ocr_notice_deadlines_and_not_the_meeting_or_cited_dates(ocr):
    assert [d.as_json() for d in ocr.tasks[0].deadlines] == []  # NQ 128 of 11/10, CT 18 of 18/10: cited
    (by_date,) = ocr.tasks[1].deadlines
    assert (by_date.type, by_date.start, by_date.end) == ("by_date", None, dt.date(2021, 11, 30))
    assert by_date.text == "chậm nhất đến ngày 30/11/2021"
    (since,) = ocr.tasks[2].deadlines
    assert (since.type, since.start, since.end) == ("from_date", dt.date(2021, 11, 16), None)
    assert since.text == "Từ ngày 16/11/2021"
