"""Staffing reports, teams and kits: recorded through the services, bad input refused with a Vietnamese
message naming the field, nothing half-saved."""

import datetime as dt

import pytest

from phaodai.core.errors import DomainError
from phaodai.core.models import AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.inventory.models import Balance, Movement
from phaodai.readiness import selectors, services
from phaodai.readiness.models import StaffingReport, Team, TeamKind, TeamMember
from phaodai.readiness.services import MemberInput
from phaodai.readiness.tests.factories import cylinders, receive, staffing, team

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_second_report_the_same_day_replaces_the_first(tree):
    staffing(tree.commune, 0)
    staffing(tree.commune, 2)
    report = StaffingReport.objects.get(unit=tree.commune)
    assert report.doctors == 2
    assert report.doctor_present


def test_negative_counts_are_refused_naming_each_field(tree):
    with pytest.raises(DomainError) as refused:
        staffing(tree.commune, -1, nurses=-2)
    assert refused.value.errors["doctors"] == ["Số bác sĩ không được âm."]
    assert "không được âm" in refused.value.errors["nurses"][0]
    assert not StaffingReport.objects.exists()


def test_staffing_is_for_a_commune_station_in_the_area(tree):
    with pytest.raises(DomainError) as refused:
        services.staffing_record(
            actor=None, jurisdiction=Jurisdiction.of([tree.district.path]), unit=tree.other_commune,
            reported_on=D(2021, 11, 1), doctors=1, nurses=1,
        )  # fmt: skip
    assert "không thuộc địa bàn" in refused.value.errors["unit"][0]
    with pytest.raises(DomainError) as refused:
        staffing(tree.village, 1)
    assert "unit" in refused.value.errors


def test_a_team_is_created_with_its_members(tree):
    created = team(
        tree.village, TeamKind.COMMUNITY_TEAM, "Tổ COVID bản Tả Phìn",
        members=[
            MemberInput("Lò Văn Pọm", "Trưởng bản", "0912345678"),
            MemberInput("Vàng Thị Mai", "Y tế thôn bản"),
        ],
    )  # fmt: skip
    assert [m.full_name for m in created.members.all()] == ["Lò Văn Pọm", "Vàng Thị Mai"]
    assert AuditEvent.objects.filter(entity="readiness.team", entity_id=str(created.pk)).exists()


def test_a_team_in_another_jurisdiction_is_refused_and_nothing_saved(tree):
    with pytest.raises(DomainError) as refused:
        services.team_create(
            actor=None, jurisdiction=Jurisdiction.of([tree.district.path]), kind=TeamKind.MOBILE_STATION,
            name="Trạm lưu động Pa Tần", unit=tree.other_commune, established_on=D(2021, 10, 1),
            members=[MemberInput("Giàng A Lử")],
        )  # fmt: skip
    assert "Xã Pa Tần không thuộc địa bàn bạn quản lý" in refused.value.errors["unit"][0]
    assert not Team.objects.exists()
    assert not TeamMember.objects.exists()


def test_a_member_line_without_a_name_is_refused_by_its_row(tree):
    with pytest.raises(DomainError) as refused:
        team(tree.commune, members=[MemberInput("Lò Văn Pọm"), MemberInput("  ", "y tá")])
    assert refused.value.errors["members"] == ["Thành viên dòng 2: chưa có họ tên."]
    assert not Team.objects.exists()


def test_a_kit_is_issued_from_the_commune_store_through_the_ledger(tree):
    item = cylinders()
    receive(tree.commune, item, 5)
    station = team(tree.village, TeamKind.COMMUNITY_TEAM)
    services.kit_issue(
        actor=None, jurisdiction=Jurisdiction.of([tree.commune.path]), team=station, item=item, lot=None,
        quantity=2, on=D(2021, 11, 15),
    )  # fmt: skip
    assert Balance.objects.get(unit=tree.commune, item=item).quantity == 3
    assert [(line.item_name, line.quantity) for line in selectors.team_kit(team=station)] == [
        ("Bình oxy 40 lít", 2)
    ]
    assert Movement.objects.get(record=station.record).unit == tree.commune


def test_a_kit_above_the_store_balance_is_refused_and_nothing_moves(tree):
    item = cylinders()
    receive(tree.commune, item, 1)
    station = team(tree.commune)
    with pytest.raises(DomainError) as refused:
        services.kit_issue(
            actor=None, jurisdiction=Jurisdiction.of([tree.commune.path]), team=station, item=item, lot=None,
            quantity=3, on=D(2021, 11, 15),
        )  # fmt: skip
    assert "Vượt tồn kho" in refused.value.errors["quantity"][0]
    assert Balance.objects.get(unit=tree.commune, item=item).quantity == 1
    assert not Movement.objects.filter(record=station.record).exists()
    assert selectors.team_kit(team=station) == []


def test_a_kit_for_a_team_outside_the_area_is_refused(tree):
    item = cylinders()
    receive(tree.other_commune, item, 5)
    station = team(tree.other_commune)
    with pytest.raises(DomainError) as refused:
        services.kit_issue(
            actor=None, jurisdiction=Jurisdiction.of([tree.district.path]), team=station, item=item, lot=None,
            quantity=1, on=D(2021, 11, 15),
        )  # fmt: skip
    assert "unit" in refused.value.errors
    assert Balance.objects.get(unit=tree.other_commune, item=item).quantity == 5


def test_a_team_returns_part_of_its_kit_but_never_more_than_it_holds(tree):
    item = cylinders()
    receive(tree.commune, item, 4)
    station = team(tree.commune)
    jurisdiction = Jurisdiction.of([tree.commune.path])
    services.kit_issue(
        actor=None,
        jurisdiction=jurisdiction,
        team=station,
        item=item,
        lot=None,
        quantity=3,
        on=D(2021, 11, 10),
    )
    with pytest.raises(DomainError) as refused:
        services.kit_return(
            actor=None,
            jurisdiction=jurisdiction,
            team=station,
            item=item,
            lot=None,
            quantity=4,
            on=D(2021, 11, 15),
        )
    assert "chỉ giữ 3 bình" in refused.value.errors["quantity"][0]
    services.kit_return(
        actor=None,
        jurisdiction=jurisdiction,
        team=station,
        item=item,
        lot=None,
        quantity=2,
        on=D(2021, 11, 15),
    )
    assert [line.quantity for line in selectors.team_kit(team=station)] == [1]
    assert Balance.objects.get(unit=tree.commune, item=item).quantity == 3


def test_a_dissolved_team_gets_no_kit_after_it_ends(tree):
    item = cylinders()
    receive(tree.commune, item, 4)
    station = team(tree.commune)
    jurisdiction = Jurisdiction.of([tree.commune.path])
    services.team_dissolve(actor=None, jurisdiction=jurisdiction, team=station, on=D(2021, 11, 12))
    with pytest.raises(DomainError) as refused:
        services.kit_issue(
            actor=None,
            jurisdiction=jurisdiction,
            team=station,
            item=item,
            lot=None,
            quantity=1,
            on=D(2021, 11, 15),
        )
    assert "không hoạt động" in refused.value.errors["occurred_on"][0]
    with pytest.raises(DomainError):
        services.team_dissolve(actor=None, jurisdiction=jurisdiction, team=station, on=D(2021, 11, 13))
