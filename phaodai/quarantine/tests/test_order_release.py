"""Releasing an order (not before its last day) and cancelling one issued by mistake."""

import datetime as dt

import pytest
from django.utils import timezone

from phaodai.core import clock
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.facilities.models import Stay
from phaodai.people.tests.factories import make_person
from phaodai.quarantine.reference import OrderPlace, OrderStatus
from phaodai.quarantine.services import order_cancel
from phaodai.quarantine.tests.factories import issue_f1, release

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def order(tree):
    """14 days in a quarantine centre under 5599: 10/11 to 23/11/2021."""
    with clock.pinned(D(2021, 11, 10)):
        return issue_f1(make_person(tree.village, "Lò Văn Pọm"))


def _updates(order) -> int:
    return AuditEvent.objects.filter(
        entity="quarantine.order", entity_id=str(order.pk), action="update"
    ).count()


def _refused(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


class TestRelease:
    def test_release_before_the_end_is_refused_with_the_last_day_and_nothing_is_saved(self, order):
        with clock.pinned(D(2021, 11, 20)):
            error = _refused(lambda: release(order, released_on=D(2021, 11, 20)))
        assert error.errors["released_on"] == ["Chưa hết thời gian cách ly: đến hết ngày 23/11/2021."]
        order.refresh_from_db()
        assert (order.status, order.released_on, order.release_number) == (OrderStatus.ACTIVE, None, "")
        assert Stay.objects.get(person=order.person).discharged_at is None
        assert _updates(order) == 0

    def test_a_release_date_before_the_start_is_refused(self, order):
        with clock.pinned(D(2021, 11, 24)):
            error = _refused(lambda: release(order, released_on=D(2021, 11, 9)))
        assert error.errors["released_on"] == ["Ngày kết thúc không được trước ngày bắt đầu."]

    def test_a_release_date_in_the_future_is_refused(self, order):
        with clock.pinned(D(2021, 11, 23)):
            error = _refused(lambda: release(order, released_on=D(2021, 11, 24)))
        assert error.errors["released_on"] == ["Ngày kết thúc không được sau ngày hôm nay."]

    def test_the_signer_is_required(self, order):
        with clock.pinned(D(2021, 11, 23)):
            error = _refused(lambda: release(order, signer_name=" ", signer_title=""))
        assert error.errors["signer_name"] == ["Họ tên người ký là bắt buộc."]
        assert error.errors["signer_title"] == ["Chức vụ người ký là bắt buộc."]

    def test_release_on_the_last_day_ends_the_order_and_discharges_the_stay(self, order, commune_user):
        with clock.pinned(D(2021, 11, 23)):
            released = release(order, actor=commune_user, release_number="12")
        assert (released.status, released.released_on, released.release_number) == (
            OrderStatus.RELEASED,
            D(2021, 11, 23),
            "12",
        )
        stay = Stay.objects.get(person=order.person)
        assert stay.discharged_at is not None
        assert stay.discharge_reason == "Hoàn thành cách ly"
        event = AuditEvent.objects.get(entity="quarantine.order", action=AuditAction.UPDATE)
        assert event.changes["status"] == ["active", "released"]
        assert event.actor == commune_user

    def test_a_late_release_keeps_the_day_it_was_decided(self, order):
        with clock.pinned(D(2021, 11, 26)):
            released = release(order, released_on=D(2021, 11, 24))
        assert released.released_on == D(2021, 11, 24)
        assert timezone.localtime(Stay.objects.get(person=order.person).discharged_at).date() == D(
            2021, 11, 24
        )

    def test_releasing_twice_is_a_conflict(self, order):
        with clock.pinned(D(2021, 11, 23)):
            release(order)
            with pytest.raises(ConflictError) as caught:
                release(order)
        assert caught.value.message == "Quyết định đã kết thúc cách ly ngày 23/11/2021."

    def test_a_home_order_is_released_without_a_facility(self, tree):
        with clock.pinned(D(2022, 3, 1)):
            home = issue_f1(make_person(tree.commune, "Vàng A Sủ"), place=OrderPlace.HOME)
        with clock.pinned(D(2022, 3, 7)):
            assert release(home).status == OrderStatus.RELEASED

    def test_after_release_a_new_order_may_be_issued(self, order):
        with clock.pinned(D(2021, 11, 23)):
            release(order)
        with clock.pinned(D(2021, 11, 30)):
            again = issue_f1(order.person, facility=order.facility)
        assert again.status == OrderStatus.ACTIVE


class TestCancel:
    def test_cancelling_needs_a_reason(self, order):
        with clock.pinned(D(2021, 11, 12)):
            error = _refused(lambda: order_cancel(actor=None, order=order, reason="  "))
        assert error.errors == {"reason": ["Ghi rõ lý do huỷ quyết định."]}

    def test_cancelling_ends_the_order_and_discharges_the_stay(self, order):
        with clock.pinned(D(2021, 11, 12)):
            cancelled = order_cancel(actor=None, order=order, reason="Nhập nhầm người")
        assert cancelled.status == OrderStatus.CANCELLED
        assert Stay.objects.get(person=order.person).discharged_at is not None
        assert AuditEvent.objects.get(entity="quarantine.order", action="update").changes["reason"] == (
            "Nhập nhầm người"
        )

    def test_a_cancelled_order_cannot_be_released(self, order):
        with clock.pinned(D(2021, 11, 12)):
            order_cancel(actor=None, order=order, reason="Nhập nhầm người")
        with clock.pinned(D(2021, 11, 23)), pytest.raises(ConflictError):
            release(order)
