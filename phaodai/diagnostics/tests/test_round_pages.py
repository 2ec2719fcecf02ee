"""Round pages: the list and a round's progress and positivity from its counters."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.core import clock
from phaodai.diagnostics.models import Round
from phaodai.diagnostics.reference import Outcome, Reason
from phaodai.diagnostics.tests.factories import everywhere, make_lab, record, take
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(tree, district_user):
    day = clock.today().strftime("%d/%m/%Y")
    yesterday = (clock.today() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client_for(district_user).post(
        reverse("diagnostics:round_create"),
        {
            "name": "Xét nghiệm toàn bản Tả Phìn",
            "unit": tree.commune.pk,
            "target": "zone",
            "areas": [tree.village.pk],
            "planned": 4,
            "starts_on": yesterday,
            "due_on": day,
        },
    )
    round_ = Round.objects.get()
    assert response["Location"] == reverse("diagnostics:round", args=[round_.pk])
    return round_


def test_the_round_page_shows_progress_and_positivity(tree, commune_user, round_):
    lab = make_lab(tree.province)
    here = everywhere(tree.commune)
    for name, outcome in (("Lò Văn Pọm", Outcome.POSITIVE), ("Vàng A Sủ", Outcome.NEGATIVE)):
        sample = take(
            make_person(tree.village, name), lab=lab, round=round_, reason=Reason.ROUND, jurisdiction=here
        )
        record(sample, outcome, jurisdiction=here)
    client = client_for(commune_user)
    page = client.get(reverse("diagnostics:round", args=[round_.pk])).content.decode()
    assert "2/4 (50%)" in page
    assert "1/2 (50%)" in page
    assert "Xét nghiệm toàn bản Tả Phìn" in client.get(reverse("diagnostics:rounds")).content.decode()


def test_a_commune_station_may_not_plan_a_round(commune_user):
    assert client_for(commune_user).get(reverse("diagnostics:round_create")).status_code == 403


def test_it_returns_404_outside_jurisdiction(outsider, round_):
    client = client_for(outsider)
    assert client.get(reverse("diagnostics:round", args=[round_.pk])).status_code == 404
    assert round_.name not in client.get(reverse("diagnostics:rounds")).content.decode()
