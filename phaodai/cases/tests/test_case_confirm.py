"""Confirming a suspected case from its page: the definition in force decides, the page says why."""

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.cases.models import CaseEvent, EventKind
from phaodai.cases.reference import CaseStatus, TestKind
from phaodai.cases.tests.factories import TODAY, register
from phaodai.core import clock
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


@pytest.fixture
def suspected(tree):
    case = register(make_person(tree.village, "Lò Văn Pọm", birth_year=1990), test_kind=TestKind.RAT_STAFF)
    assert case.status == CaseStatus.SUSPECTED
    return case


def _confirm(user, case, **fields):
    data = {"test_kind": TestKind.PCR, "on": TODAY.strftime("%d/%m/%Y"), **fields}
    return client_for(user).post(reverse("cases:confirm", args=[case.pk]), data)


def test_a_positive_pcr_confirms_the_suspected_case_and_adds_it_to_the_timeline(suspected, commune_user):
    response = _confirm(commune_user, suspected)
    assert response.status_code == 302
    suspected.refresh_from_db()
    assert (suspected.status, suspected.basis) == (CaseStatus.ACTIVE, "pcr")
    assert CaseEvent.objects.filter(case=suspected, kind=EventKind.CONFIRMED).exists()


def test_a_second_staff_rapid_test_alone_is_refused_on_the_test_kind_field(suspected, commune_user):
    response = _confirm(commune_user, suspected, test_kind=TestKind.RAT_STAFF)
    assert response.status_code == 200
    assert "chưa đủ khẳng định F0" in response.context["form"].errors["test_kind"][0]
    suspected.refresh_from_db()
    assert suspected.status == CaseStatus.SUSPECTED


def test_the_detail_page_offers_confirmation_only_for_a_suspected_case(suspected, commune_user):
    client = client_for(commune_user)
    url = reverse("cases:confirm", args=[suspected.pk])
    assert url in client.get(reverse("cases:detail", args=[suspected.pk])).content.decode()
    _confirm(commune_user, suspected)
    assert url not in client.get(reverse("cases:detail", args=[suspected.pk])).content.decode()


def test_it_returns_404_outside_jurisdiction(suspected, outsider):
    assert _confirm(outsider, suspected).status_code == 404
