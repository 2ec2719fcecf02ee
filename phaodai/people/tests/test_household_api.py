"""``/api/households/``: the same selectors and services as the pages, members as person ids."""

import pytest

from conftest import client_for
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.people.models import Household, Person
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
URL = "/api/households/"


@pytest.fixture
def household(tree):
    head = make_person(tree.village, "Lò Văn Pọm", birth_year=1970)
    child = make_person(tree.village, "Lò Thị Ún", sex="F", birth_year=2005)
    home = Household.objects.create(unit=tree.village, unit_path=tree.village.path, head=head, code="HK-01")
    Person.objects.filter(pk__in=[head.pk, child.pk]).update(household=home)
    return home


def _post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def test_the_list_is_scoped_and_gives_members_as_ids(tree, district_user, household):
    Household.objects.create(unit=tree.other_commune, unit_path=tree.other_commune.path, code="PT-09")
    body = client_for(district_user).get(URL).json()
    assert [row["code"] for row in body["results"]] == ["HK-01"]
    row = body["results"][0]
    assert row["members"] == [household.head_id, household.members.get(full_name="Lò Thị Ún").pk]
    assert row["head"] == household.head_id
    assert row["unit_name"] == "Bản Tả Phìn"


def test_the_list_searches_by_code_or_member(commune_user, household):
    client = client_for(commune_user)
    assert client.get(URL, {"q": "un"}).json()["count"] == 1
    assert client.get(URL, {"q": "zz"}).json()["count"] == 0


def test_the_api_list_has_no_n_plus_one(tree, commune_user, django_assert_max_num_queries):
    for number in range(20):
        head = make_person(tree.village, f"Lò Văn Pọm {number}")
        home = Household.objects.create(unit=tree.village, unit_path=tree.village.path, head=head)
        Person.objects.filter(pk=head.pk).update(household=home)
    client = client_for(commune_user)
    with django_assert_max_num_queries(10):
        body = client.get(URL).json()
    assert len(body["results"]) == 20
    assert all(len(row["members"]) == 1 for row in body["results"])


def test_create_with_members_and_head(tree, commune_user):
    father = make_person(tree.village, "Sùng A Páo", birth_year=1975)
    son = make_person(tree.village, "Sùng A Dính", birth_year=2001)
    response = _post(
        client_for(commune_user),
        URL,
        {
            "unit": tree.village.pk,
            "address": "Bản Tả Phìn",
            "code": "HK-02",
            "members": [son.pk, father.pk],
            "head": father.pk,
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["members"] == [father.pk, son.pk]  # eldest first
    assert body["head"] == father.pk
    created = Household.objects.get(pk=body["id"])
    assert AuditEvent.objects.filter(
        entity="people.household", entity_id=str(created.pk), action=AuditAction.CREATE, actor=commune_user
    ).exists()


def test_create_names_the_bad_fields_in_vietnamese_and_saves_nothing(tree, commune_user):
    response = _post(client_for(commune_user), URL, {"unit": tree.village.pk, "address": " "})
    assert response.status_code == 400
    assert response.json()["errors"] == {"address": ["Địa chỉ của hộ là bắt buộc."]}
    response = _post(client_for(commune_user), URL, {"address": "Bản"})
    assert response.status_code == 400
    assert "unit" in response.json()["errors"]
    assert not Household.objects.exists()


def test_a_taken_code_is_a_conflict_on_the_code(tree, commune_user, household):
    response = _post(
        client_for(commune_user), URL, {"unit": tree.commune.pk, "address": "Xóm", "code": "HK-01"}
    )
    assert response.status_code == 409
    assert list(response.json()["errors"]) == ["code"]


def test_members_outside_the_jurisdiction_do_not_exist(tree, commune_user):
    elsewhere = make_person(tree.other_commune, "Tẩn Láo Lở")
    response = _post(
        client_for(commune_user), URL, {"unit": tree.village.pk, "address": "Bản", "members": [elsewhere.pk]}
    )
    assert response.status_code == 400
    assert response.json()["errors"]["members"] == [
        f"Không có người mang mã {elsewhere.pk} trong địa bàn bạn quản lý."
    ]
    assert not Household.objects.exists()


def test_members_are_added_moved_removed_and_the_head_set(tree, commune_user, household):
    client = client_for(commune_user)
    bride = make_person(tree.commune, "Tẩn Thị Mẩy", sex="F", birth_year=2003)
    url = f"{URL}{household.pk}/"
    body = _post(client, f"{url}members/", {"person": bride.pk}).json()
    assert bride.pk in body["members"]
    body = _post(client, f"{url}head/", {"person": bride.pk}).json()
    assert body["head"] == bride.pk
    response = client.delete(f"{url}members/{bride.pk}/")
    assert response.status_code == 200
    assert bride.pk not in response.json()["members"]
    assert response.json()["head"] is None


def test_the_head_must_be_a_member(tree, commune_user, household):
    stranger = make_person(tree.village, "Giàng A Tủa")
    response = _post(client_for(commune_user), f"{URL}{household.pk}/head/", {"person": stranger.pk})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "head": ["Chủ hộ phải là thành viên của hộ: Giàng A Tủa chưa thuộc hộ này."]
    }


def test_a_reader_may_list_but_not_write(tree, household):
    from conftest import _user
    from phaodai.accounts.models import OrganisationKind
    from phaodai.accounts.roles import Role

    reader = _user(tree.province, Role.PROVINCIAL_STEERING, OrganisationKind.STEERING_COMMITTEE, "bcd")
    client = client_for(reader)
    assert client.get(URL).status_code == 200
    assert _post(client, URL, {"unit": tree.village.pk, "address": "Bản"}).status_code == 403
    assert _post(client, f"{URL}{household.pk}/head/", {"person": household.head_id}).status_code == 403


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", ""), ("post", "members/"), ("post", "head/"), ("delete", "members/{person}/")],
)
def test_it_returns_404_outside_jurisdiction(outsider, household, method, suffix):
    url = f"{URL}{household.pk}/{suffix.format(person=household.head_id)}"
    response = getattr(client_for(outsider), method)(
        url, data={"person": household.head_id}, content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy."
    household.refresh_from_db()
    assert household.head is not None
    assert household.members.count() == 2


def test_the_outsider_cannot_add_a_person_of_another_commune_to_their_household(tree, outsider, household):
    theirs = Household.objects.create(unit=tree.other_commune, unit_path=tree.other_commune.path)
    child = household.members.get(full_name="Lò Thị Ún")
    response = _post(client_for(outsider), f"{URL}{theirs.pk}/members/", {"person": child.pk})
    assert response.status_code == 400
    assert response.json()["errors"]["person"] == [
        "Người này không tồn tại hoặc không thuộc địa bàn bạn quản lý."
    ]
    child.refresh_from_db()
    assert child.household == household
