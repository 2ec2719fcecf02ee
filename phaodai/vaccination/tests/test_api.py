"""The vaccination API: scoped, paginated lists filtered by unit and date; doses recorded through the same
service as the pages, refusals in the one error shape."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.geo.models import AgeBand, Population
from phaodai.people.tests.factories import make_person
from phaodai.vaccination.models import Dose
from phaodai.vaccination.tests.factories import give, vaccine_lot

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def doses(tree):
    lot = vaccine_lot(tree.commune, "VC")
    other = vaccine_lot(tree.other_commune, "VC")
    give(make_person(tree.village, "Lò Văn Pọm", birth_year=1970), lot, D(2021, 9, 1))
    give(make_person(tree.village, "Lò Văn Sáng", birth_year=1972), lot, D(2021, 10, 1))
    give(make_person(tree.other_commune, "Giàng A Lử", birth_year=1960), other, D(2021, 10, 1))
    return lot


def test_doses_are_scoped_and_filtered_by_unit_and_date(district_user, outsider, tree, doses):
    client = client_for(district_user)
    body = client.get(reverse("vaccination-dose-list")).json()
    assert body["count"] == 2
    body = client.get(
        reverse("vaccination-dose-list"), {"since": "2021-09-15", "unit": tree.commune.pk}
    ).json()
    assert [row["person_name"] for row in body["results"]] == ["Lò Văn Sáng"]
    assert client.get(reverse("vaccination-dose-list"), {"unit": tree.other_commune.pk}).status_code == 404
    assert client.get(reverse("vaccination-dose-list"), {"since": "x"}).status_code == 400


def test_a_dose_is_recorded_or_refused_with_the_reason(commune_user, tree, doses):
    person = make_person(tree.village, "Vàng A Sử", birth_year=1980)
    client = client_for(commune_user)
    payload = {
        "person": person.pk,
        "number": 2,
        "product": "VC",
        "lot": doses.pk,
        "given_on": "2021-11-01",
        "unit": tree.commune.pk,
    }
    refused = client.post(reverse("vaccination-dose-list"), payload, content_type="application/json")
    assert refused.status_code == 400
    assert "chưa có mũi 1" in refused.json()["errors"]["number"][0]
    created = client.post(
        reverse("vaccination-dose-list"), {**payload, "number": 1}, content_type="application/json"
    )
    assert created.status_code == 201
    assert Dose.objects.get(pk=created.json()["id"]).person == person


def test_sessions_and_coverage(district_user, tree, doses):
    Population.objects.create(
        unit=tree.commune, unit_path=tree.commune.path, year=2021, band=AgeBand.AGE_50_64, count=4
    )
    client = client_for(district_user)
    created = client.post(
        reverse("vaccination-session-list"),
        {"unit": tree.commune.pk, "team": "Đội 1", "held_on": "2021-11-20", "planned": 50},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert client.get(reverse("vaccination-session-list")).json()["results"][0]["planned"] == 50
    body = client.get(reverse("vaccination-coverage-list"), {"unit": tree.district.pk}).json()
    commune = next(row for row in body["results"] if row["unit"] == tree.commune.pk)
    band = next(cell for cell in commune["bands"] if cell["band"] == "50-64")
    assert (band["population"], band["dose1"]) == (4, 25)  # born 1970: 51; born 1972: 49


def test_it_returns_404_outside_jurisdiction(outsider, tree, doses):
    client = client_for(outsider)
    pk = Dose.objects.filter(unit=tree.commune).values_list("pk", flat=True)[0]
    assert client.get(reverse("vaccination-dose-detail", args=[pk])).status_code == 404
    assert client.get(reverse("vaccination-coverage-list"), {"unit": tree.district.pk}).status_code == 404


def test_the_due_list_of_a_district(district_user, tree, doses):
    body = client_for(district_user).get(reverse("vaccination-due-list"), {"on": "2021-10-25"}).json()
    assert [(row["person_name"], row["next_due_on"]) for row in body["results"]] == [
        ("Lò Văn Pọm", "2021-09-22"),
        ("Lò Văn Sáng", "2021-10-22"),
    ]
