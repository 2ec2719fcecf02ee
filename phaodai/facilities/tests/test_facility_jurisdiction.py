"""Which facilities a user sees: their organisation's units decide, on the pages and the API alike."""

import pytest
from django.urls import reverse

from conftest import _user, client_for
from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.facilities.tests.factories import FacilityFactory, admit
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilities(tree):
    here = FacilityFactory(unit=tree.commune, name="Khu cách ly Dào San")
    return {
        "here": here,
        "neighbour": FacilityFactory(unit=tree.neighbour_commune, name="Khu cách ly Sì Lở Lầu"),
        "elsewhere": FacilityFactory(unit=tree.other_commune, name="Khu cách ly Pa Tần"),
        "stay": admit(here, make_person(tree.village, "Lò Văn Pọm")),
    }


@pytest.fixture
def other_manager(tree):
    """A district health centre of the other district: may manage facilities, none of Phong Thổ's."""
    return _user(tree.other_district, Role.DISTRICT_HEALTH, OrganisationKind.DISTRICT_HEALTH_CENTRE, "ttyt2")


def test_a_commune_user_sees_only_their_commune(commune_user, facilities):
    page = client_for(commune_user).get(reverse("facilities:list")).content.decode()
    assert "Khu cách ly Dào San" in page
    assert "Khu cách ly Sì Lở Lầu" not in page
    assert "Khu cách ly Pa Tần" not in page


def test_a_district_user_sees_the_district_and_nothing_beside(district_user, facilities):
    page = client_for(district_user).get(reverse("facilities:list")).content.decode()
    assert "Khu cách ly Dào San" in page
    assert "Khu cách ly Sì Lở Lầu" in page
    assert "Khu cách ly Pa Tần" not in page


@pytest.mark.parametrize("name", ["facilities:detail", "facilities:admit"])
def test_it_returns_404_outside_jurisdiction(outsider, facilities, name):
    response = client_for(outsider).get(reverse(name, args=[facilities["here"].pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["facilities:edit", "facilities:close"])
def test_a_manager_elsewhere_gets_404_for_the_management_pages(other_manager, facilities, name):
    client = client_for(other_manager)
    assert client.get(reverse(name, args=[facilities["here"].pk])).status_code == 404
    assert client.post(reverse(name, args=[facilities["here"].pk]), {}).status_code == 404


def test_the_outsider_cannot_discharge_or_admit_by_post(outsider, facilities):
    client = client_for(outsider)
    stay = facilities["stay"]
    assert client.post(reverse("facilities:discharge", args=[stay.pk]), {}).status_code == 404
    assert client.post(reverse("facilities:admit", args=[facilities["here"].pk]), {}).status_code == 404
    stay.refresh_from_db()
    assert stay.discharged_at is None


def test_a_user_without_organisation_sees_nothing(homeless_user, facilities):
    client = client_for(homeless_user)
    assert client.get(reverse("facilities:list")).status_code == 403
    assert client.get("/api/facilities/").status_code == 403


def test_the_api_list_is_scoped(district_user, facilities):
    names = {row["name"] for row in client_for(district_user).get("/api/facilities/").json()["results"]}
    assert names == {"Khu cách ly Dào San", "Khu cách ly Sì Lở Lầu"}


def test_the_api_returns_404_outside_jurisdiction(outsider, facilities):
    client = client_for(outsider)
    response = client.get(f"/api/facilities/{facilities['here'].pk}/")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy."
    assert client.get(f"/api/facility-stays/{facilities['stay'].pk}/").status_code == 404
    assert client.get("/api/facility-stays/", {"facility": facilities["here"].pk}).status_code == 404
    discharge = client.post(
        f"/api/facility-stays/{facilities['stay'].pk}/discharge/", {}, content_type="application/json"
    )
    assert discharge.status_code == 404


def test_the_api_update_returns_404_to_a_manager_elsewhere(other_manager, facilities):
    response = client_for(other_manager).put(
        f"/api/facilities/{facilities['here'].pk}/", {}, content_type="application/json"
    )
    assert response.status_code == 404


def test_a_commune_user_may_not_create_through_the_api(commune_user, tree):
    response = client_for(commune_user).post("/api/facilities/", {}, content_type="application/json")
    assert response.status_code == 403
