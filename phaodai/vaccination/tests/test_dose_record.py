"""Recording a dose: the rules in force that day decide, the stock pays one dose, nothing is half-saved."""

import datetime as dt

import pytest

from phaodai.core import clock
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.inventory.models import Balance, Movement
from phaodai.people.tests.factories import make_person
from phaodai.vaccination.checks import DoseInput
from phaodai.vaccination.models import CoverageCount, Dose, DoseKind, VaccinationStatus
from phaodai.vaccination.services import dose_record
from phaodai.vaccination.tests.factories import give, vaccine_lot

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def adult(tree):
    return make_person(tree.village, "Lò Văn Pọm", birth_year=1970)


@pytest.fixture
def vero(tree):
    return vaccine_lot(tree.commune, "VC")


def _refusal(field, call):
    with pytest.raises(DomainError) as caught:
        call()
    assert field in caught.value.errors, caught.value.errors
    return " ".join(caught.value.errors[field])


def test_it_records_a_dose_with_its_stock_rules_status_and_counter(tree, adult, vero):
    dose = give(adult, vero, D(2021, 9, 1))
    assert (dose.number, dose.kind, dose.product, dose.home_path) == (
        1,
        DoseKind.PRIMARY,
        "VC",
        tree.commune.path,
    )
    assert dose.rules.code == "3588/QĐ-BYT"
    assert Balance.objects.get(unit=tree.commune, lot=vero).quantity == 99
    assert Movement.objects.get(kind="use").record == f"dose:{dose.pk}"
    status = VaccinationStatus.objects.get(person=adult)
    assert (status.next_number, status.next_due_on, status.overdue_on) == (2, D(2021, 9, 22), D(2021, 9, 29))
    assert status.unit_path == adult.unit_path
    assert CoverageCount.objects.get(unit=tree.commune, birth_year=1970, number=1).count == 1
    assert AuditEvent.objects.filter(entity="vaccination.dose", entity_id=str(dose.pk)).exists()


def test_it_refuses_dose_two_before_dose_one(adult, vero):
    message = _refusal("number", lambda: give(adult, vero, D(2021, 9, 1), number=2))
    assert "chưa có mũi 1" in message


def test_it_refuses_a_dose_too_early_and_says_the_earliest_day(adult, vero):
    give(adult, vero, D(2021, 9, 1))
    message = _refusal("given_on", lambda: give(adult, vero, D(2021, 9, 15)))
    assert "sớm nhất ngày 22/09/2021" in message
    assert Dose.objects.count() == 1


def test_it_refuses_a_product_not_allowed_for_the_age(tree, vero):
    teen = make_person(tree.village, "Vàng Thị Dở", birth_year=2006, sex="F")
    assert "từ 18 tuổi" in _refusal("product", lambda: give(teen, vero, D(2021, 11, 1)))
    pfizer = vaccine_lot(tree.commune, "PF")
    assert "từ 18 tuổi" in _refusal("product", lambda: give(teen, pfizer, D(2021, 10, 13)))
    assert give(teen, pfizer, D(2021, 10, 14)).number == 1


def test_it_refuses_a_product_that_may_not_follow_the_first(adult, vero, tree):
    give(adult, vero, D(2021, 9, 1))
    pfizer = vaccine_lot(tree.commune, "PF")
    assert "chỉ được tiêm" in _refusal("product", lambda: give(adult, pfizer, D(2021, 9, 25)))


def test_astrazeneca_may_be_followed_by_moderna_only_from_8_september(adult, tree):
    astra, moderna = vaccine_lot(tree.commune, "AZ"), vaccine_lot(tree.commune, "MD")
    give(adult, astra, D(2021, 7, 1))
    assert "chỉ được tiêm" in _refusal("product", lambda: give(adult, moderna, D(2021, 9, 7)))
    assert give(adult, moderna, D(2021, 9, 8)).product == "MD"


def test_it_refuses_a_lot_of_another_product(adult, tree):
    pfizer = vaccine_lot(tree.commune, "PF")
    message = _refusal("lot", lambda: _give_as(adult, pfizer, "VC"))
    assert "không phải vắc xin đã chọn" in message


def _give_as(person, lot, product):
    data = DoseInput(
        person=person,
        number=1,
        kind=DoseKind.PRIMARY,
        product=product,
        lot=lot,
        given_on=D(2021, 9, 1),
        unit=person.unit.parent,
    )
    return dose_record(actor=None, jurisdiction=Jurisdiction.of([person.unit.parent.path]), data=data)


def test_it_refuses_an_expired_lot(adult, tree):
    old = vaccine_lot(tree.commune, "VC", expires_on=D(2021, 8, 31))
    assert "đã hết hạn ngày 31/08/2021" in _refusal("lot", lambda: give(adult, old, D(2021, 9, 1)))


def test_beyond_the_units_stock_nothing_is_saved(adult, tree):
    lot = vaccine_lot(tree.commune, "VC", doses=1)
    give(make_person(tree.village, "Giàng A Lử", birth_year=1960), lot, D(2021, 9, 1))
    assert "Vượt tồn kho" in _refusal("lot", lambda: give(adult, lot, D(2021, 9, 2)))
    assert not Dose.objects.filter(person=adult).exists()
    assert not VaccinationStatus.objects.filter(person=adult).exists()
    assert CoverageCount.objects.get(birth_year=1960).count == 1
    assert not CoverageCount.objects.filter(birth_year=1970).exists()
    assert Movement.objects.filter(kind="use").count() == 1


def test_a_booster_is_refused_before_1_december_2021(adult, vero):
    give(adult, vero, D(2021, 6, 1))
    give(adult, vero, D(2021, 6, 25))
    refused = _refusal("kind", lambda: give(adult, vero, D(2021, 11, 20), kind=DoseKind.BOOSTER))
    assert "chưa có quy định" in refused


def test_the_next_due_booster_follows_the_cut_from_six_to_three_months(adult, vero):
    give(adult, vero, D(2021, 8, 10))
    give(adult, vero, D(2021, 9, 1))
    assert VaccinationStatus.objects.get(person=adult).next_due_on == D(2021, 12, 17)


def test_a_booster_three_months_after_the_series_from_17_december(adult, vero):
    give(adult, vero, D(2021, 8, 10))
    give(adult, vero, D(2021, 9, 1))
    with clock.pinned(D(2022, 1, 10)):
        assert "sớm nhất ngày 28/02/2022" in _refusal(
            "given_on", lambda: give(adult, vero, D(2021, 12, 16), kind=DoseKind.BOOSTER)
        )
        booster = give(adult, vero, D(2021, 12, 17), kind=DoseKind.BOOSTER)
    assert (booster.number, booster.rules.code) == (3, "Covaxin")
    status = VaccinationStatus.objects.get(person=adult)
    assert (status.doses, status.next_due_on) == (3, D(2022, 5, 1))  # the 4th dose rule of May 2022


def test_it_refuses_an_unknown_kind_of_dose(adult, vero):
    assert "Loại liều" in _refusal("kind", lambda: give(adult, vero, D(2021, 9, 1), kind="mui-tang-cuong"))
