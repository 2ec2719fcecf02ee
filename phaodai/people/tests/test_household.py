"""The household registry: create a household, add, move and remove members, choose the head.

Every change is audited in its transaction; a refusal names the field and leaves nothing half-saved.
"""

import unicodedata

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.people.households import (
    household_add_member,
    household_create,
    household_remove_member,
    household_set_head,
)
from phaodai.people.models import Household, Person
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(tree):
    head = make_person(tree.village, "Lò Văn Pọm", birth_year=1970)
    child = make_person(tree.village, "Lò Thị Ún", sex="F", birth_year=2005)
    home = Household.objects.create(unit=tree.village, unit_path=tree.village.path, head=head, code="HK-01")
    for member in (head, child):
        member.household = home
        member.save(update_fields=["household"])
    return home


@pytest.fixture
def mine(tree):
    return Jurisdiction.of([tree.commune.path])


def _household_events(household, action=AuditAction.UPDATE):
    return list(
        AuditEvent.objects.filter(entity="people.household", entity_id=str(household.pk), action=action)
    )


def _person_events(person):
    return list(AuditEvent.objects.filter(entity="people.person", entity_id=str(person.pk), action="update"))


def test_the_household_page_lists_its_members_eldest_first(commune_user, household):
    page = client_for(commune_user).get(reverse("people:household", args=[household.pk])).content.decode()
    assert page.index("Lò Văn Pọm") < page.index("Lò Thị Ún")
    assert "chủ hộ" in page


def test_it_returns_404_outside_jurisdiction(outsider, household):
    assert client_for(outsider).get(reverse("people:household", args=[household.pk])).status_code == 404


# --- creating ------------------------------------------------------------------------------------


def test_it_creates_a_household_in_a_village_with_its_address_in_nfc(tree, mine, commune_user):
    created = household_create(
        actor=commune_user,
        jurisdiction=mine,
        unit=tree.village,
        address=unicodedata.normalize("NFD", "  Nhà   số 12, Bản Tả Phìn "),
        code=" 03412.T001.044 ",
    )
    created.refresh_from_db()
    assert created.address == "Nhà số 12, Bản Tả Phìn"
    assert unicodedata.is_normalized("NFC", created.address)
    assert created.code == "03412.T001.044"
    assert created.unit_path == tree.village.path
    assert created.head is None
    event = AuditEvent.objects.get(entity="people.household", action=AuditAction.CREATE)
    assert event.actor == commune_user
    assert event.entity_id == str(created.pk)
    assert event.unit_path == tree.village.path
    assert event.changes["address"] == "Nhà số 12, Bản Tả Phìn"
    assert event.changes["members"] == []


def test_the_code_is_optional_and_may_repeat_when_empty(tree, mine):
    first = household_create(actor=None, jurisdiction=mine, unit=tree.commune, address="Xóm 1")
    second = household_create(actor=None, jurisdiction=mine, unit=tree.village, address="Xóm 2")
    assert first.code == second.code == ""
    assert str(first) == f"Hộ #{first.pk}"


def test_a_code_is_unique_in_its_commune_whatever_the_case_or_village(tree, mine):
    household_create(actor=None, jurisdiction=mine, unit=tree.village, address="Bản Tả Phìn", code="HK-07")
    with pytest.raises(ConflictError) as caught:
        household_create(
            actor=None, jurisdiction=mine, unit=tree.commune, address="Trung tâm xã", code="hk-07"
        )
    assert caught.value.errors["code"] == ["Mã hộ hk-07 đã được dùng cho một hộ khác trong xã."]
    assert Household.objects.count() == 1


def test_the_same_code_in_another_commune_is_another_household(tree):
    district = Jurisdiction.of([tree.district.path])
    household_create(
        actor=None, jurisdiction=district, unit=tree.village, address="Bản Tả Phìn", code="HK-07"
    )
    household_create(
        actor=None, jurisdiction=district, unit=tree.neighbour_commune, address="Xóm 1", code="HK-07"
    )
    assert Household.objects.filter(code="HK-07").count() == 2


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"address": "   "}, "address", "Địa chỉ của hộ là bắt buộc."),
        ({"address": "x" * 256}, "address", "Địa chỉ dài tối đa 255 ký tự."),
        ({"code": "x" * 33}, "code", "Mã hộ dài tối đa 32 ký tự."),
        ({"unit": None}, "unit", "Chọn xã/phường hoặc thôn/bản nơi hộ cư trú."),
        ({"unit": "district"}, "unit", "Chọn xã/phường hoặc thôn/bản nơi hộ cư trú."),
        ({"unit": "other_commune"}, "unit", "Đơn vị này không thuộc địa bàn bạn quản lý."),
        ({"unit": "neighbour_commune"}, "unit", "Đơn vị này không thuộc địa bàn bạn quản lý."),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(tree, mine, fields, field, message):
    data = {"unit": tree.village, "address": "Bản Tả Phìn", **fields}
    if isinstance(data["unit"], str):
        data["unit"] = getattr(tree, data["unit"])
    with pytest.raises(DomainError) as caught:
        household_create(actor=None, jurisdiction=mine, **data)
    assert caught.value.errors[field] == [message]
    assert not Household.objects.exists()
    assert not AuditEvent.objects.filter(entity="people.household").exists()


