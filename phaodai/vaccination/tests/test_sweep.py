"""The sweep list of a commune: who to visit, most at risk first, the contraindicated apart; printable and
exported as CSV."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.core import clock
from phaodai.core.models import AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.people.tests.factories import make_person
from phaodai.vaccination.models import Contraindication
from phaodai.vaccination.sweep import Priority, sweep_list
from phaodai.vaccination.tests.factories import give, vaccine_lot

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def residents(tree):
    lot = vaccine_lot(tree.commune, "VC")
    people = {
        "young": make_person(tree.village, "Lò Văn Trẻ", birth_year=1995),
        "old": make_person(tree.village, "Lò Văn Già", birth_year=1950),
        "fifty": make_person(tree.village, "Lò Thị Năm", birth_year=1968, sex="F"),
        "sick": make_person(tree.village, "Lò Văn Bệnh", birth_year=1990, comorbidities=["diabetes"]),
        "pregnant": make_person(tree.village, "Lò Thị Bầu", birth_year=1996, sex="F", pregnant=True),
        "child": make_person(tree.village, "Lò Văn Bé", birth_year=2015),
        "done": make_person(tree.village, "Lò Văn Xong", birth_year=1980),
        "due": make_person(tree.village, "Lò Văn Hẹn", birth_year=1985),
        "barred": make_person(tree.village, "Lò Văn Cấm", birth_year=1955),
        "elsewhere": make_person(tree.other_commune, "Lò Văn Xa", birth_year=1950),
    }
    give(people["done"], lot, D(2021, 9, 1))
    give(people["done"], lot, D(2021, 9, 25))
    give(people["due"], lot, D(2021, 10, 1))
    Contraindication.objects.create(
        person=people["barred"],
        unit=tree.village,
        unit_path=tree.village.path,
        reason="Dị ứng",
        recorded_on=D(2021, 11, 1),
        created_at=clock.now(),
    )
    return people


def test_it_lists_the_unvaccinated_and_the_due_most_at_risk_first(tree, residents):
    found = sweep_list(
        jurisdiction=Jurisdiction.of([tree.province.path]), commune=tree.commune, on=D(2021, 11, 20)
    )
    names = [(p.full_name, getattr(p, "priority", None)) for p in found.persons]
    assert names[:4] == [
        ("Lò Văn Già", Priority.AGE_65),
        ("Lò Thị Năm", Priority.AGE_50),
        ("Lò Văn Bệnh", Priority.COMORBID),
        ("Lò Thị Bầu", Priority.PREGNANT),
    ]
    assert {name for name, _ in names[4:]} == {"Lò Văn Trẻ", "Lò Văn Hẹn"}
    assert found.contraindicated == 1
    assert found.min_age == 12


def test_the_page_is_printable_and_counts_the_contraindicated(commune_user, tree, residents):
    page = (
        client_for(commune_user).get(reverse("vaccination:sweep"), {"xa": tree.commune.pk}).content.decode()
    )
    assert "Lò Văn Già" in page
    assert "Lò Văn Cấm" not in page
    assert "1 người chống chỉ định" in page
    assert "vaccination/print.css" in page
    assert "Mũi 2 từ 22/10/2021" in page


def _body(response):
    return b"".join(response.streaming_content).decode()


def test_the_export_streams_csv_and_is_audited(commune_user, tree, residents):
    response = client_for(commune_user).get(reverse("vaccination:sweep_export"), {"xa": tree.commune.pk})
    body = _body(response)
    assert body.startswith("\ufeff")
    assert body.count("\n") == 7
    assert "Lò Văn Già" in body
    assert "Lò Văn Cấm" not in body
    assert AuditEvent.objects.get(entity="vaccination.sweep").row_count == 6


def test_it_returns_404_outside_jurisdiction(outsider, tree, residents):
    client = client_for(outsider)
    assert client.get(reverse("vaccination:sweep_export"), {"xa": tree.commune.pk}).status_code == 404
    page = client.get(reverse("vaccination:sweep"), {"xa": tree.commune.pk}).content.decode()
    assert "Lò Văn Già" not in page
