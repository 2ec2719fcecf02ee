"""An F1 under quarantine who becomes a case: the order ends as "became F0" and points to the case."""

import datetime as dt

import pytest

from phaodai.cases.tests.factories import register
from phaodai.core import clock
from phaodai.core.models import AuditEvent
from phaodai.facilities.models import Stay
from phaodai.people.tests.factories import make_person
from phaodai.quarantine.models import Order
from phaodai.quarantine.reference import OrderStatus
from phaodai.quarantine.tests.factories import issue_f1

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_case_opened_for_a_quarantined_f1_turns_the_order_into_became_case(tree, commune_user):
    person = make_person(tree.village, "Lò Văn Pọm")
    other = make_person(tree.village, "Vàng A Sủ")
    with clock.pinned(D(2021, 11, 10)):
        order = issue_f1(person)
        untouched = issue_f1(other, facility=order.facility)
    with clock.pinned(D(2021, 11, 15)):
        case = register(person, actor=commune_user)
    order.refresh_from_db()
    assert (order.status, order.case) == (OrderStatus.BECAME_CASE, case)
    assert Order.objects.get(pk=untouched.pk).status == OrderStatus.ACTIVE
    event = AuditEvent.objects.filter(
        entity="quarantine.order", entity_id=str(order.pk), action="update"
    ).get()
    assert event.changes["status"] == ["active", "became_case"]
    assert event.actor == commune_user
    # Where the new case stays is the case registry's call: flagged positive in the quarantine centre.
    stay = Stay.objects.get(person=person)
    assert stay.discharged_at is None
    assert stay.positive_flagged_at is not None


def test_a_case_for_someone_without_an_order_changes_no_order(tree):
    with clock.pinned(D(2021, 11, 15)):
        register(make_person(tree.commune, "Giàng Thị Mai", sex="F"))
    assert not Order.objects.exists()
    assert not AuditEvent.objects.filter(entity="quarantine.order").exists()
