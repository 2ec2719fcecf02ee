import unicodedata

from phaodai.core.text import fold, nfc, sort_key, tokens


def test_fold_strips_marks_and_maps_d_stroke():
    assert fold("Đặng Văn An") == "dang van an"
    assert fold("ĐINH THỊ ỨNG") == "dinh thi ung"


def test_nfc_composes_and_collapses_spaces():
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Thị   Hà ")
    assert nfc(decomposed) == "Nguyễn Thị Hà"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))


def test_tokens_split_hyphens_and_drop_repeats():
    assert tokens("Giàng A Páo-Giàng") == ["giang", "a", "pao"]


def _sorted(names):
    return sorted(names, key=sort_key)


def test_names_sort_by_given_name_first():
    assert _sorted(["Nguyễn Văn Bình", "Trần Thị An"]) == ["Trần Thị An", "Nguyễn Văn Bình"]


def test_d_stroke_sorts_after_d():
    assert _sorted(["Lê Văn Đức", "Lê Văn Dũng", "Lê Văn Em"]) == ["Lê Văn Dũng", "Lê Văn Đức", "Lê Văn Em"]


def test_family_name_breaks_ties_on_the_given_name():
    assert _sorted(["Vũ Văn An", "Bùi Thị An"]) == ["Bùi Thị An", "Vũ Văn An"]


def test_tones_only_break_ties():
    assert _sorted(["Lò Thị Á", "Lò Thị A", "Lò Thị Ba"]) == ["Lò Thị A", "Lò Thị Á", "Lò Thị Ba"]
