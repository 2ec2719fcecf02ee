"""Vietnamese plates: free spacing and dots on input, one stored form, a clear refusal."""

import pytest

from phaodai.checkpoints.plates import normalise_plate


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("29A-123.45", "29A-123.45"),
        ("29a 12345", "29A-123.45"),
        ("30E-12345", "30E-123.45"),
        ("30E-1234", "30E-1234"),
        ("51F-123.45", "51F-123.45"),
        ("51LD 123 45", "51LD-123.45"),
        ("29-B1 123.45", "29-B1 123.45"),
        ("29b112345", "29-B1 123.45"),
        ("25-M1 1234", "25-M1 1234"),
        ("", ""),
    ],
)
def test_a_plate_is_stored_in_one_form(typed, stored):
    assert normalise_plate(typed) == stored


@pytest.mark.parametrize(
    "typed", ["ABC-123", "29A-123", "29A-1234567", "05A-123.45", "TM-12-34", "2-A 12345"]
)
def test_a_plate_that_cannot_be_vietnamese_is_refused_with_examples(typed):
    with pytest.raises(ValueError, match=r"không đúng dạng biển số Việt Nam \(ô tô: 29A-123.45"):
        normalise_plate(typed)
