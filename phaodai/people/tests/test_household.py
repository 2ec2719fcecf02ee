import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.people.models import Household
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


def test_the_household_page_lists_its_members_eldest_first(commune_user, household):
    page = client_for(commune_user).get(reverse("people:household", args=[household.pk])).content.decode()
    assert page.index("Lò Văn Pọm") < page.index("Lò Thị Ún")
    assert "chủ hộ" in page


def test_it_returns_404_outside_jurisdiction(outsider, household):
    assert client_for(outsider).get(reverse("people:household", args=[household.pk])).status_code == 404
