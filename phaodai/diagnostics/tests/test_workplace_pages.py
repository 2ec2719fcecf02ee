"""Enterprise and shift pages: workers, a shift's cleared and missing workers, compliance of the day."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from phaodai.core import clock
from phaodai.diagnostics.models import Enterprise, Shift
from phaodai.diagnostics.reference import Outcome
from phaodai.diagnostics.tests.factories import make_lab, record, take
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise(tree, district_user):
    client = client_for(district_user)
    client.post(
        reverse("diagnostics:enterprise_create"),
        {"unit": tree.commune.pk, "name": "Công ty May Phong Thổ", "address": "Bản Tả Phìn"},
    )
    enterprise = Enterprise.objects.get()
    persons = [make_person(tree.village, name) for name in ("Lò Văn Pọm", "Vàng A Sủ")]
    response = client.post(
        reverse("diagnostics:workers_add", args=[enterprise.pk]),
        {"persons": " ".join(str(p.pk) for p in persons)},
    )
    assert response.status_code == 302
    return enterprise


@pytest.fixture
def shift(enterprise, district_user):
    workers = list(enterprise.workers.values_list("pk", flat=True))
    client_for(district_user).post(
        reverse("diagnostics:shift_create", args=[enterprise.pk]),
        {
            "name": "Ca sáng",
            "day": clock.today().strftime("%d/%m/%Y"),
            "starts_at": "00:00",
            "workers": workers,
        },
    )
    return Shift.objects.get()


def test_the_shift_page_shows_who_may_start(tree, commune_user, shift):
    start = timezone.make_aware(dt.datetime.combine(shift.day, shift.starts_at))
    worker = shift.workers.select_related("person").get(person__full_name="Lò Văn Pọm")
    sample = take(worker.person, lab=make_lab(tree.province), taken_at=start - dt.timedelta(hours=30))
    record(sample, Outcome.NEGATIVE, resulted_at=start - dt.timedelta(hours=20))
    page = client_for(commune_user).get(reverse("diagnostics:shift", args=[shift.pk])).content.decode()
    missing, cleared = page.split('id="missing"')[1].split('id="cleared"')
    assert "Vàng A Sủ" in missing
    assert "Lò Văn Pọm" in cleared
    assert "1/2 người" in page
    assert "SX-AN-TOAN-72H" in page


def test_the_enterprise_list_shows_the_days_compliance(commune_user, shift):
    page = client_for(commune_user).get(reverse("diagnostics:enterprises")).content.decode()
    assert "0/2 (0%)" in page.split('id="compliance"')[1]


def test_unknown_person_ids_are_refused_on_the_field(district_user, enterprise):
    response = client_for(district_user).post(
        reverse("diagnostics:workers_add", args=[enterprise.pk]), {"persons": "999999"}
    )
    assert "Không có người mang mã 999999" in response.content.decode()


def test_it_returns_404_outside_jurisdiction(outsider, enterprise, shift):
    client = client_for(outsider)
    assert client.get(reverse("diagnostics:enterprise", args=[enterprise.pk])).status_code == 404
    assert client.get(reverse("diagnostics:shift", args=[shift.pk])).status_code == 404
    assert enterprise.name not in client.get(reverse("diagnostics:enterprises")).content.decode()
