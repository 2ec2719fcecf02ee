"""The parser on documents it has never seen, with the noise OCR and copy-paste leave behind."""

import datetime as dt
from pathlib import Path

from phaodai.directives.parsing import parse

SEEDS = Path(__file__).with_name("seeds")

LETTER = """UBND TỈNH LAI CHÂU
BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19
Số:   /BCĐ-VX
V/v triển khai tiêm vắc xin
phòng COVID-19 mũi bổ sung
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lai Châu, ngày    tháng 12 năm 2021

Kính gửi:
• Sở Y tế;
• UBND các huyện, thành phố.

Thực hiện Công văn số 10212/BYT-DP ngày 30/11/2021 của Bộ Y tế, Ban Chỉ đạo tỉnh yêu cầu:

1. Rà soát đối tượng đủ điều kiện tiêm mũi bổ sung, hoàn thành trước
ngày 15/12/2021.

**2.** Tổ chức tiêm cho người từ 50 tuổi trở lên trong tháng 01 năm 2022; phối hợp với
Sở Tài chính bố trí kinh phí.

[illegible]

3 Trung tâm Y tế các huyện, thành phố báo cáo tiến độ hằng tuần; thời gian thực hiện: thường xuyên.

Nơi nhận:
- Như trên;
- TT Tỉnh ủy (b/c);
- Lưu: VT.
KT. TRƯỞNG BAN
PHÓ TRƯỞNG BAN
[Handwritten signature]
Tống Thanh Hải
"""


def test_a_letter_with_a_blank_number_and_day_and_its_header_in_one_column():
    parsed = parse(LETTER)
    assert (parsed.number, parsed.symbol) == (None, "BCĐ-VX")
    assert parsed.date is None
    assert parsed.date_text == "Lai Châu, ngày tháng 12 năm 2021"
    assert parsed.issuer == "BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19"
    assert parsed.kind == "cong_van"
    assert parsed.subject == "V/v triển khai tiêm vắc xin phòng COVID-19 mũi bổ sung"
    assert parsed.addressees == ["Sở Y tế", "UBND các huyện, thành phố"]
    assert parsed.recipients == ["Như trên", "TT Tỉnh ủy"]
    assert parsed.signer == "Tống Thanh Hải"


def test_a_letters_addressees_lead_the_tasks_that_name_nobody():
    first, second, third = parse(LETTER).tasks
    assert first.lead_units == second.lead_units == ["Sở Y tế", "UBND các huyện, thành phố"]
    assert third.lead_units == ["Trung tâm Y tế các huyện, thành phố"]  # a number without its dot


def test_broken_lines_and_stray_markers_do_not_break_tasks_or_deadlines():
    first, second, third = parse(LETTER).tasks
    assert [task.ref for task in (first, second, third)] == ["1", "2", "3"]
    assert first.text.endswith("hoàn thành trước ngày 15/12/2021.")
    assert [(d.type, d.end) for d in first.deadlines] == [("by_date", dt.date(2021, 12, 15))]
    assert [(d.type, d.start, d.end) for d in second.deadlines] == [
        ("in_period", dt.date(2022, 1, 1), dt.date(2022, 1, 31))
    ]
    assert [(d.type, d.text) for d in third.deadlines] == [("ongoing", "thường xuyên")]
    assert "illegible" not in second.text
    assert "Bộ Y tế" not in " ".join(unit for task in (first, second, third) for unit in task.lead_units)


def test_a_body_the_rules_know_but_no_kind_covers_is_kept_as_written():
    second = parse(LETTER).tasks[1]
    assert second.coordinating_units == ["Sở Tài chính"]


def test_a_party_number_and_a_full_date():
    parsed = parse(
        "HUYỆN ỦY PHONG THỔ\nSố 168-TB/HU\nPhong Thổ, ngày 05 tháng 02 năm 2022\n\nTHÔNG BÁO\n"
        "Kết luận của Thường trực Huyện ủy\n\n1. UBND huyện chỉ đạo rà soát, chậm nhất ngày 10/02.\n"
    )
    assert (parsed.number, parsed.symbol) == ("168", "TB/HU")
    assert parsed.date == dt.date(2022, 2, 5)
    assert parsed.place == "Phong Thổ"
    assert parsed.issuer == "HUYỆN ỦY PHONG THỔ"
    (task,) = parsed.tasks
    assert task.lead_units == ["UBND huyện"]
    assert [d.end for d in task.deadlines] == [dt.date(2022, 2, 10)]  # the year from the date line


def test_a_state_number_and_the_symbol_read_kind():
    parsed = parse("Số: 3525/UBND-VX\nLai Châu, ngày 29/10/2021\n\n- Các sở, ngành thực hiện.\n")
    assert (parsed.number, parsed.symbol, parsed.kind) == ("3525", "UBND-VX", "cong_van")


def test_diacritics_lost_by_ocr_still_open_the_lists():
    parsed = parse("Kinh gui:\n- So Y te;\n- CDC tinh.\n\nNoi nhan:\n- Nhu tren;\n- Luu: VT.\n")
    assert parsed.addressees == ["So Y te", "CDC tinh"]
    assert parsed.recipients == ["Nhu tren"]


def test_the_seed_survives_losing_its_blank_lines_and_numbers():
    text = (SEEDS / "tb_ubnd_lai_chau_2021_09.txt").read_text(encoding="utf-8")
    squeezed = "\n".join(line for line in text.splitlines() if line.strip()).replace(
        "\n4. Sở Y tế", "\nSở Y tế"
    )
    parsed = parse(squeezed)
    assert [task.ref for task in parsed.tasks] == ["1", "2", "3", "5", "6", "7", "8"]
    assert parsed.tasks[2].lead_units == ["Các địa phương", "Sở Y tế"]  # task 4 read as part of 3
    assert parsed.signer == "Nguyễn Thị Hồng Tuyền"


def test_an_empty_or_unrelated_text_gives_an_empty_proposal():
    for text in ("", "   \n\n", "Xin chào"):
        parsed = parse(text)
        assert parsed.tasks == []
        assert parsed.as_json()["number"] is None
