"""The household pages: list, "Thêm hộ", adding members by search (htmx or a plain GET), removing
members, choosing the head; all cut to the user's jurisdiction."""

import pytest
from django.urls import reverse

from conftest import _user, client_for
from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.people.models import Household, Person
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(tree):
    head = make_person(tree.village, "Lò Văn Pọm", birth_year=1970)
    child = make_person(tree.village, "Lò Thị Ún", sex="F", birth_year=2005)
    home = Household.objects.create(unit=tree.village, unit_path=tree.village.path, head=head, code="HK-01")
    Person.objects.filter(pk__in=[head.pk, child.pk]).update(household=home)
    return home


@pytest.fixture
def theirs(tree):
    """A household of the outsider's commune, in another district."""
    head = make_person(tree.other_commune, "Tẩn Láo Lở", birth_year=1968)
    home = Household.objects.create(
        unit=tree.other_commune, unit_path=tree.other_commune.path, head=head, code="PT-09"
    )
    Person.objects.filter(pk=head.pk).update(household=home)
    return home


@pytest.fixture
def reader(tree):
    """The provincial steering committee: reads the registry, does not edit it."""
    return _user(tree.province, Role.PROVINCIAL_STEERING, OrganisationKind.STEERING_COMMITTEE, "bcd")


def _page(response):
    assert response.status_code == 200
    return response.content.decode()


def _messages(response):
    return [str(message) for message in response.context["messages"]]


# --- the list ------------------------------------------------------------------------------------


def test_the_list_shows_the_households_of_the_jurisdiction_only(commune_user, household, theirs):
    page = _page(client_for(commune_user).get(reverse("people:households")))
    assert "HK-01" in page
    assert "Lò Văn Pọm" in page
    assert "PT-09" not in page
    assert "Thêm hộ" in page


def test_the_list_finds_a_household_by_code_or_by_a_members_name(commune_user, household, tree):
    make_person(tree.village, "Giàng A Tủa")
    client = client_for(commune_user)
    assert "HK-01" in _page(client.get(reverse("people:households"), {"q": "hk-0"}))
    assert "HK-01" in _page(client.get(reverse("people:households"), {"q": "un lo"}))
    assert "HK-01" not in _page(client.get(reverse("people:households"), {"q": "giang"}))


def test_an_htmx_search_returns_only_the_results_fragment(commune_user, household):
    response = client_for(commune_user).get(
        reverse("people:households"), {"q": "HK"}, headers={"HX-Request": "true"}
    )
    page = _page(response)
    assert page.lstrip().startswith('<div id="results">')
    assert "HK-01" in page
    assert "<html" not in page


def test_the_household_list_has_no_n_plus_one(tree, commune_user, django_assert_max_num_queries):
    for number in range(30):
        head = make_person(tree.village, f"Lò Văn Pọm {number}")
        home = Household.objects.create(
            unit=tree.village, unit_path=tree.village.path, head=head, code=f"HK-{number:02d}"
        )
        Person.objects.filter(pk=head.pk).update(household=home)
    client = client_for(commune_user)
    with django_assert_max_num_queries(12):
        page = _page(client.get(reverse("people:households")))
    assert page.count("Lò Văn Pọm") == 25
    assert "Bản Tả Phìn, Xã Dào San" in page


def test_the_nav_has_a_households_item(commune_user):
    page = _page(client_for(commune_user).get(reverse("people:households")))
    assert f'<a href="{reverse("people:households")}" aria-current="page">Hộ gia đình</a>' in page


# --- "Thêm hộ" -----------------------------------------------------------------------------------


def test_the_form_offers_the_units_of_the_jurisdiction(commune_user, tree):
    page = _page(client_for(commune_user).get(reverse("people:household_create")))
    assert "Bản Tả Phìn — Xã Dào San" in page
    assert "Xã Pa Tần" not in page
    assert "Xã Sì Lở Lầu" not in page


def test_a_valid_form_creates_the_household_and_redirects_to_it(commune_user, tree):
    response = client_for(commune_user).post(
        reverse("people:household_create"),
        {"unit": tree.village.pk, "address": "Nhà số 12", "code": "HK-44"},
        follow=True,
    )
    created = Household.objects.get()
    assert response.redirect_chain == [(reverse("people:household", args=[created.pk]), 302)]
    assert created.code == "HK-44"
    assert created.unit_path == tree.village.path
    assert _messages(response) == ["Đã tạo hộ HK-44."]


