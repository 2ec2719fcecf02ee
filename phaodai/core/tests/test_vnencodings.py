import codecs
import unicodedata

import pytest

from phaodai.core.vnencodings import (
    LETTERS,
    TCVN3_ENCODE,
    VNI_ENCODE,
    LegacyEncodingError,
    convert_legacy,
    decode_text,
    detect_legacy,
    is_syllable,
    tcvn3_to_unicode,
    vni_to_unicode,
)

NAMES = [
    "Nguyễn Thị Hằng",
    "Đặng Văn Ước",
    "Trần Quốc Tuấn",
    "Phạm Thị Thuý Hường",
    "Lò Văn Khuyến",
    "Giàng A Páo",
    "Vũ Thị Ngọc Ánh",
    "Hoàng Đức Thắng",
    "Bùi Thị Huỳnh Như",
    "Dương Quang Hưởng",
]
ADDRESSES = [
    "Thôn Bản Giang",
    "Phường Đông Phong",
    "Sìn Hồ",
    "Mường Tè",
    "Nậm Nhùn",
    "Số 12 ngõ 34 phố Nguyễn Trãi, Hà Nội",
    "Tổ 5, khu phố 3, thành phố Hồ Chí Minh",
    "Xã Quyết Tiến, huyện Phong Thổ",
    "Bản Khuổi Nậm, xã Giữa Giang",
    "Buôn Ma Thuột, Đắk Lắk",
]
REAL_TEXT = NAMES + ADDRESSES
# Real Unicode text made only of Latin-1 letters: the characters a legacy cell is made of.
LATIN1_ONLY = ["Hà Tây", "Tô Lý", "Hồ Thị Bé", "Bà Chiểu", "Lý Thị Tú", "Cà Mau"]
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
ASCII_TEXT = ["Nguyen Van A", "12 Tran Hung Dao", "0912345678", "", "Ha Noi - Lao Cai (km 7)"]


def _tcvn3(text):
    return "".join(TCVN3_ENCODE.get(char, char) for char in text)


def _vni(text):
    return "".join(VNI_ENCODE.get(char, char) for char in text)


