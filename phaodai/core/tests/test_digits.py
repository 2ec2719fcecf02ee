from phaodai.core.text import is_digits


def test_only_ascii_digits_count_as_digits():
    assert is_digits("0123")
    assert not is_digits("²")
    assert not is_digits("٣")
    assert not is_digits("")
    assert not is_digits("-1")