def test_a_missing_address_is_shown_next_to_the_field(commune_user, tree):
    response = client_for(commune_user).post(
        reverse("people:household_create"), {"unit": tree.village.pk, "address": "", "code": ""}
    )
    page = _page(response)
    field = page[page.index('id="field-address"') :]
    assert "Địa chỉ của hộ là bắt buộc." in field[: field.index("</div>\n")]
    assert not Household.objects.exists()


def test_a_taken_code_is_shown_next_to_the_code(commune_user, tree, household):
    response = client_for(commune_user).post(
        reverse("people:household_create"), {"unit": tree.commune.pk, "address": "Xóm 2", "code": "HK-01"}
    )
    page = _page(response)
    field = page[page.index('id="field-code"') :]
    assert "Mã hộ HK-01 đã được dùng cho một hộ khác trong xã." in field[: field.index("<button")]
    assert Household.objects.count() == 1


def test_a_unit_of_another_commune_is_not_accepted(commune_user, tree):
    response = client_for(commune_user).post(
        reverse("people:household_create"), {"unit": tree.other_commune.pk, "address": "Bản Pa Tần"}
    )
    assert "Đơn vị này không thuộc địa bàn bạn quản lý." in _page(response)
    assert not Household.objects.exists()


def test_a_person_without_a_household_can_found_one(commune_user, tree):
    person = make_person(tree.village, "Sùng A Páo", address="Nhà số 3")
    client = client_for(commune_user)
    url = f"{reverse('people:household_create')}?nguoi={person.pk}"
    page = _page(client.get(url))
    assert "Sùng A Páo sẽ là chủ hộ" in page
    assert 'value="Nhà số 3"' in page
    client.post(url, {"unit": tree.village.pk, "address": "Nhà số 3"})
    created = Household.objects.get()
    assert created.head == person
    assert list(created.members.all()) == [person]


def test_a_reader_cannot_create_or_change_households(reader, tree, household):
    client = client_for(reader)
    assert "Thêm hộ" not in _page(client.get(reverse("people:households")))
    page = _page(client.get(reverse("people:household", args=[household.pk]), {"q": "lo"}))
    assert "Thêm vào hộ" not in page
    assert "Bỏ khỏi hộ" not in page
    loner = make_person(tree.village, "Giàng A Tủa")
    assert "Thêm vào hộ" not in _page(client.get(reverse("people:detail", args=[loner.pk])))
    assert client.get(reverse("people:household_create")).status_code == 403
    post = {"person": household.head_id}
    for name in ("people:household_add", "people:household_remove", "people:household_head"):
        assert client.post(reverse(name, args=[household.pk]), post).status_code == 403
    assert household.members.count() == 2


# --- members on the household page ---------------------------------------------------------------


def test_a_plain_get_search_lists_candidates_with_an_add_button(commune_user, tree, household):
    make_person(tree.commune, "Tẩn Thị Mẩy", sex="F", birth_year=2003)
    make_person(tree.neighbour_commune, "Tẩn Thị Mây", sex="F", birth_year=2003)
    page = _page(client_for(commune_user).get(reverse("people:household", args=[household.pk]), {"q": "tan"}))
    assert "Tẩn Thị Mẩy" in page
    assert "Tẩn Thị Mây" not in page  # another commune: not a candidate
    assert "Thêm vào hộ" in page
    assert f'action="{reverse("people:household_add", args=[household.pk])}"' in page


def test_an_htmx_search_returns_only_the_candidates(commune_user, household):
    response = client_for(commune_user).get(
        reverse("people:household", args=[household.pk]), {"q": "lo"}, headers={"HX-Request": "true"}
    )
    page = _page(response)
    assert page.lstrip().startswith('<div id="candidates">')
    assert "Đã ở trong hộ này" in page
    assert "<html" not in page


def test_adding_a_member_redirects_back_to_the_search(commune_user, tree, household):
    bride = make_person(tree.commune, "Tẩn Thị Mẩy", sex="F", birth_year=2003)
    response = client_for(commune_user).post(
        reverse("people:household_add", args=[household.pk]), {"person": bride.pk, "q": "tan"}, follow=True
    )
    assert response.redirect_chain == [(reverse("people:household", args=[household.pk]) + "?q=tan", 302)]
    assert _messages(response) == ["Đã thêm Tẩn Thị Mẩy vào hộ."]
    bride.refresh_from_db()
    assert bride.household == household