def _cp1258(text):
    """Windows-1258 spells a letter it has no code for as its base letter and a combining tone."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tone = "".join(mark for mark in decomposed if mark in TONE_MARKS)
            base = unicodedata.normalize(
                "NFC", "".join(mark for mark in decomposed if mark not in TONE_MARKS)
            )
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def _csv(rows):
    return "Họ và tên,Địa chỉ\n" + "\n".join(f"{name},{address}" for name, address in rows) + "\n"


CSV_TEXT = _csv(zip(NAMES, ADDRESSES, strict=True))


def test_there_are_134_vietnamese_letters_beyond_ascii():
    assert len(LETTERS) == len(set(LETTERS)) == 134
    assert all(unicodedata.is_normalized("NFC", letter) and len(letter) == 1 for letter in LETTERS)


@pytest.mark.parametrize("letter", [letter for letter in LETTERS if letter.islower() or letter in "ĂÂÊÔƠƯĐ"])
def test_tcvn3_round_trips_every_letter_it_has_a_code_for(letter):
    encoded = TCVN3_ENCODE[letter]
    assert len(encoded) == 1
    assert 0xA1 <= ord(encoded) <= 0xFE
    assert tcvn3_to_unicode(encoded) == letter


def test_tcvn3_gives_every_code_one_letter():
    lower_codes = [TCVN3_ENCODE[letter] for letter in LETTERS if letter.islower()]
    assert len(set(lower_codes)) == 67


@pytest.mark.parametrize(
    "letter", [letter for letter in LETTERS if letter.isupper() and letter not in "ĂÂÊÔƠƯĐ"]
)
def test_tcvn3_toned_capitals_share_the_lower_case_code_and_come_back_in_capitals_among_capitals(letter):
    assert TCVN3_ENCODE[letter] == TCVN3_ENCODE[letter.lower()]
    cell = "ĐẶNG NG" + letter + "N"
    assert convert_legacy(_tcvn3(cell), "tcvn3") == cell
    assert tcvn3_to_unicode(TCVN3_ENCODE[letter]) == letter.lower()


@pytest.mark.parametrize("letter", LETTERS)
def test_vni_round_trips_every_letter(letter):
    encoded = VNI_ENCODE[letter]
    assert 1 <= len(encoded) <= 2
    assert all(0xA0 <= ord(char) <= 0xFF for char in encoded[1:])
    assert vni_to_unicode(encoded) == letter


def test_vni_spells_letters_with_a_base_and_one_mark_byte():
    assert VNI_ENCODE["ệ"] == "eä"
    assert VNI_ENCODE["ờ"] == "ôø"
    assert VNI_ENCODE["Ặ"] == "AË"
    assert VNI_ENCODE["đ"] == "ñ"


@pytest.mark.parametrize(
    ("legacy", "text"),
    [
        ("Hµ Néi", "Hà Nội"),
        ("NguyÔn ThÞ H»ng", "Nguyễn Thị Hằng"),
        ("§Æng V¨n ¦íc", "Đặng Văn Ước"),
        ("Tr\xadêng THCS", "Trường THCS"),
        ("§µ N½ng", "Đà Nẵng"),
        ("Thanh Hãa", "Thanh Hóa"),
        ("Th¸i B×nh", "Thái Bình"),
        ("Sè 5 ®\xadêng Lª Lîi", "Số 5 đường Lê Lợi"),
    ],
)
def test_tcvn3_cells_read_as_the_phrase_that_was_typed(legacy, text):
    assert convert_legacy(legacy, "tcvn3") == text


@pytest.mark.parametrize(
    ("legacy", "text"),
    [
        ("Haø Noäi", "Hà Nội"),
        ("Nguyeãn Thò Haèng", "Nguyễn Thị Hằng"),
        ("Ñaëng Vaên Öôùc", "Đặng Văn Ước"),
        ("Thaønh phoá Hoà Chí Minh", "Thành phố Hồ Chí Minh"),
        ("Ñaø Naüng", "Đà Nẵng"),
        ("Vónh Long", "Vĩnh Long"),
        ("HAØ NOÄI", "HÀ NỘI"),
        ("Tröôøng", "Trường"),
    ],
)
def test_vni_cells_read_as_the_phrase_that_was_typed(legacy, text):
    assert convert_legacy(legacy, "vni") == text


def test_vni_accepts_a_circumflex_and_tone_as_two_mark_bytes():
    assert convert_legacy("Vieâït Nam", "vni") == "Việt Nam"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize("text", REAL_TEXT + LATIN1_ONLY + ASCII_TEXT)
def test_conversion_leaves_unicode_and_ascii_text_alone(encoding, text):
    assert convert_legacy(text, encoding) == text
    assert convert_legacy(unicodedata.normalize("NFD", text), encoding) == text


@pytest.mark.parametrize("text", REAL_TEXT)
def test_every_real_name_and_address_round_trips_through_both_encodings(text):
    assert tcvn3_to_unicode(_tcvn3(text)) == text
    assert vni_to_unicode(_vni(text)) == text


@pytest.mark.parametrize("text", REAL_TEXT)
def test_every_real_name_and_address_typed_in_a_legacy_font_is_converted(text):
    assert convert_legacy(_tcvn3(text), "tcvn3") == text
    if text != "Sìn Hồ":  # see the next test
        assert convert_legacy(_vni(text), "vni") == text


def test_a_legacy_cell_that_also_reads_as_unicode_vietnamese_is_kept():
    assert _vni("Sìn Hồ") == "Sìn Hoà"
    assert convert_legacy("Sìn Hoà", "vni") == "Sìn Hoà"


def test_tcvn3_capitalises_a_toned_initial_among_capitalised_words():
    assert convert_legacy(_tcvn3("Lê Ánh"), "tcvn3") == "Lê Ánh"
    assert convert_legacy(_tcvn3("NGUYỄN ÁNH"), "tcvn3") == "NGUYỄN ÁNH"
    assert convert_legacy(_tcvn3("ánh trăng"), "tcvn3") == "ánh trăng"


def test_a_tcvn3_word_that_also_spells_a_latin1_syllable_is_told_by_its_casing():
    assert _tcvn3("Tuấn") == "TuÊn"
    assert convert_legacy("TuÊn", "tcvn3") == "Tuấn"
    assert convert_legacy("Tú", "tcvn3") == "Tú"  # "Tỳ" in TCVN3 reads no better: real text is kept


def test_an_unknown_legacy_encoding_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown legacy encoding"):
        convert_legacy("Hµ Néi", "viqr")


def test_detect_legacy_finds_tcvn3_cells():
    assert detect_legacy([_tcvn3(text) for text in REAL_TEXT]) == "tcvn3"


def test_detect_legacy_finds_vni_cells():
    assert detect_legacy([_vni(text) for text in REAL_TEXT]) == "vni"


def test_detect_legacy_finds_legacy_cells_mixed_with_unicode_ones():
    assert detect_legacy(REAL_TEXT + [_tcvn3(text) for text in NAMES[:3]]) == "tcvn3"


@pytest.mark.parametrize(
    "samples",
    [REAL_TEXT, LATIN1_ONLY, ASCII_TEXT, [], REAL_TEXT + LATIN1_ONLY + ASCII_TEXT, ["Café", "José"]],
)
def test_detect_legacy_says_none_for_unicode_and_ascii(samples):
    assert detect_legacy(iter(samples)) is None


def test_a_mixed_sheet_converts_only_its_legacy_cells():
    cells = [*LATIN1_ONLY, *REAL_TEXT, _tcvn3("Nguyễn Thị Hằng"), "Thôn 3"]
    encoding = detect_legacy(cells)
    assert encoding == "tcvn3"
    assert [convert_legacy(cell, encoding) for cell in cells] == [
        *LATIN1_ONLY,
        *REAL_TEXT,
        "Nguyễn Thị Hằng",
        "Thôn 3",
    ]


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        (CSV_TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + CSV_TEXT.encode("utf-8"), "utf-8"),
        (CSV_TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + CSV_TEXT.encode("utf-16-be"), "utf-16"),
        (_cp1258(CSV_TEXT), "windows-1258"),
        (_tcvn3(CSV_TEXT).encode("latin-1"), "tcvn3"),
        (_vni(CSV_TEXT).encode("latin-1"), "vni"),
    ],
)
def test_decode_text_recognises_the_encoding_and_gives_nfc_text(content, encoding):
    decoded = decode_text(content)
    assert decoded.encoding == encoding
    assert decoded.text == CSV_TEXT


def test_decode_text_composes_decomposed_utf8():
    assert decode_text(unicodedata.normalize("NFD", CSV_TEXT).encode()).text == CSV_TEXT


def test_decode_text_finds_the_vietnamese_after_a_long_ascii_start():
    text = "ma,ten\n" + "".join(f"{n},Nguyen Van A\n" for n in range(20_000)) + "1,Nguyễn Thị Hằng\n"
    decoded = decode_text(_tcvn3(text).encode("latin-1"))
    assert decoded.encoding == "tcvn3"
    assert decoded.text.endswith("1,Nguyễn Thị Hằng\n")


@pytest.mark.parametrize(
    "content",
    [
        "Café crème, naïve, déjà vu, Müller, Ångström\n".encode("latin-1"),
        "Москва, Санкт-Петербург\n".encode("cp1251"),
        bytes(range(0x80, 0x100)) * 4,
    ],
)
def test_decode_text_refuses_what_reads_as_no_vietnamese_and_says_to_save_as_csv_utf8(content):
    with pytest.raises(LegacyEncodingError) as raised:
        decode_text(content)
    assert "CSV UTF-8" in str(raised.value)
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize(
    "word",
    [
        "nguyễn", "thị", "hằng", "việt", "người", "quốc", "khuya", "khuỷu", "giữa", "gìn", "hoà", "hòa",
        "thuý", "thúy", "quyết", "chuyện", "hoàng", "huỳnh", "xoong", "thuở", "rượu", "khuấy", "ngoài",
        "đắk", "nghiêng", "ích", "oanh", "yêu", "ý", "ấy",
    ],
)  # fmt: skip
def test_real_syllables_are_recognised(word):
    assert is_syllable(word)


@pytest.mark.parametrize(
    "word",
    [
        "hµ", "néi", "haø", "noäi", "tõy", "nguyôn", "ưeng", "hàà", "hoáà", "tuàn", "ăo", "thíêt", "ốch",
        "vièt",  # -t takes only the sắc or nặng tone
        "kha\u0301\u0300",  # two tones
    ],
)  # fmt: skip
def test_misread_words_are_not_syllables(word):
    assert not is_syllable(unicodedata.normalize("NFC", word))
