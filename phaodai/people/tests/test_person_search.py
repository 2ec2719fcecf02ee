"""Search ignores diacritics and case, matches word prefixes in any order, or an exact ID / phone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from phaodai.core.scoping import Jurisdiction
from phaodai.people.selectors import person_list
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(tree):
    make_person(tree.commune, "Đặng Văn An", national_id="012085001234", phone="0912345678")
    make_person(tree.commune, "Đinh Thị Ánh", sex="F")
    make_person(tree.village, "Dương Văn Ân")
    make_person(tree.other_commune, "Đặng Văn Anh")
    return Jurisdiction.of([tree.district.path])


def _names(jurisdiction, query):
    return [p.full_name for p in person_list(jurisdiction=jurisdiction, query=query)]


def test_unaccented_lower_case_finds_the_accented_name(registry):
    assert _names(registry, "dang van an") == ["Đặng Văn An"]


def test_words_match_in_any_order_and_by_prefix(registry):
    assert _names(registry, "an dang") == ["Đặng Văn An"]
    assert _names(registry, "Đặ") == ["Đặng Văn An"]


def test_d_does_not_match_d_stroke_blindly_but_folds_it(registry):
    assert set(_names(registry, "d")) == {"Đặng Văn An", "Đinh Thị Ánh", "Dương Văn Ân"}


def test_id_and_phone_match_exactly(registry):
    assert _names(registry, "012085001234") == ["Đặng Văn An"]
    assert _names(registry, "+84 912 345 678") == ["Đặng Văn An"]
    assert _names(registry, "01208500123") == []


def test_search_never_leaves_the_jurisdiction(registry):
    assert "Đặng Văn Anh" not in _names(registry, "dang van anh")


def test_list_sorts_the_vietnamese_way(registry):
    # Given names An < Ánh < Ân: "a" before "â" whatever the tone, and a shorter word first.
    assert _names(registry, "") == ["Đặng Văn An", "Đinh Thị Ánh", "Dương Văn Ân"]


def test_the_search_uses_the_token_index_not_a_scan(registry):
    with CaptureQueriesContext(connection) as queries:
        _names(registry, "dang van")
    statements = [query["sql"].upper() for query in queries.captured_queries]
    assert not [sql for sql in statements if "LIKE" in sql]
    token_reads = [sql for sql in statements if "PEOPLE_PERSONNAMETOKEN" in sql]
    assert token_reads
    assert all('"TOKEN" >=' in sql for sql in token_reads)


def test_list_page_has_no_n_plus_one(tree, commune_user, django_assert_max_num_queries):
    for index in range(30):
        make_person(tree.village, f"Lò Văn Pọm {index}")
    client = client_for(commune_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("people:list"), {"q": "lo van"})
    assert response.content.decode().count("Lò Văn Pọm") == 25


def test_a_query_broader_than_the_limit_answers_from_the_first_matches(registry, monkeypatch):
    from phaodai.people import selectors

    monkeypatch.setattr(selectors, "MATERIALIZE_LIMIT", 2)
    found = _names(registry, "d")
    assert len(found) == 2
    assert set(found) <= {"Đặng Văn An", "Đinh Thị Ánh", "Dương Văn Ân"}


def test_the_list_and_its_htmx_fragment_are_cached_apart(registry, tree, commune_user):
    from conftest import client_for

    client = client_for(commune_user)
    full = client.get(reverse("people:list"), {"q": "dang"})
    fragment = client.get(reverse("people:list"), {"q": "dang"}, headers={"HX-Request": "true"})
    assert "HX-Request" in full["Vary"]
    assert "<html" in full.content.decode()
    assert "<html" not in fragment.content.decode()
    assert "Đặng Văn An" in fragment.content.decode()
