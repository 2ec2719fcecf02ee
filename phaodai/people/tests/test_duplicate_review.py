"""A person decides on possible duplicates: merge into the older record, or keep both."""

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.people.models import DuplicateReview, Household, Person, ReviewDecision
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def namesakes(tree):
    older = make_person(tree.commune, "Giàng A Páo", birth_year=1990)
    newer = make_person(tree.village, "Giàng A Páo", birth_year=1990)
    return older, newer, DuplicateReview.objects.get()


def _resolve(user, review, decision):
    return client_for(user).post(
        reverse("people:duplicate_resolve", args=[review.pk]), {"decision": decision}
    )


def test_same_person_merges_the_newer_record_into_the_older(commune_user, namesakes):
    older, newer, review = namesakes
    household = Household.objects.create(unit=newer.unit, unit_path=newer.unit_path, head=newer)
    _resolve(commune_user, review, "same")
    assert list(Person.objects.all()) == [older]
    household.refresh_from_db()
    assert household.head == older
    review.refresh_from_db()
    assert review.decision == ReviewDecision.SAME
    assert review.resolved_by == commune_user
    assert review.submitted["id"] == newer.pk
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, entity_id=str(newer.pk)).exists()


def test_different_persons_keeps_both(commune_user, namesakes):
    _older, _newer, review = namesakes
    _resolve(commune_user, review, "distinct")
    assert Person.objects.count() == 2
    review.refresh_from_db()
    assert review.decision == ReviewDecision.DISTINCT
    page = client_for(commune_user).get(reverse("people:duplicates")).content.decode()
    assert "Giàng A Páo" not in page


def test_a_decision_is_taken_once(commune_user, namesakes):
    _older, _newer, review = namesakes
    _resolve(commune_user, review, "distinct")
    assert _resolve(commune_user, review, "same").status_code == 404
    assert Person.objects.count() == 2


def test_an_unknown_decision_changes_nothing(commune_user, namesakes):
    _older, _newer, review = namesakes
    _resolve(commune_user, review, "maybe")
    review.refresh_from_db()
    assert review.resolved_at is None


def test_it_returns_404_outside_jurisdiction(outsider, namesakes):
    _older, _newer, review = namesakes
    assert _resolve(outsider, review, "same").status_code == 404
    assert Person.objects.count() == 2