def test_every_bad_field_is_named_at_once(tree, mine):
    with pytest.raises(DomainError) as caught:
        household_create(actor=None, jurisdiction=mine, unit=None, address="", code="x" * 40)
    assert set(caught.value.errors) == {"unit", "address", "code"}


def test_it_creates_a_household_with_its_first_members_and_head(tree, mine, commune_user):
    father = make_person(tree.village, "Sùng A Páo", birth_year=1975)
    son = make_person(tree.village, "Sùng A Dính", birth_year=2001)
    created = household_create(
        actor=commune_user,
        jurisdiction=mine,
        unit=tree.village,
        address="Bản Tả Phìn",
        members=[son, father],
        head=father,
    )
    assert set(created.members.values_list("pk", flat=True)) == {father.pk, son.pk}
    assert Household.objects.get().head == father
    event = AuditEvent.objects.get(entity="people.household", action=AuditAction.CREATE)
    assert event.changes["head"] == father.pk
    assert event.changes["members"] == sorted([father.pk, son.pk])
    assert _person_events(son)[0].changes == {"household": [None, created.pk]}


def test_a_head_who_is_not_a_member_is_refused_and_nothing_is_saved(tree, mine):
    father = make_person(tree.village, "Sùng A Páo", birth_year=1975)
    son = make_person(tree.village, "Sùng A Dính", birth_year=2001)
    with pytest.raises(DomainError) as caught:
        household_create(
            actor=None, jurisdiction=mine, unit=tree.village, address="Bản", members=[son], head=father
        )
    assert caught.value.errors["head"] == ["Chủ hộ phải là một thành viên của hộ."]
    assert not Household.objects.exists()
    assert not Person.objects.filter(household__isnull=False).exists()


def test_a_member_of_another_commune_leaves_nothing_half_saved(tree):
    district = Jurisdiction.of([tree.district.path])
    here = make_person(tree.village, "Sùng A Páo", birth_year=1975)
    there = make_person(tree.neighbour_commune, "Vàng A Sủ")
    with pytest.raises(DomainError) as caught:
        household_create(
            actor=None, jurisdiction=district, unit=tree.village, address="Bản", members=[here, there]
        )
    assert "không cùng xã với hộ này" in caught.value.errors["members"][0]
    assert not Household.objects.exists()
    here.refresh_from_db()
    assert here.household is None
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


# --- members -------------------------------------------------------------------------------------


def test_it_adds_a_person_without_a_household(tree, mine, commune_user, household):
    bride = make_person(tree.commune, "Tẩn Thị Mẩy", sex="F", birth_year=2003)
    household_add_member(actor=commune_user, jurisdiction=mine, household=household, person=bride)
    bride.refresh_from_db()
    assert bride.household == household
    assert _person_events(bride)[0].changes == {"household": [None, household.pk]}
    assert _household_events(household)[0].changes == {"members_added": [bride.pk]}
    assert _household_events(household)[0].actor == commune_user


def test_adding_a_member_again_changes_nothing(tree, mine, household):
    child = household.members.get(full_name="Lò Thị Ún")
    household_add_member(actor=None, jurisdiction=mine, household=household, person=child)
    assert household.members.count() == 2
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_moving_a_person_takes_them_out_of_their_old_household_and_audits_both(tree, mine, household):
    old_head = household.head
    new_home = household_create(actor=None, jurisdiction=mine, unit=tree.commune, address="Xóm mới")
    household_add_member(actor=None, jurisdiction=mine, household=new_home, person=old_head)
    old_head.refresh_from_db()
    household.refresh_from_db()
    assert old_head.household == new_home
    assert household.head is None  # the old household lost its head
    assert list(household.members.values_list("full_name", flat=True)) == ["Lò Thị Ún"]
    assert _person_events(old_head)[0].changes == {"household": [household.pk, new_home.pk]}
    assert _household_events(household)[0].changes == {
        "members_removed": [old_head.pk],
        "head": [old_head.pk, None],
    }
    assert _household_events(new_home)[0].changes == {"members_added": [old_head.pk]}


