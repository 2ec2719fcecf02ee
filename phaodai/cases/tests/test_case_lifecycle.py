"""A case after registration: transfers move the facility stays with it; closing follows the release rule."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.cases.models import Case, CaseEvent, EventKind
from phaodai.cases.reference import CaseStatus, PlaceOfCare, TestKind
from phaodai.cases.services import case_close, case_transfer
from phaodai.cases.signals import case_closed
from phaodai.cases.tests.factories import TODAY, commune_of, register
from phaodai.core import clock
from phaodai.core.errors import DomainError
from phaodai.facilities.models import FacilityKind, Stay, StayPurpose
from phaodai.facilities.tests.factories import FacilityFactory, admit, local
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def code(rule) -> str | None:
    return rule.code if rule is not None else None


YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


@pytest.fixture
def person(tree):
    return make_person(tree.village, "Lò Văn Pọm", birth_year=1990)


def _treatment(tree, name: str):
    return FacilityFactory(unit=tree.commune, kind=FacilityKind.TREATMENT_FACILITY, name=name)


def transfer(case, facility, at, place=PlaceOfCare.TREATMENT_FACILITY, actor=None):
    return case_transfer(
        actor=actor,
        jurisdiction=commune_of(case.person),
        case=case,
        place_of_care=place,
        facility=facility,
        at=at,
        reason="",
    )


class TestTransfer:
    def test_a_transfer_to_a_facility_admits_and_the_next_one_discharges_it(self, tree, person):
        first, second = _treatment(tree, "CSĐT số 1"), _treatment(tree, "CSĐT số 2")
        case = register(person, report_date=dt.date(2021, 11, 17))
        transfer(case, first, local(YESTERDAY, 9))
        stay = Stay.objects.get(person=person)
        assert (stay.facility, stay.purpose, stay.discharged_at) == (first, StayPurpose.ISOLATION, None)
        assert stay.source == f"case:{case.pk}"

        transfer(case, second, local(YESTERDAY, 15))
        stay.refresh_from_db()
        assert stay.discharged_at == local(YESTERDAY, 15)
        assert Stay.objects.get(person=person, discharged_at__isnull=True).facility == second
        case.refresh_from_db()
        assert case.facility == second
        summaries = list(case.events.filter(kind=EventKind.TRANSFER).values_list("summary", flat=True))
        assert summaries == [
            "Chuyển Tại nhà → Cơ sở thu dung, điều trị - CSĐT số 1",
            "Chuyển Cơ sở thu dung, điều trị - CSĐT số 1 → Cơ sở thu dung, điều trị - CSĐT số 2",
        ]

    def test_going_home_discharges_the_stay(self, tree, person):
        facility = _treatment(tree, "CSĐT số 1")
        case = register(person, report_date=dt.date(2021, 11, 17))
        transfer(case, facility, local(YESTERDAY, 9))
        transfer(case, None, local(YESTERDAY, 18), place=PlaceOfCare.HOME)
        assert not Stay.objects.filter(person=person, discharged_at__isnull=True).exists()

    def test_a_transfer_before_the_current_admission_is_refused_on_the_time(self, tree, person):
        first, second = _treatment(tree, "CSĐT số 1"), _treatment(tree, "CSĐT số 2")
        case = register(person, report_date=dt.date(2021, 11, 17))
        transfer(case, first, local(YESTERDAY, 9))
        with pytest.raises(DomainError) as caught:
            transfer(case, second, local(YESTERDAY, 8))
        assert list(caught.value.errors) == ["at"]
        assert Stay.objects.get(person=person, discharged_at__isnull=True).facility == first

    def test_a_full_facility_refuses_the_transfer_and_nothing_moves(self, tree, person):
        full = FacilityFactory(unit=tree.commune, kind=FacilityKind.TREATMENT_FACILITY, beds=1)
        admit(full, make_person(tree.commune, "Vàng A Sủ"), purpose=StayPurpose.ISOLATION)
        case = register(person, report_date=dt.date(2021, 11, 17))
        with pytest.raises(DomainError) as caught:
            transfer(case, full, local(YESTERDAY, 9))
        assert "facility" in caught.value.errors
        case.refresh_from_db()
        assert (case.place_of_care, case.facility) == (PlaceOfCare.HOME, None)
        assert not case.events.filter(kind=EventKind.TRANSFER).exists()

    def test_the_transfer_page_moves_the_case_and_shows_refusals_on_the_form(
        self, tree, person, commune_user
    ):
        facility = _treatment(tree, "CSĐT số 1")
        case = register(person, report_date=dt.date(2021, 11, 17))
        client = client_for(commune_user)
        url = reverse("cases:transfer", args=[case.pk])
        refused = client.post(
            url, {"place_of_care": PlaceOfCare.TREATMENT_FACILITY, "at": "19/11/2021 09:00"}
        )
        assert refused.context["form"].errors["facility"] == ["Chọn cơ sở điều trị."]
        done = client.post(
            url,
            {
                "place_of_care": PlaceOfCare.TREATMENT_FACILITY,
                "facility": facility.pk,
                "at": "2021-11-19T09:00",
            },
        )
        assert done.status_code == 302
        assert Stay.objects.get(person=person).facility == facility

    def test_it_returns_404_outside_jurisdiction(self, tree, person, outsider):
        case = register(person)
        client = client_for(outsider)
        for name in ("cases:transfer", "cases:close", "cases:assign_cluster"):
            assert client.get(reverse(name, args=[case.pk])).status_code == 404


class TestQuarantineFacility:
    def test_a_case_found_in_a_quarantine_facility_flags_the_stay(self, tree, person):
        centre = FacilityFactory(unit=tree.commune, kind=FacilityKind.QUARANTINE_CENTRE)
        stay = admit(centre, person)
        register(person, detected_in="quarantine")
        stay.refresh_from_db()
        assert stay.positive_flagged_at is not None
        assert stay.discharged_at is None

    def test_a_case_treated_in_a_facility_leaves_the_quarantine_facility(self, tree, person):
        centre = FacilityFactory(unit=tree.commune, kind=FacilityKind.QUARANTINE_CENTRE)
        stay = admit(centre, person)
        treatment = _treatment(tree, "CSĐT số 1")
        register(person, place_of_care=PlaceOfCare.TREATMENT_FACILITY, facility=treatment)
        stay.refresh_from_db()
        assert stay.positive_flagged_at is not None
        assert stay.discharge_reason == "Chuyển điều trị F0"
        assert Stay.objects.get(person=person, discharged_at__isnull=True).facility == treatment

    def test_a_case_already_in_its_treatment_facility_keeps_its_stay(self, tree, person):
        treatment = _treatment(tree, "CSĐT số 1")
        stay = admit(treatment, person, purpose=StayPurpose.ISOLATION)
        register(person, place_of_care=PlaceOfCare.TREATMENT_FACILITY, facility=treatment)
        assert list(Stay.objects.filter(person=person)) == [stay]


class TestClose:
    def test_recovery_is_refused_before_the_release_days_with_the_reason(self, person):
        case = register(person, report_date=dt.date(2021, 11, 15))
        with pytest.raises(DomainError) as caught:
            case_close(actor=None, case=case, outcome=CaseStatus.RECOVERED, on=TODAY, test_negative=True)
        assert caught.value.errors == {
            "on": ["Chưa đủ tiêu chuẩn theo 4689/QĐ-BYT-ravien: Chưa đủ 10 ngày (mới 6 ngày)."]
        }
        case.refresh_from_db()
        assert case.status == CaseStatus.ACTIVE

    def test_recovery_needs_the_negative_test_the_rule_asks_for(self, person):
        case = register(person, report_date=dt.date(2021, 11, 1))
        with pytest.raises(DomainError) as caught:
            case_close(actor=None, case=case, outcome=CaseStatus.RECOVERED, on=TODAY)
        assert caught.value.errors["on"] == [
            "Chưa đủ tiêu chuẩn theo 4689/QĐ-BYT-ravien: Cần kết quả xét nghiệm (PCR) âm tính."
        ]

    def test_recovery_after_the_release_days_stores_the_release_rule(self, person):
        case = register(person, report_date=dt.date(2021, 11, 10))
        received = []
        case_closed.connect(lambda **kwargs: received.append(kwargs["case"]), weak=False, dispatch_uid="t")
        try:
            case_close(actor=None, case=case, outcome=CaseStatus.RECOVERED, on=TODAY, test_negative=True)
        finally:
            case_closed.disconnect(dispatch_uid="t")
        case.refresh_from_db()
        assert (case.status, case.outcome_date) == (CaseStatus.RECOVERED, TODAY)
        assert code(case.release_rules) == "4689/QĐ-BYT-ravien"
        assert received == [case]
        assert case.events.filter(kind=EventKind.OUTCOME).get().summary == "Khỏi bệnh (4689/QĐ-BYT-ravien)"

    def test_under_250_a_positive_vaccinated_case_is_released_at_day_10(self, person):
        with clock.pinned(dt.date(2022, 2, 20)):
            case = register(
                person, report_date=dt.date(2022, 2, 11), vaccine_doses=2, last_dose_date=dt.date(2021, 10, 1)
            )
            with pytest.raises(DomainError) as caught:
                case_close(actor=None, case=case, outcome=CaseStatus.RECOVERED, on=dt.date(2022, 2, 19))
            assert caught.value.errors["on"] == [
                "Chưa đủ tiêu chuẩn theo 250/QĐ-BYT: Chưa đủ 10 ngày (mới 9 ngày)."
            ]
            case_close(actor=None, case=case, outcome=CaseStatus.RECOVERED, on=dt.date(2022, 2, 20))
        assert code(case.release_rules) == "250/QĐ-BYT"

    def test_a_death_closes_the_case_and_the_facility_stay(self, tree, person):
        treatment = _treatment(tree, "CSĐT số 1")
        case = register(person, place_of_care=PlaceOfCare.TREATMENT_FACILITY, facility=treatment)
        case_close(actor=None, case=case, outcome=CaseStatus.DECEASED, on=TODAY, note="Suy hô hấp")
        case.refresh_from_db()
        assert (case.status, case.release_rules, case.outcome_note) == (
            CaseStatus.DECEASED,
            None,
            "Suy hô hấp",
        )
        assert not Stay.objects.filter(person=person, discharged_at__isnull=True).exists()

    def test_only_a_suspected_case_is_discarded(self, tree, person):
        case = register(person)
        with pytest.raises(DomainError) as caught:
            case_close(actor=None, case=case, outcome=CaseStatus.DISCARDED, on=TODAY)
        assert caught.value.errors == {"outcome": ["Chỉ ca nghi nhiễm mới được loại trừ."]}
        suspected = register(make_person(tree.commune, "Vàng A Sủ"), test_kind=TestKind.RAT_SELF)
        case_close(actor=None, case=suspected, outcome=CaseStatus.DISCARDED, on=TODAY)
        assert Case.objects.get(pk=suspected.pk).status == CaseStatus.DISCARDED

    def test_a_closed_case_cannot_be_closed_again_nor_moved(self, tree, person):
        case = register(person)
        case_close(actor=None, case=case, outcome=CaseStatus.DECEASED, on=TODAY)
        with pytest.raises(DomainError):
            case_close(actor=None, case=case, outcome=CaseStatus.DECEASED, on=TODAY)
        with pytest.raises(DomainError) as caught:
            transfer(case, _treatment(tree, "CSĐT số 1"), local(TODAY, 0))
        assert caught.value.errors["place_of_care"] == ["Ca bệnh đã kết thúc, không chuyển được."]

    def test_the_close_page_shows_the_release_shortfall_on_the_date(self, person, commune_user):
        case = register(person, report_date=dt.date(2021, 11, 15))
        client = client_for(commune_user)
        url = reverse("cases:close", args=[case.pk])
        refused = client.post(
            url, {"outcome": CaseStatus.RECOVERED, "on": "20/11/2021", "test_negative": "on"}
        )
        assert refused.status_code == 200
        assert refused.context["form"].errors["on"] == [
            "Chưa đủ tiêu chuẩn theo 4689/QĐ-BYT-ravien: Chưa đủ 10 ngày (mới 6 ngày)."
        ]
        done = client.post(url, {"outcome": CaseStatus.DECEASED, "on": "20/11/2021"}, follow=True)
        assert "Đã kết thúc ca bệnh: Tử vong." in done.content.decode()
        assert CaseEvent.objects.filter(case=case, kind=EventKind.OUTCOME).exists()