def test_moving_a_member_says_so(commune_user, tree, household):
    new_home = Household.objects.create(unit=tree.commune, unit_path=tree.commune.path, address="Xóm mới")
    child = household.members.get(full_name="Lò Thị Ún")
    response = client_for(commune_user).post(
        reverse("people:household_add", args=[new_home.pk]), {"person": child.pk}, follow=True
    )
    assert _messages(response) == ["Đã chuyển Lò Thị Ún từ hộ cũ sang hộ này."]
    child.refresh_from_db()
    assert child.household == new_home


def test_a_refusal_is_shown_as_a_message(district_user, tree, household):
    neighbour = make_person(tree.neighbour_commune, "Vàng A Sủ")
    response = client_for(district_user).post(
        reverse("people:household_add", args=[household.pk]), {"person": neighbour.pk}, follow=True
    )
    assert "không cùng xã với hộ này" in _messages(response)[0]
    neighbour.refresh_from_db()
    assert neighbour.household is None


def test_a_member_can_be_made_head_and_removed(commune_user, household):
    client = client_for(commune_user)
    child = household.members.get(full_name="Lò Thị Ún")
    response = client.post(
        reverse("people:household_head", args=[household.pk]), {"person": child.pk}, follow=True
    )
    assert _messages(response) == ["Đã đặt Lò Thị Ún làm chủ hộ."]
    household.refresh_from_db()
    assert household.head == child
    response = client.post(
        reverse("people:household_remove", args=[household.pk]), {"person": child.pk}, follow=True
    )
    assert _messages(response) == ["Đã bỏ Lò Thị Ún khỏi hộ."]
    household.refresh_from_db()
    assert household.head is None
    assert "chưa có" in response.content.decode()


def test_member_changes_are_post_only(commune_user, household):
    client = client_for(commune_user)
    for name in ("people:household_add", "people:household_remove", "people:household_head"):
        assert (
            client.get(reverse(name, args=[household.pk]), {"person": household.head_id}).status_code == 405
        )


# --- from the person's page ----------------------------------------------------------------------


def test_a_person_without_a_household_gets_a_link_to_choose_one(commune_user, tree, household):
    loner = make_person(tree.village, "Giàng A Tủa")
    client = client_for(commune_user)
    page = _page(client.get(reverse("people:detail", args=[loner.pk])))
    chooser = f"{reverse('people:households')}?nguoi={loner.pk}"
    assert f'href="{chooser}"' in page
    assert "Thêm vào hộ…" in page
    page = _page(client.get(chooser))
    assert "Chọn hộ cho Giàng A Tủa" in page
    assert "HK-01" in page
    assert "Thêm vào hộ này" in page
    client.post(reverse("people:household_add", args=[household.pk]), {"person": loner.pk})
    loner.refresh_from_db()
    assert loner.household == household


def test_the_chooser_offers_only_households_of_the_persons_commune(district_user, tree, household):
    neighbour = make_person(tree.neighbour_commune, "Vàng A Sủ")
    Household.objects.create(
        unit=tree.neighbour_commune, unit_path=tree.neighbour_commune.path, code="SLL-01"
    )
    page = _page(client_for(district_user).get(reverse("people:households"), {"nguoi": neighbour.pk}))
    assert "SLL-01" in page
    assert "HK-01" not in page


# --- the outsider --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["people:household_add", "people:household_remove", "people:household_head"])
def test_the_outsider_cannot_change_another_communes_household(outsider, household, name):
    response = client_for(outsider).post(reverse(name, args=[household.pk]), {"person": household.head_id})
    assert response.status_code == 404
    household.refresh_from_db()
    assert household.head.full_name == "Lò Văn Pọm"
    assert household.members.count() == 2


def test_the_outsider_cannot_add_a_person_of_another_commune_to_their_household(outsider, household, theirs):
    child = household.members.get(full_name="Lò Thị Ún")
    client = client_for(outsider)
    response = client.post(reverse("people:household_add", args=[theirs.pk]), {"person": child.pk})
    assert response.status_code == 404
    child.refresh_from_db()
    assert child.household == household
    # nor find them through the member search or the chooser
    page = _page(client.get(reverse("people:household", args=[theirs.pk]), {"q": "lo thi un"}))
    assert "Lò Thị Ún" not in page
    assert client.get(reverse("people:households"), {"nguoi": child.pk}).status_code == 404


def test_the_outsider_does_not_see_the_household_in_the_list(outsider, household, theirs):
    page = _page(client_for(outsider).get(reverse("people:households")))
    assert "PT-09" in page
    assert "HK-01" not in page
