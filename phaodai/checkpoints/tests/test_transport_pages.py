"""The pages where a health lead registers freight transport: a company, its vehicles, drivers and
assistants, and a vehicle's route. Refusals show on the field with status 400 and write nothing;
another area's company is a 404; a user who may not manage transport is refused."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import _user, client_for
from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.checkpoints.models import CrewMember, Route, TransportCompany, Vehicle
from phaodai.checkpoints.reference import CrewRole
from phaodai.checkpoints.tests.factories import make_checkpoint
from phaodai.checkpoints.transport import company_create, crew_register, vehicle_register
from phaodai.core.models import AuditEvent
from phaodai.core.scoping import Jurisdiction

pytestmark = pytest.mark.django_db


def _company(tree, unit, name):
    province = Jurisdiction.of([tree.province.path])
    return company_create(actor=None, jurisdiction=province, unit=unit, name=name)


@pytest.fixture
def company(tree):
    return _company(tree, tree.commune, "Công ty Vận tải Tây Bắc")


@pytest.fixture
def other_company(tree):
    return _company(tree, tree.other_commune, "HTX Vận tải Sìn Hồ")


@pytest.fixture
def other_lead(tree):
    """A district health centre of Sìn Hồ: may manage transport, but not Phong Thổ's."""
    return _user(
        tree.other_district, Role.DISTRICT_HEALTH, OrganisationKind.DISTRICT_HEALTH_CENTRE, "ttytkhac"
    )


def _audited(instance):
    return AuditEvent.objects.filter(entity_id=str(instance.pk), action="create").exists()