def test_moving_a_member_who_is_not_the_head_keeps_the_old_head(tree, mine, household):
    child = household.members.get(full_name="Lò Thị Ún")
    new_home = household_create(actor=None, jurisdiction=mine, unit=tree.village, address="Bản Tả Phìn")
    household_add_member(actor=None, jurisdiction=mine, household=new_home, person=child, head=True)
    household.refresh_from_db()
    new_home.refresh_from_db()
    assert household.head.full_name == "Lò Văn Pọm"
    assert new_home.head == child
    assert _household_events(new_home)[0].changes == {"members_added": [child.pk], "head": [None, child.pk]}


def test_a_person_outside_the_jurisdiction_cannot_be_added(tree, household):
    elsewhere = make_person(tree.other_commune, "Tẩn Láo Lở")
    district = Jurisdiction.of([tree.district.path])
    with pytest.raises(DomainError) as caught:
        household_add_member(actor=None, jurisdiction=district, household=household, person=elsewhere)
    assert caught.value.errors["person"] == ["Người này không thuộc địa bàn bạn quản lý."]
    elsewhere.refresh_from_db()
    assert elsewhere.household is None


def test_a_person_of_another_commune_in_the_jurisdiction_cannot_be_added(tree, household):
    neighbour = make_person(tree.neighbour_commune, "Vàng A Sủ")
    district = Jurisdiction.of([tree.district.path])
    with pytest.raises(DomainError) as caught:
        household_add_member(actor=None, jurisdiction=district, household=household, person=neighbour)
    assert caught.value.errors["person"] == [
        "Vàng A Sủ cư trú ở Xã Sì Lở Lầu, không cùng xã với hộ này. "
        "Sửa nơi cư trú của người này trước khi thêm vào hộ."
    ]


def test_a_household_outside_the_jurisdiction_cannot_be_changed(tree, household):
    theirs = Jurisdiction.of([tree.other_commune.path])
    stranger = make_person(tree.other_commune, "Tẩn Láo Lở")
    with pytest.raises(DomainError) as caught:
        household_add_member(actor=None, jurisdiction=theirs, household=household, person=stranger)
    assert "household" in caught.value.errors
    for change in (household_remove_member, household_set_head):
        with pytest.raises(DomainError):
            change(actor=None, jurisdiction=theirs, household=household, person=household.head)
    household.refresh_from_db()
    assert household.members.count() == 2


def test_removing_a_member_audits_the_person_and_the_household(tree, mine, household):
    child = household.members.get(full_name="Lò Thị Ún")
    household_remove_member(actor=None, jurisdiction=mine, household=household, person=child)
    child.refresh_from_db()
    household.refresh_from_db()
    assert child.household is None
    assert household.head.full_name == "Lò Văn Pọm"
    assert _person_events(child)[0].changes == {"household": [household.pk, None]}
    assert _household_events(household)[0].changes == {"members_removed": [child.pk]}


def test_removing_the_head_leaves_the_household_without_one(tree, mine, household):
    head = household.head
    household_remove_member(actor=None, jurisdiction=mine, household=household, person=head)
    household.refresh_from_db()
    assert household.head is None
    assert _household_events(household)[0].changes == {"members_removed": [head.pk], "head": [head.pk, None]}


def test_removing_someone_who_is_not_a_member_is_refused(tree, mine, household):
    stranger = make_person(tree.village, "Giàng A Tủa")
    with pytest.raises(DomainError) as caught:
        household_remove_member(actor=None, jurisdiction=mine, household=household, person=stranger)
    assert caught.value.errors["person"] == ["Giàng A Tủa không phải thành viên của hộ này."]
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


# --- head ----------------------------------------------------------------------------------------


def test_the_head_can_be_handed_to_another_member(tree, mine, commune_user, household):
    old_head = household.head
    child = household.members.get(full_name="Lò Thị Ún")
    household_set_head(actor=commune_user, jurisdiction=mine, household=household, person=child)
    household.refresh_from_db()
    assert household.head == child
    assert _household_events(household)[0].changes == {"head": [old_head.pk, child.pk]}


def test_the_head_must_be_a_member(tree, mine, household):
    stranger = make_person(tree.village, "Giàng A Tủa")
    with pytest.raises(DomainError) as caught:
        household_set_head(actor=None, jurisdiction=mine, household=household, person=stranger)
    assert caught.value.errors["head"] == ["Chủ hộ phải là thành viên của hộ: Giàng A Tủa chưa thuộc hộ này."]
    household.refresh_from_db()
    assert household.head.full_name == "Lò Văn Pọm"
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_making_the_head_the_head_again_changes_nothing(tree, mine, household):
    household_set_head(actor=None, jurisdiction=mine, household=household, person=household.head)
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()
