"""A person's vaccination page: history, next dose due, dose entry (POST-redirect-GET), refusals shown on
their fields, contraindications."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.people.tests.factories import make_person
from phaodai.vaccination.models import Contraindication, Dose
from phaodai.vaccination.tests.factories import give, vaccine_lot

pytestmark = pytest.mark.django_db


@pytest.fixture
def adult(tree):
    return make_person(tree.village, "Lò Văn Pọm", birth_year=1970)


@pytest.fixture
def vero(tree):
    return vaccine_lot(tree.commune, "VC", number="VC-A1")


def _post_dose(client, person, lot, site, **fields):
    data = {
        "number": 1,
        "kind": "primary",
        "product": lot.item.code,
        "lot": lot.pk,
        "given_on": "01/09/2021",
        "unit": site.pk,
        **fields,
    }
    return client.post(reverse("vaccination:dose_add", args=[person.pk]), data)


def test_the_page_shows_history_next_due_and_the_rule_used(commune_user, adult, vero):
    give(adult, vero, dt.date(2021, 9, 1))
    page = client_for(commune_user).get(reverse("vaccination:person", args=[adult.pk])).content.decode()
    assert "VC-A1" in page
    assert "Mũi 2 tiêm từ ngày 22/09/2021" in page
    assert "quá hạn" in page
    assert "3588/QĐ-BYT" in page


def test_a_dose_is_entered_and_the_page_redirects(commune_user, tree, adult, vero):
    response = _post_dose(client_for(commune_user), adult, vero, tree.commune)
    assert response.status_code == 302
    assert response["Location"] == reverse("vaccination:person", args=[adult.pk])
    assert Dose.objects.get(person=adult).lot == vero


def test_a_refused_dose_shows_the_reason_on_its_field(commune_user, tree, adult, vero):
    client = client_for(commune_user)
    _post_dose(client, adult, vero, tree.commune)
    response = _post_dose(client, adult, vero, tree.commune, number=2, given_on="10/09/2021")
    assert response.status_code == 200
    page = response.content.decode()
    assert "sớm nhất ngày 22/09/2021" in page
    assert 'id="field-given_on"' in page
    assert Dose.objects.filter(person=adult).count() == 1


def test_a_contraindication_is_recorded(commune_user, adult):
    client = client_for(commune_user)
    response = client.post(
        reverse("vaccination:contraindication_add", args=[adult.pk]),
        {"reason": "Sốc phản vệ độ 2 sau mũi 1", "until": ""},
    )
    assert response.status_code == 302
    assert Contraindication.objects.get(person=adult).until is None
    page = client.get(reverse("vaccination:person", args=[adult.pk])).content.decode()
    assert "Sốc phản vệ" in page


@pytest.mark.parametrize(
    "name", ["vaccination:person", "vaccination:dose_add", "vaccination:contraindication_add"]
)
def test_it_returns_404_outside_jurisdiction(outsider, adult, name):
    client = client_for(outsider)
    assert client.get(reverse(name, args=[adult.pk])).status_code == 404
    assert client.post(reverse(name, args=[adult.pk]), {}).status_code == 404
