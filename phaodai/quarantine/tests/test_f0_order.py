"""Isolating an F0: the days come from the release rule in force on the start date."""

import datetime as dt

import pytest

from phaodai.cases.reference import CaseStatus, PlaceOfCare
from phaodai.cases.services import case_close
from phaodai.cases.tests.factories import register
from phaodai.core import clock
from phaodai.core.errors import ConflictError, DomainError
from phaodai.facilities.models import FacilityKind, Stay
from phaodai.facilities.tests.factories import FacilityFactory
from phaodai.people.tests.factories import make_person
from phaodai.quarantine.reference import OrderKind, OrderPlace
from phaodai.quarantine.services import order_issue_f0
from phaodai.quarantine.tests.factories import commune_of, quarantine_centre, release

pytestmark = pytest.mark.django_db
D = dt.date


def _issue(case, **fields):
    return order_issue_f0(
        actor=fields.pop("actor", None),
        jurisdiction=fields.pop("jurisdiction", commune_of(case.person)),
        case=case,
        start_date=fields.pop("start_date", case.report_date),
        place=fields.pop("place", OrderPlace.HOME),
        **fields,
    )


@pytest.fixture
def person(tree):
    return make_person(tree.village, "Lò Văn Pọm", address="Nhà số 3")


def test_in_november_2021_an_f0_is_isolated_10_days_tested_on_the_last(person):
    with clock.pinned(D(2021, 11, 20)):
        order = _issue(register(person))
    assert (order.kind, order.rules.code) == (OrderKind.F0_ISOLATION, "4689/QĐ-BYT-ravien")
    assert (order.start_date, order.end_date, order.test_days) == (D(2021, 11, 20), D(2021, 11, 29), [10])
    assert (order.place, order.address, order.self_monitor_days) == (OrderPlace.HOME, "Nhà số 3", 0)


def test_from_250_qd_byt_an_f0_is_isolated_7_days(person):
    with clock.pinned(D(2022, 2, 10)):
        order = _issue(register(person))
    assert (order.rules.code, order.end_date, order.test_days) == ("250/QĐ-BYT", D(2022, 2, 16), [7])


def test_an_f0_already_in_its_treatment_facility_is_not_admitted_twice(tree, person):
    ward = FacilityFactory(unit=tree.commune, kind=FacilityKind.TREATMENT_FACILITY)
    with clock.pinned(D(2021, 11, 20)):
        case = register(person, place_of_care=PlaceOfCare.TREATMENT_FACILITY, facility=ward)
        order = _issue(case, place=OrderPlace.FACILITY, facility=ward)
    assert order.facility == ward
    assert Stay.objects.filter(person=person).count() == 1
    with clock.pinned(D(2021, 11, 29)):
        case_close(
            actor=None, case=case, outcome=CaseStatus.RECOVERED, on=D(2021, 11, 29), test_negative=True
        )
        release(order)
    assert Stay.objects.get(person=person).discharged_at is not None


def test_the_release_waits_for_the_case_to_be_closed_under_its_release_rule(person):
    with clock.pinned(D(2021, 11, 20)):
        case = register(person)
        order = _issue(case)
    with clock.pinned(D(2021, 11, 30)):
        with pytest.raises(DomainError) as caught:
            release(order)
        assert "Ca bệnh chưa kết thúc" in caught.value.errors["released_on"][0]
        case_close(
            actor=None, case=case, outcome=CaseStatus.RECOVERED, on=D(2021, 11, 30), test_negative=True
        )
        assert release(order).status == "released"


def test_an_f0_is_not_sent_to_a_quarantine_centre(tree, person):
    with clock.pinned(D(2021, 11, 20)), pytest.raises(DomainError) as caught:
        _issue(register(person), place=OrderPlace.FACILITY, facility=quarantine_centre(tree.commune))
    assert "không nhận cách ly F0" in caught.value.errors["facility"][0]


def test_a_closed_case_is_refused(person):
    with clock.pinned(D(2021, 11, 20)):
        case = register(person)
        case_close(actor=None, case=case, outcome=CaseStatus.DECEASED, on=D(2021, 11, 20))
        with pytest.raises(DomainError) as caught:
            _issue(case)
    assert caught.value.errors["case"] == ["Ca bệnh đã kết thúc: không ra quyết định cách ly."]


def test_the_start_is_not_before_the_sample_or_report(person):
    with clock.pinned(D(2021, 11, 20)):
        case = register(person, sample_date=D(2021, 11, 18))
        with pytest.raises(DomainError) as caught:
            _issue(case, start_date=D(2021, 11, 17))
    assert "(18/11/2021)" in caught.value.errors["start_date"][0]


def test_a_second_active_order_for_the_case_is_a_conflict(person):
    with clock.pinned(D(2021, 11, 20)):
        case = register(person)
        _issue(case)
        with pytest.raises(ConflictError) as caught:
            _issue(case)
    assert list(caught.value.errors) == ["person"]


def test_isolation_elsewhere_needs_its_address(person):
    with clock.pinned(D(2021, 11, 20)), pytest.raises(DomainError) as caught:
        _issue(register(person), place=OrderPlace.OTHER)
    assert caught.value.errors["address"] == ["Ghi rõ địa chỉ nơi cách ly."]
