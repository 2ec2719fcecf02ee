"""Arrivals from outbreak zones become follow-ups for the destination commune, under the rule set in
force; the commune closes them. Zones: the administrator's list, through zone_of."""

import datetime as dt

import pytest

from phaodai.checkpoints.models import FollowUp, Passage
from phaodai.checkpoints.reference import Decision, Direction, FollowUpAction, FollowUpStatus
from phaodai.checkpoints.services import follow_up_close, zone_create, zone_end
from phaodai.checkpoints.tests.factories import at, record
from phaodai.checkpoints.zones import zone_of
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditEvent
from phaodai.core.scoping import Jurisdiction

pytestmark = pytest.mark.django_db
TODAY = dt.date(2021, 11, 20)


def test_zone_of_answers_the_highest_level_holding_a_place_that_day(places):
    zone_create(
        actor=None,
        unit=places.hanoi,
        level=3,
        valid_from=dt.date(2021, 10, 1),
        valid_to=dt.date(2021, 11, 10),
        reason="Thông báo cấp độ dịch",
    )
    commune = places.hanoi_commune.path
    assert [
        hit.level if hit else None
        for hit in (zone_of(commune, on=TODAY), zone_of(commune, on=dt.date(2021, 10, 15)))
    ] == [4, 3]
    assert zone_of(commune, on=dt.date(2021, 9, 1)) is None
    assert zone_of(places.dien_bien.path, on=TODAY) is None


def test_an_arrival_from_a_zone_is_handed_to_the_destination_commune(checkpoint, places, tree):
    passage = record(
        checkpoint,
        at=at(TODAY, 9),
        plate="",
        full_name="Lò Thị Mai",
        national_id="012345678901",
        origin=places.hanoi_commune,
        destination=tree.village,
        decision=Decision.MONITOR,
        reason="Đến từ vùng dịch",
    )
    item = FollowUp.objects.get(passage=passage)
    assert (item.unit, item.zone_level, item.action) == (tree.village, 4, FollowUpAction.QUARANTINE)
    assert (item.due_on, item.until) == (TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=7))
    assert item.rules.code == "DEN-TU-VUNG-DICH-2021"
    assert passage.zone_level == 4


def test_no_follow_up_when_turned_back_leaving_or_not_from_a_zone(checkpoint, places, tree):
    common = {"plate": "", "full_name": "Giàng A Lử", "destination": tree.commune}
    record(
        checkpoint, origin=places.hanoi_commune, decision=Decision.TURNED_BACK, reason="Không giấy", **common
    )
    record(checkpoint, origin=places.hanoi_commune, direction=Direction.OUT, **common)
    record(checkpoint, origin=places.dien_bien, **common)
    assert Passage.objects.count() == 3
    assert FollowUp.objects.count() == 0


def test_an_arrival_from_a_zone_needs_a_destination(checkpoint, places):
    with pytest.raises(DomainError) as refused:
        record(checkpoint, origin=places.hanoi_commune)
    assert "ghi nơi đến" in refused.value.errors["destination"][0]
    assert Passage.objects.count() == 0


def test_an_ended_zone_no_longer_creates_follow_ups(checkpoint, places, tree):
    zone = places.hanoi_district.path
    from phaodai.checkpoints.models import Zone

    province = Jurisdiction.of([tree.province.path])
    zone_end(
        actor=None,
        jurisdiction=province,
        zone=Zone.objects.get(unit_path=zone),
        valid_to=dt.date(2021, 11, 19),
    )
    record(checkpoint, origin=places.hanoi_commune, destination=tree.commune)
    assert FollowUp.objects.count() == 0


def test_the_commune_closes_a_follow_up_once(checkpoint, places, tree, team):
    passage = record(checkpoint, origin=places.hanoi_commune, destination=tree.commune)
    item = FollowUp.objects.get(passage=passage)
    mine = Jurisdiction.of([tree.commune.path])
    with pytest.raises(DomainError):
        follow_up_close(actor=team, jurisdiction=mine, follow_up=item, outcome=" ")
    closed = follow_up_close(actor=team, jurisdiction=mine, follow_up=item, outcome="Đã đưa vào khu cách ly")
    assert (closed.status, closed.closed_by) == (FollowUpStatus.CLOSED, team)
    with pytest.raises(ConflictError):
        follow_up_close(actor=team, jurisdiction=mine, follow_up=item, outcome="lại")
    with pytest.raises(DomainError):
        follow_up_close(
            actor=team, jurisdiction=Jurisdiction.of([tree.other_commune.path]), follow_up=item, outcome="x"
        )


