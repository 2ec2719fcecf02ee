"""Correcting and retiring a transport company's registration, vehicles, drivers and assistants, and
routes: through the pages and the services (audited, refused on the field with nothing saved), another
area's rows a 404; a retired vehicle or route no longer counts at the barrier, its history stays."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import _user, client_for
from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.checkpoints.models import CrewMember, Passage, Route, TransportCompany, Vehicle
from phaodai.checkpoints.reference import CrewRole, Decision, Direction, Purpose
from phaodai.checkpoints.services import PassageInput, passage_record
from phaodai.checkpoints.tests.factories import make_checkpoint
from phaodai.checkpoints.transport import (
    company_create,
    company_retire,
    crew_register,
    crew_update,
    route_register,
    vehicle_register,
    vehicle_retire,
)
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditEvent
from phaodai.core.scoping import Jurisdiction

pytestmark = pytest.mark.django_db
TODAY = dt.date(2021, 11, 20)


@pytest.fixture
def fleet(tree):
    province = Jurisdiction.of([tree.province.path])
    company = company_create(actor=None, jurisdiction=province, unit=tree.commune, name="Công ty Tây Bắc")
    vehicle = vehicle_register(actor=None, company=company, plate="25C-123.45")
    driver = crew_register(
        actor=None, company=company, role=CrewRole.DRIVER, full_name="Vàng A Dơ", national_id="012345678901"
    )
    route = route_register(
        actor=None,
        vehicle=vehicle,
        origin=tree.commune,
        destination=tree.district,
        valid_from=dt.date(2021, 11, 1),
        valid_to=dt.date(2021, 11, 30),
        crew=[driver],
    )
    return company, vehicle, driver, route


@pytest.fixture
def other_lead(tree):
    return _user(tree.other_district, Role.DISTRICT_HEALTH, OrganisationKind.DISTRICT_HEALTH_CENTRE, "khac")


def _updated(row):
    return AuditEvent.objects.filter(entity_id=str(row.pk), action="update").first()


def test_every_edit_page_renders_with_the_registered_values(district_user, fleet):
    company, vehicle, driver, route = fleet
    client = client_for(district_user)
    pages = {
        reverse("checkpoints:company_edit", args=[company.pk]): "Công ty Tây Bắc",
        reverse("checkpoints:vehicle_edit", args=[vehicle.pk]): "25C-123.45",
        reverse("checkpoints:crew_edit", args=[driver.pk]): "012345678901",
        reverse("checkpoints:route_edit", args=[route.pk]): "03412",
    }
    for url, shown in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert shown in response.content.decode(), url


def test_a_company_moved_to_another_commune_takes_its_fleet_with_it(district_user, fleet, tree):
    company, vehicle, driver, route = fleet
    form = {"name": "Công ty CP Tây Bắc", "unit": tree.neighbour_commune.pk, "phone": "0912 345 678"}
    response = client_for(district_user).post(reverse("checkpoints:company_edit", args=[company.pk]), form)
    assert response["Location"] == reverse("checkpoints:company", args=[company.pk])
    company.refresh_from_db()
    assert (company.name, company.unit_path, company.phone) == (
        "Công ty CP Tây Bắc",
        tree.neighbour_commune.path,
        "0912345678",
    )
    for row in (vehicle, driver, route):
        row.refresh_from_db()
        assert row.unit_path == tree.neighbour_commune.path
    audit = _updated(company)
    assert (audit.actor, audit.changes["name"]) == (district_user, ["Công ty Tây Bắc", "Công ty CP Tây Bắc"])


def test_edits_are_refused_on_their_field_and_save_nothing(district_user, fleet, tree):
    company, vehicle, driver, route = fleet
    client = client_for(district_user)
    outside = client.post(
        reverse("checkpoints:company_edit", args=[company.pk]), {"name": "X", "unit": tree.other_commune.pk}
    )
    assert outside.status_code == 400
    assert "unit" in outside.context["form"].errors
    vehicle_register(actor=None, company=company, plate="25C-999.99")
    taken = client.post(reverse("checkpoints:vehicle_edit", args=[vehicle.pk]), {"plate": "25C99999"})
    assert taken.context["form"].errors["plate"] == ["Xe 25C-999.99 đã được đăng ký."]
    bad_id = client.post(
        reverse("checkpoints:crew_edit", args=[driver.pk]),
        {"role": CrewRole.DRIVER, "full_name": "Vàng A Dơ", "national_id": "123"},
    )
    assert "national_id" in bad_id.context["form"].errors
    backwards = client.post(
        reverse("checkpoints:route_edit", args=[route.pk]),
        {"vehicle": vehicle.pk, "crew": [driver.pk], "origin": "03412", "destination": "106",
         "allowed_stop_minutes": "30", "valid_from": "10/11/2021", "valid_to": "01/11/2021"},
    )  # fmt: skip
    assert backwards.status_code == 400
    assert "valid_to" in backwards.context["form"].errors
    for row in (company, vehicle, driver, route):
        assert _updated(row) is None
    assert Route.objects.get().valid_from == dt.date(2021, 11, 1)


def test_a_route_is_corrected_with_its_stops_and_crew(district_user, fleet, tree):
    company, vehicle, driver, route = fleet
    assistant = crew_register(
        actor=None,
        company=company,
        role=CrewRole.ASSISTANT,
        full_name="Lò Văn Thắng",
        national_id="012345678902",
    )
    form = {"vehicle": vehicle.pk, "crew": [driver.pk, assistant.pk], "origin": "03412", "destination": "107",
            "stops": "03415", "allowed_stop_minutes": "60", "valid_from": "01/11/2021",
            "valid_to": "15/12/2021"}  # fmt: skip
    response = client_for(district_user).post(reverse("checkpoints:route_edit", args=[route.pk]), form)
    assert response.status_code == 302
    route.refresh_from_db()
    assert (route.destination, route.allowed_stop_minutes, route.valid_to) == (
        tree.other_district,
        60,
        dt.date(2021, 12, 15),
    )
    assert set(route.crew.all()) == {driver, assistant}
    assert list(route.stops.all()) == [tree.neighbour_commune]
    changes = _updated(route).changes
    assert changes["crew"] == [[driver.pk], sorted([driver.pk, assistant.pk])]


def test_a_driver_cannot_take_a_cccd_the_company_already_registered(fleet):
    company, _vehicle, driver, _route = fleet
    other = crew_register(
        actor=None,
        company=company,
        role=CrewRole.ASSISTANT,
        full_name="Lò Văn Thắng",
        national_id="012345678902",
    )
    with pytest.raises(ConflictError):
        crew_update(actor=None, member=other, role=CrewRole.ASSISTANT, full_name="Lò Văn Thắng",
                    national_id=driver.national_id)  # fmt: skip
    with pytest.raises(ConflictError):
        crew_register(actor=None, company=company, role=CrewRole.DRIVER, full_name="Ai đó",
                      national_id=driver.national_id)  # fmt: skip


def _passage(checkpoint, tree, plate="25C-123.45"):
    return passage_record(
        actor=None,
        jurisdiction=Jurisdiction.of([tree.province.path]),
        data=PassageInput(
            checkpoint=checkpoint,
            direction=Direction.IN,
            purpose=Purpose.GOODS,
            decision=Decision.PASS,
            plate=plate,
            destination=tree.district,
        ),
    )


def test_a_retired_vehicle_leaves_the_register_and_its_plate_may_come_back(district_user, fleet, tree):
    company, vehicle, _driver, route = fleet
    checkpoint = make_checkpoint(tree.commune)
    before = _passage(checkpoint, tree)
    assert (before.vehicle, before.route) == (vehicle, route)
    response = client_for(district_user).post(
        reverse("checkpoints:vehicle_retire", args=[vehicle.pk]), {"retired_on": "20/11/2021"}
    )
    assert response["Location"] == reverse("checkpoints:company", args=[company.pk])
    vehicle.refresh_from_db()
    route.refresh_from_db()
    assert vehicle.retired_on == route.retired_on == TODAY
    after = _passage(checkpoint, tree)
    assert (after.vehicle, after.route, after.flags) == (None, None, [])
    assert Passage.objects.get(pk=before.pk).route == route  # history keeps its route
    again = vehicle_register(actor=None, company=company, plate="25C12345")
    assert again.pk != vehicle.pk
    with pytest.raises(ConflictError):
        vehicle_retire(actor=None, vehicle=vehicle, retired_on=TODAY)


def test_a_retired_company_takes_its_vehicles_crew_and_routes_with_it(district_user, fleet):
    company, vehicle, _driver, _route = fleet
    client = client_for(district_user)
    future = client.post(
        reverse("checkpoints:company_retire", args=[company.pk]), {"retired_on": "21/11/2021"}
    )
    assert future.status_code == 302
    company.refresh_from_db()
    assert company.retired_on is None  # refused: a retirement is a fact, not a plan
    client.post(reverse("checkpoints:company_retire", args=[company.pk]), {"retired_on": "19/11/2021"})
    day = dt.date(2021, 11, 19)
    assert TransportCompany.objects.get().retired_on == day
    assert (
        Vehicle.objects.get().retired_on
        == CrewMember.objects.get().retired_on
        == Route.objects.get().retired_on
        == day
    )
    assert AuditEvent.objects.filter(action="update", changes__retired_on=[None, "2021-11-19"]).count() == 4
    company.refresh_from_db()
    with pytest.raises(DomainError):
        vehicle_register(actor=None, company=company, plate="25C-555.55")
    page = client.get(reverse("checkpoints:company", args=[company.pk])).content.decode()
    assert "Đã ngừng đăng ký vận tải từ 19/11/2021" in page
    assert reverse("checkpoints:vehicle_edit", args=[vehicle.pk]) not in page
    with pytest.raises(ConflictError):
        company_retire(actor=None, company=company, retired_on=day)


def test_a_retired_driver_is_no_longer_offered_for_a_route(district_user, fleet):
    company, _vehicle, driver, _route = fleet
    client = client_for(district_user)
    client.post(reverse("checkpoints:crew_retire", args=[driver.pk]), {"retired_on": "20/11/2021"})
    page = client.get(reverse("checkpoints:route_new", args=[company.pk])).content.decode()
    assert "Vàng A Dơ" not in page


def test_it_returns_404_outside_jurisdiction(other_lead, fleet):
    company, vehicle, driver, route = fleet
    client = client_for(other_lead)
    for name, pk in (("company_edit", company.pk), ("vehicle_edit", vehicle.pk), ("crew_edit", driver.pk),
                     ("route_edit", route.pk)):  # fmt: skip
        assert client.get(reverse(f"checkpoints:{name}", args=[pk])).status_code == 404, name
    for name, pk in (("company_retire", company.pk), ("vehicle_retire", vehicle.pk),
                     ("crew_retire", driver.pk), ("route_retire", route.pk)):  # fmt: skip
        response = client.post(reverse(f"checkpoints:{name}", args=[pk]), {"retired_on": "20/11/2021"})
        assert response.status_code == 404, name
    assert not AuditEvent.objects.filter(action="update").exists()


def test_a_user_who_may_not_manage_transport_is_refused(officer, fleet):
    company, vehicle, _driver, _route = fleet
    client = client_for(officer)
    assert client.get(reverse("checkpoints:company_edit", args=[company.pk])).status_code == 403
    assert (
        client.post(
            reverse("checkpoints:vehicle_retire", args=[vehicle.pk]), {"retired_on": "20/11/2021"}
        ).status_code
        == 403
    )
    assert Vehicle.objects.get().retired_on is None
