import pytest

from phaodai.core.scoping import Jurisdiction, next_path


def test_next_path_is_just_past_every_descendant():
    assert next_path("L/12/") == "L/120"
    assert next_path("L/12/") > "L/12/106/03412/"
    assert next_path("L/12/") <= "L/120"


def test_it_refuses_a_path_without_trailing_separator():
    with pytest.raises(ValueError, match="must end"):
        next_path("L/12")


def test_covered_prefixes_are_dropped():
    jurisdiction = Jurisdiction.of(["L/12/106/", "L/12/", "L/12/106/03412/", "L/01/"])
    assert jurisdiction.prefixes == ("L/01/", "L/12/")


def test_a_sibling_with_a_longer_code_is_not_inside():
    assert not Jurisdiction.of(["L/12/1/"]).contains("L/12/10/")
