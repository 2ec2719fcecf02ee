"""The sample pages: list, taking a sample, reporting a self-test, entering a result (POST, then redirect)."""

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.core.access import access_for_user
from phaodai.core.home import counters
from phaodai.diagnostics.models import Result, Sample
from phaodai.diagnostics.reference import Outcome, SampleKind
from phaodai.diagnostics.tests.factories import hours_ago, make_lab, rapid_kit, record, stock, take
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(tree):
    return make_person(tree.village, "Lò Văn Pọm")


def _moment(value):
    return value.strftime("%Y-%m-%dT%H:%M")


def test_the_list_shows_samples_and_results(tree, commune_user, person, django_assert_max_num_queries):
    lab = make_lab(tree.province)
    record(take(person, lab=lab), Outcome.NEGATIVE)
    for index in range(5):
        take(make_person(tree.village, f"Vàng A Sủ {index}"), lab=lab)
    client = client_for(commune_user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("diagnostics:samples")).content.decode()
    assert "Lò Văn Pọm" in page
    assert "Âm tính" in page
    waiting = client.get(reverse("diagnostics:samples") + "?cho=1", HTTP_HX_REQUEST="true").content.decode()
    assert "Lò Văn Pọm" not in waiting
    assert "Vàng A Sủ 0" in waiting
    assert "<h1>" not in waiting  # the fragment only


def test_a_staff_rapid_test_is_taken_from_the_form(tree, commune_user, person):
    kit = rapid_kit()
    stock(tree.commune, kit, 2)
    response = client_for(commune_user).post(
        reverse("diagnostics:sample_create"),
        {
            "person": person.pk,
            "kind": SampleKind.RAT_STAFF,
            "reason": "screening",
            "taken_at": _moment(hours_ago(1)),
            "kit": kit.pk,
        },
    )
    sample = Sample.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("diagnostics:sample", args=[sample.pk])
    assert sample.stock_movement is not None


def test_the_form_shows_the_ledgers_refusal_on_the_kit(tree, commune_user, person):
    kit = rapid_kit()
    stock(tree.district, kit, 2)
    response = client_for(commune_user).post(
        reverse("diagnostics:sample_create"),
        {
            "person": person.pk,
            "kind": SampleKind.RAT_STAFF,
            "reason": "f1",
            "taken_at": _moment(hours_ago(1)),
            "kit": kit.pk,
        },
    )
    assert response.status_code == 200
    assert "Vượt tồn kho" in response.content.decode()
    assert not Sample.objects.exists()


def test_a_self_test_is_reported_with_its_result(commune_user, person):
    response = client_for(commune_user).post(
        reverse("diagnostics:self_test"),
        {
            "person": person.pk,
            "reason": "screening",
            "taken_at": _moment(hours_ago(2)),
            "outcome": Outcome.NEGATIVE,
            "reporter": "relative",
            "reporter_name": "Lò Thị Dung",
        },
    )
    assert response.status_code == 302
    result = Result.objects.select_related("sample").get()
    assert (result.sample.kind, result.sample.reporter_name, result.outcome) == (
        SampleKind.RAT_SELF,
        "Lò Thị Dung",
        Outcome.NEGATIVE,
    )


def test_a_self_test_in_the_future_is_refused_on_its_field(commune_user, person):
    response = client_for(commune_user).post(
        reverse("diagnostics:self_test"),
        {
            "person": person.pk,
            "reason": "screening",
            "taken_at": _moment(hours_ago(-48)),
            "outcome": "negative",
            "reporter": "self",
        },
    )
    assert response.status_code == 200
    assert "không được ở tương lai" in response.content.decode()
    assert not Sample.objects.exists()


def test_a_result_is_entered_on_the_samples_page(tree, commune_user, person):
    lab = make_lab(tree.province)
    sample = take(person, lab=lab)
    client = client_for(commune_user)
    assert "Nhập kết quả" in client.get(reverse("diagnostics:sample", args=[sample.pk])).content.decode()
    response = client.post(
        reverse("diagnostics:result", args=[sample.pk]),
        {"outcome": Outcome.NEGATIVE, "resulted_at": _moment(hours_ago(0.1)), "lab": lab.pk},
    )
    assert response.status_code == 302
    assert Result.objects.get().outcome == Outcome.NEGATIVE


def test_it_returns_404_outside_jurisdiction(tree, outsider, person):
    sample = take(person, lab=make_lab(tree.province))
    client = client_for(outsider)
    assert client.get(reverse("diagnostics:sample", args=[sample.pk])).status_code == 404
    assert (
        client.post(reverse("diagnostics:result", args=[sample.pk]), {"outcome": "positive"}).status_code
        == 404
    )
    assert "Lò Văn Pọm" not in client.get(reverse("diagnostics:samples")).content.decode()
    response = client.post(
        reverse("diagnostics:self_test"),
        {
            "person": person.pk,
            "reason": "screening",
            "taken_at": _moment(hours_ago(1)),
            "outcome": "negative",
            "reporter": "self",
        },
    )
    assert "Không có người mang mã" in response.content.decode()


def test_the_home_page_counts_samples_waiting_for_a_result(tree, commune_user, person):
    take(person, lab=make_lab(tree.province))
    found = {counter.label: counter.value for counter in counters(access_for_user(commune_user))}
    assert found["Mẫu chờ kết quả"] == 1
    assert found["Mẫu gộp dương tính chờ xét nghiệm lại"] == 0


def test_a_persons_page_links_to_the_sample_form_with_the_person_filled_in(commune_user, person):
    page = client_for(commune_user).get(reverse("people:detail", args=[person.pk])).content.decode()
    link = reverse("diagnostics:sample_create") + f"?nguoi={person.pk}"
    assert link in page
    form = client_for(commune_user).get(link).content.decode()
    assert f'value="{person.pk}"' in form
