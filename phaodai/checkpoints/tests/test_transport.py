"""Registered freight ("1 cung đường 2 điểm đến"): a registered vehicle off its route, or stopping longer
than allowed, is flagged on its passage; transshipment points log handovers."""

import datetime as dt

import pytest

from phaodai.checkpoints.models import Handover
from phaodai.checkpoints.reference import CrewRole, Direction
from phaodai.checkpoints.tests.factories import at, make_checkpoint, record
from phaodai.checkpoints.transport import (
    company_create,
    crew_register,
    handover_record,
    route_register,
    vehicle_register,
)
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.scoping import Jurisdiction

pytestmark = pytest.mark.django_db
TODAY = dt.date(2021, 11, 20)


@pytest.fixture
def route(tree, checkpoint, places):
    province = Jurisdiction.of([tree.province.path])
    company = company_create(
        actor=None, jurisdiction=province, unit=tree.commune, name="Công ty Vận tải Tây Bắc"
    )
    vehicle = vehicle_register(actor=None, company=company, plate="25c 12345")
    driver = crew_register(
        actor=None, company=company, role=CrewRole.DRIVER, full_name="Vàng A Dơ", national_id="012345678901"
    )
    return route_register(
        actor=None,
        vehicle=vehicle,
        origin=tree.commune,
        destination=places.hanoi_commune,
        crew=[driver],
        stops=[places.hanoi_district],
        checkpoints=[checkpoint],
        valid_from=dt.date(2021, 11, 1),
        valid_to=dt.date(2021, 11, 30),
        allowed_stop_minutes=30,
    )


def test_a_vehicle_on_its_route_is_not_flagged(route, checkpoint, tree, places):
    passage = record(
        checkpoint,
        plate="25C-123.45",
        direction=Direction.OUT,
        origin=tree.commune,
        destination=places.hanoi_commune,
    )
    assert (passage.vehicle, passage.route, passage.flags) == (route.vehicle, route, [])


def test_a_vehicle_off_its_route_is_flagged(route, tree, places, checkpoint):
    elsewhere = make_checkpoint(tree.other_commune, name="Chốt Pa Tần")
    passage = record(elsewhere, plate="25C-12345", destination=places.dien_bien)
    assert any("không nằm trên lộ trình" in flag for flag in passage.flags)
    assert any("Nơi đến «Tỉnh Điện Biên» ngoài lộ trình" in flag for flag in passage.flags)
    assert elsewhere.counts.get(day=TODAY).flagged == 1


def test_a_vehicle_stopping_longer_than_allowed_is_flagged_on_leaving(route, checkpoint):
    record(checkpoint, plate="25C-123.45", at=at(TODAY, 8, 0))
    quick = record(checkpoint, plate="25C-123.45", direction=Direction.OUT, at=at(TODAY, 8, 20))
    record(checkpoint, plate="25C-123.45", at=at(TODAY, 10, 0))
    slow = record(checkpoint, plate="25C-123.45", direction=Direction.OUT, at=at(TODAY, 11, 5))
    assert quick.flags == []
    assert slow.flags == ["Dừng 65 phút, quá 30 phút cho phép (vào lúc 10:00)."]


def test_registration_refuses_bad_plates_duplicates_and_foreign_crew(route, tree):
    company = route.vehicle.company
    with pytest.raises(DomainError, match="không đúng dạng"):
        vehicle_register(actor=None, company=company, plate="XYZ")
    with pytest.raises(ConflictError):
        vehicle_register(actor=None, company=company, plate="25C-123.45")
    with pytest.raises(DomainError, match="12 chữ số"):
        crew_register(actor=None, company=company, role=CrewRole.ASSISTANT, full_name="A", national_id="123")


def test_a_transshipment_point_logs_handovers(tree):
    point = make_checkpoint(tree.commune, name="Điểm trung chuyển Dào San", transshipment=True)
    here = Jurisdiction.of([tree.district.path])
    handover = handover_record(
        actor=None,
        jurisdiction=here,
        checkpoint=point,
        from_plate="25c12345",
        to_plate="29A 12345",
        goods="Rau củ",
    )
    assert (handover.from_plate, handover.to_plate) == ("25C-123.45", "29A-123.45")
    plain = make_checkpoint(tree.commune, name="Chốt thường")
    with pytest.raises(DomainError, match="không phải điểm trung chuyển"):
        handover_record(
            actor=None,
            jurisdiction=here,
            checkpoint=plain,
            from_plate="25C12345",
            to_plate="29A12345",
            goods="Rau",
        )
    assert Handover.objects.count() == 1
