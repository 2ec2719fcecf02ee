import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations(tree):
    OrganisationFactory(
        unit=tree.commune, kind=OrganisationKind.COMMUNITY_TEAM, name="Tổ COVID cộng đồng bản Tả Phìn"
    )
    OrganisationFactory(
        unit=tree.other_commune, kind=OrganisationKind.COMMUNE_HEALTH_STATION, name="Trạm Y tế xã Pa Tần"
    )


def test_district_user_sees_the_organisations_below_only(district_user, organisations):
    page = client_for(district_user).get(reverse("accounts:organisations")).content.decode()
    assert "Tổ COVID cộng đồng bản Tả Phìn" in page
    assert "Trạm Y tế xã Pa Tần" not in page


def test_the_list_filters_by_kind(province_user, organisations):
    url = reverse("accounts:organisations")
    page = client_for(province_user).get(url, {"kind": "community_team"}).content.decode()
    assert "Tổ COVID cộng đồng bản Tả Phìn" in page
    assert "Trạm Y tế xã Pa Tần" not in page


def test_it_returns_404_outside_jurisdiction(outsider, organisations, tree):
    from phaodai.accounts.models import Organisation

    hidden = Organisation.objects.get(name="Tổ COVID cộng đồng bản Tả Phìn")
    assert client_for(outsider).get(f"/api/organisations/{hidden.pk}/").status_code == 404
    names = [row["name"] for row in client_for(outsider).get("/api/organisations/").json()["results"]]
    assert "Tổ COVID cộng đồng bản Tả Phìn" not in names