def test_every_transport_page_renders_for_a_health_lead(district_user, company):
    client = client_for(district_user)
    vehicle_register(actor=None, company=company, plate="25C-123.45")
    urls = [
        reverse("checkpoints:companies"),
        reverse("checkpoints:company_new"),
        reverse("checkpoints:company", args=[company.pk]),
        reverse("checkpoints:vehicle_new", args=[company.pk]),
        reverse("checkpoints:crew_new", args=[company.pk]),
        reverse("checkpoints:route_new", args=[company.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    detail = client.get(reverse("checkpoints:company", args=[company.pk])).content.decode()
    assert "Công ty Vận tải Tây Bắc" in detail
    assert "25C-123.45" in detail
    assert reverse("checkpoints:companies") in client.get(reverse("checkpoints:transport")).content.decode()


def test_a_health_lead_registers_a_company_through_the_page(district_user, tree):
    form = {"name": "  Công ty Vận tải Phong Thổ ", "unit": tree.commune.pk, "tax_code": "6200123456",
            "phone": "0912 345 678"}  # fmt: skip
    response = client_for(district_user).post(reverse("checkpoints:company_new"), form)
    company = TransportCompany.objects.get()
    assert response["Location"] == reverse("checkpoints:company", args=[company.pk])
    assert (company.name, company.unit, company.tax_code, company.phone) == (
        "Công ty Vận tải Phong Thổ",
        tree.commune,
        "6200123456",
        "0912345678",
    )
    assert AuditEvent.objects.get(entity_id=str(company.pk)).actor == district_user


def test_a_company_outside_the_area_or_without_a_name_is_refused_on_its_field(district_user, tree):
    client = client_for(district_user)
    outside = client.post(reverse("checkpoints:company_new"), {"name": "X", "unit": tree.other_commune.pk})
    nameless = client.post(reverse("checkpoints:company_new"), {"name": "", "unit": tree.commune.pk})
    assert outside.status_code == nameless.status_code == 400
    assert outside.context["form"].errors["unit"] == ["Đơn vị này không thuộc địa bàn bạn quản lý."]
    assert nameless.context["form"].errors["name"] == ["Tên doanh nghiệp vận tải là bắt buộc."]
    assert not TransportCompany.objects.exists()


def test_a_vehicle_is_added_with_its_plate_normalised(district_user, company):
    response = client_for(district_user).post(
        reverse("checkpoints:vehicle_new", args=[company.pk]),
        {"plate": "25c 12345", "description": "Xe tải 8 tấn"},
    )
    vehicle = Vehicle.objects.get()
    assert response["Location"] == reverse("checkpoints:company", args=[company.pk])
    assert (vehicle.company, vehicle.plate) == (company, "25C-123.45")
    assert _audited(vehicle)


def test_a_bad_or_duplicate_plate_shows_on_the_plate_field_and_writes_nothing(district_user, company):
    client = client_for(district_user)
    url = reverse("checkpoints:vehicle_new", args=[company.pk])
    bad = client.post(url, {"plate": "ABC"})
    assert bad.status_code == 400
    message = bad.context["form"].errors["plate"][0]
    assert message.startswith("Biển số «ABC» không đúng dạng biển số Việt Nam")
    assert "Biển số «ABC»" in bad.content.decode()
    assert not Vehicle.objects.exists()
    vehicle_register(actor=None, company=company, plate="25C-123.45")
    duplicate = client.post(url, {"plate": "25C12345"})
    assert duplicate.status_code == 400
    assert duplicate.context["form"].errors["plate"] == ["Xe 25C-123.45 đã được đăng ký."]
    assert Vehicle.objects.count() == 1


def test_a_driver_is_added_and_a_bad_cccd_is_refused_on_its_field(district_user, company):
    client = client_for(district_user)
    url = reverse("checkpoints:crew_new", args=[company.pk])
    bad = client.post(url, {"role": CrewRole.DRIVER, "full_name": "Vàng A Dơ", "national_id": "12345"})
    assert bad.status_code == 400
    assert bad.context["form"].errors["national_id"] == [
        "Số CCCD phải có 12 chữ số (CMND cũ: 9 chữ số); số đã nhập có 5 chữ số."
    ]
    missing = client.post(url, {"role": CrewRole.DRIVER, "full_name": "", "national_id": "012345678901"})
    assert missing.status_code == 400
    assert missing.context["form"].errors["full_name"] == ["Họ tên là bắt buộc."]
    assert not CrewMember.objects.exists()
    client.post(url, {"role": CrewRole.ASSISTANT, "full_name": "Lò Văn  Thắng", "national_id": "012345678901",
                      "phone": "0912345678"})  # fmt: skip
    member = CrewMember.objects.get()
    assert (member.role, member.full_name, member.national_id) == (
        CrewRole.ASSISTANT,
        "Lò Văn Thắng",
        "012345678901",
    )
    assert _audited(member)


def _route_form(vehicle, driver, **overrides):
    return {"vehicle": vehicle.pk, "crew": [driver.pk], "origin": "03412", "destination": "106",
            "stops": "03415", "allowed_stop_minutes": "45", "valid_from": "01/11/2021",
            "valid_to": "30/11/2021", **overrides}  # fmt: skip


def test_a_route_is_registered_with_its_stops_checkpoints_and_transshipment(district_user, company, tree):
    checkpoint = make_checkpoint(tree.commune)
    hub = make_checkpoint(tree.neighbour_commune, name="Cửa khẩu Ma Lù Thàng", transshipment=True)
    vehicle = vehicle_register(actor=None, company=company, plate="25C-123.45")
    driver = crew_register(
        actor=None, company=company, role=CrewRole.DRIVER, full_name="Vàng A Dơ", national_id="012345678901"
    )
    form = _route_form(vehicle, driver, checkpoints=[checkpoint.pk, hub.pk], transshipment=hub.pk)
    response = client_for(district_user).post(reverse("checkpoints:route_new", args=[company.pk]), form)
    route = Route.objects.get()
    assert response["Location"] == reverse("checkpoints:company", args=[company.pk])
    assert (route.origin, route.destination, route.transshipment, route.allowed_stop_minutes) == (
        tree.commune,
        tree.district,
        hub,
        45,
    )
    assert list(route.stops.all()) == [tree.neighbour_commune]
    assert set(route.checkpoints.all()) == {checkpoint, hub}
    assert list(route.crew.all()) == [driver]
    assert route.valid_to == dt.date(2021, 11, 30)
    assert _audited(route)


def test_route_refusals_show_on_their_fields_and_write_nothing(district_user, company, tree):
    plain = make_checkpoint(tree.commune)
    vehicle = vehicle_register(actor=None, company=company, plate="25C-123.45")
    driver = crew_register(
        actor=None, company=company, role=CrewRole.DRIVER, full_name="Vàng A Dơ", national_id="012345678901"
    )
    client = client_for(district_user)
    url = reverse("checkpoints:route_new", args=[company.pk])
    cases = {
        "destination": _route_form(vehicle, driver, destination="99999"),
        "valid_to": _route_form(vehicle, driver, valid_to="01/10/2021"),
        "transshipment": _route_form(vehicle, driver, transshipment=plain.pk),
        "allowed_stop_minutes": _route_form(vehicle, driver, allowed_stop_minutes="0"),
        "crew": _route_form(vehicle, driver, crew=[]),
        "origin": _route_form(vehicle, driver, origin=""),
    }
    for field, form in cases.items():
        response = client.post(url, form)
        assert response.status_code == 400, field
        assert response.context["form"].errors[field], field
    assert not Route.objects.exists()


def test_another_areas_company_is_a_404_even_for_a_transport_manager(other_lead, company, other_company):
    client = client_for(other_lead)
    for name in ("company", "vehicle_new", "crew_new", "route_new"):
        assert client.get(reverse(f"checkpoints:{name}", args=[company.pk])).status_code == 404, name
    posted = client.post(reverse("checkpoints:vehicle_new", args=[company.pk]), {"plate": "25C-123.45"})
    assert posted.status_code == 404
    assert not Vehicle.objects.exists()
    listing = client.get(reverse("checkpoints:companies")).content.decode()
    assert "HTX Vận tải Sìn Hồ" in listing
    assert "Công ty Vận tải Tây Bắc" not in listing


def test_the_outsider_and_users_without_transport_rights_are_refused(outsider, commune_user, tree, company):
    for user in (
        outsider,
        commune_user,
        _user(tree.district, Role.CHECKPOINT, OrganisationKind.CHECKPOINT, "chot"),
    ):
        client = client_for(user)
        assert client.get(reverse("checkpoints:companies")).status_code in (403, 404)
        assert client.get(reverse("checkpoints:company", args=[company.pk])).status_code in (403, 404)
        response = client.post(reverse("checkpoints:company_new"), {"name": "X", "unit": tree.commune.pk})
        assert response.status_code in (403, 404)
    assert TransportCompany.objects.count() == 1


def test_the_sub_navigation_offers_only_the_pages_the_user_may_open(officer, team):
    arrivals = reverse("checkpoints:arrivals")
    staff_page = client_for(officer).get(reverse("checkpoints:list")).content.decode()
    assert f'href="{arrivals}"' not in staff_page  # checkpoint staff do not follow arrivals up
    assert client_for(officer).get(arrivals).status_code in (403, 404)
    commune_page = client_for(team).get(reverse("checkpoints:list")).content.decode()
    assert f'href="{arrivals}"' in commune_page  # the community team follows them up
    assert client_for(team).get(arrivals).status_code == 200