def test_the_follow_up_handed_to_the_commune_has_its_own_audit_row_there(checkpoint, places, tree):
    passage = record(
        checkpoint,
        at=at(TODAY, 9),
        plate="",
        full_name="Lò Thị Mai",
        national_id="012345678901",
        origin=places.hanoi_commune,
        destination=tree.village,
        decision=Decision.MONITOR,
        reason="Đến từ vùng dịch",
    )
    item = FollowUp.objects.get(passage=passage)
    event = AuditEvent.objects.get(entity="checkpoints.followup", entity_id=str(item.pk))
    assert event.unit_path == item.unit_path
    assert "Lò Thị Mai" in event.summary


def _from_dien_bien(checkpoint, places, tree, day, hour=9, **fields):
    common = {
        "plate": "",
        "full_name": "Lò Văn Sáng",
        "origin": places.dien_bien,
        "destination": tree.commune,
    }
    return record(checkpoint, at=at(day, hour), **{**common, **fields})


def test_a_zone_declared_from_a_past_day_hands_over_the_arrivals_already_recorded(checkpoint, places, tree):
    ended = dt.date(2021, 11, 12)  # its 7 days of monitoring ended on 19/11
    _from_dien_bien(checkpoint, places, tree, ended)
    owed = _from_dien_bien(checkpoint, places, tree, dt.date(2021, 11, 16))
    turned_back = {"decision": Decision.TURNED_BACK, "reason": "Không giấy"}
    _from_dien_bien(checkpoint, places, tree, dt.date(2021, 11, 17), **turned_back)
    _from_dien_bien(checkpoint, places, tree, dt.date(2021, 11, 17), hour=10, direction=Direction.OUT)
    no_commune = {"destination": None}  # no commune to hand it to
    _from_dien_bien(checkpoint, places, tree, dt.date(2021, 11, 18), **no_commune)
    _from_dien_bien(checkpoint, places, tree, dt.date(2021, 11, 9))  # before the zone's first day
    assert FollowUp.objects.count() == 0
    zone = zone_create(
        actor=None,
        unit=places.dien_bien,
        level=3,
        valid_from=dt.date(2021, 11, 10),
        valid_to=None,
        reason="Thông báo số 12/TB-BCĐ",
    )
    item = FollowUp.objects.get()
    assert (item.passage, item.unit, item.zone_level, item.action) == (
        owed,
        tree.commune,
        3,
        FollowUpAction.TEST,
    )
    assert (item.due_on, item.until) == (dt.date(2021, 11, 19), dt.date(2021, 11, 23))
    assert zone.earlier_arrivals == 1
    event = AuditEvent.objects.get(entity="checkpoints.zone", row_count=1, summary__startswith="Giao xã")
    assert "1 người" in event.summary


def test_a_second_zone_over_the_same_place_hands_over_no_arrival_twice(checkpoint, places, tree):
    _from_dien_bien(checkpoint, places, tree, dt.date(2021, 11, 16))
    declare = {"unit": places.dien_bien, "valid_to": None, "reason": "Thông báo cấp độ dịch"}
    first = zone_create(actor=None, level=3, valid_from=dt.date(2021, 11, 10), **declare)
    second = zone_create(actor=None, level=4, valid_from=dt.date(2021, 11, 15), **declare)
    assert (first.earlier_arrivals, second.earlier_arrivals, FollowUp.objects.count()) == (1, 0, 1)


def test_a_zone_declared_from_today_on_hands_over_nothing_already_recorded(checkpoint, places, tree):
    _from_dien_bien(checkpoint, places, tree, TODAY - dt.timedelta(days=1))
    zone = zone_create(
        actor=None, unit=places.dien_bien, level=4, valid_from=TODAY, valid_to=None, reason="Thông báo"
    )
    assert (zone.earlier_arrivals, FollowUp.objects.count()) == (0, 0)
