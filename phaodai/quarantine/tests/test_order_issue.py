"""Issuing an F1 order: the version in force on the start date picks the plan, the dates and the place."""

import datetime as dt

import pytest
from django.utils import timezone

from phaodai.cases.tests.factories import register
from phaodai.contacts.models import Contact
from phaodai.contacts.tests.factories import expose
from phaodai.core import clock
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.facilities.models import FacilityKind, Stay, StayPurpose
from phaodai.facilities.tests.factories import FacilityFactory
from phaodai.geo.tests import factories as units
from phaodai.people.tests.factories import make_person
from phaodai.quarantine.models import Order
from phaodai.quarantine.reference import OrderKind, OrderPlace, OrderStatus
from phaodai.quarantine.services import order_issue_f1
from phaodai.quarantine.tests.factories import commune_of, issue_f1, quarantine_centre

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def person(tree):
    return make_person(tree.village, "Lò Văn Pọm", address="Nhà số 3")


def _refusal(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


class TestPlanByVersion:
    def test_before_5599_an_f1_stays_21_days_in_a_facility(self, person):
        with clock.pinned(D(2021, 7, 1)):
            order = issue_f1(person)
        assert (order.rules.code, order.end_date, order.test_days) == ("21-ngay", D(2021, 7, 21), [])

    def test_5599_quarantines_14_days_in_a_facility_with_tests_on_days_1_7_and_14(self, person):
        with clock.pinned(D(2021, 11, 10)):
            order = issue_f1(person)
        assert order.rules.code == "5599/BYT-MT"
        assert (order.kind, order.place, order.status) == (
            OrderKind.F1_QUARANTINE,
            OrderPlace.FACILITY,
            "active",
        )
        assert (order.start_date, order.end_date) == (D(2021, 11, 10), D(2021, 11, 23))
        assert order.test_days == [1, 7, 14]
        assert order.self_monitor_days == 14
        assert (order.unit_path, order.unit) == (person.unit_path, person.unit)

    def test_5599_refuses_home_quarantine_naming_the_place(self, person):
        with clock.pinned(D(2021, 11, 10)):
            error = _refusal(lambda: issue_f1(person, place=OrderPlace.HOME))
        assert error.errors["place"] == ["Theo 5599/BYT-MT, trường hợp này phải cách ly tập trung (14 ngày)."]
        assert not Order.objects.exists()

    def test_10696_sends_an_f1_vaccinated_two_months_ago_home_for_7_days_tested_on_days_1_and_7(self, person):
        with clock.pinned(D(2021, 12, 20)):
            order = issue_f1(
                person,
                place=OrderPlace.HOME,
                vaccine_doses=2,
                last_dose_date=D(2021, 12, 20) - dt.timedelta(60),
            )
        assert order.rules.code == "10696/BYT-MT"
        assert (order.place, order.facility, order.end_date) == (OrderPlace.HOME, None, D(2021, 12, 26))
        assert order.address == "Nhà số 3"  # where they live, unless told otherwise
        assert (order.test_days, order.self_monitor_days) == ([1, 7], 7)

    def test_10696_lets_a_vaccinated_f1_go_to_a_facility_too(self, person):
        with clock.pinned(D(2021, 12, 20)):
            order = issue_f1(person, vaccine_doses=2, last_dose_date=D(2021, 10, 1))
        assert (order.place, order.end_date) == (OrderPlace.FACILITY, D(2021, 12, 26))

    def test_10696_quarantines_an_unvaccinated_f1_14_days_in_a_facility(self, person):
        with clock.pinned(D(2021, 12, 20)):
            order = issue_f1(person)
            error = _refusal(lambda: issue_f1(make_person(person.unit, "Vàng A Sủ"), place=OrderPlace.HOME))
        assert (order.end_date, order.test_days) == (D(2022, 1, 2), [1, 7, 14])
        assert "phải cách ly tập trung (14 ngày)" in error.errors["place"][0]

    @pytest.mark.parametrize(
        ("doses", "days_ago", "expected_days"),
        [(2, 13, 14), (2, 14, 7), (2, 183, 7), (2, 184, 14), (1, 60, 14)],
    )
    def test_10696_counts_a_full_course_given_14_to_183_days_before(
        self, person, doses, days_ago, expected_days
    ):
        start = D(2021, 12, 20)
        with clock.pinned(start):
            order = issue_f1(person, vaccine_doses=doses, last_dose_date=start - dt.timedelta(days_ago))
        assert (order.end_date - order.start_date).days + 1 == expected_days

    def test_10696_counts_recovery_within_183_days(self, person):
        with clock.pinned(D(2021, 12, 20)):
            order = issue_f1(person, place=OrderPlace.HOME, recovered_on=D(2021, 9, 1))
        assert order.end_date == D(2021, 12, 26)

    def test_762_sends_a_vaccinated_f1_home_for_5_days_tested_on_day_5(self, person):
        with clock.pinned(D(2022, 3, 1)):
            order = issue_f1(person, place=OrderPlace.HOME, vaccine_doses=3, last_dose_date=D(2021, 12, 1))
        assert order.rules.code == "762/BYT-DP"
        assert (order.end_date, order.test_days, order.self_monitor_days) == (D(2022, 3, 5), [5], 5)

    def test_762_gives_an_unvaccinated_f1_7_days_at_home_tested_on_day_7(self, person):
        with clock.pinned(D(2022, 3, 1)):
            order = issue_f1(person, place=OrderPlace.HOME)
        assert (order.end_date, order.test_days, order.self_monitor_days) == (D(2022, 3, 7), [7], 3)

    def test_1909_refuses_to_quarantine_and_says_precautions_only(self, person):
        with clock.pinned(D(2022, 5, 1)):
            error = _refusal(lambda: issue_f1(person, place=OrderPlace.HOME))
        assert error.errors["start_date"] == [
            "Theo 1909/BYT-DP (Công văn 1909/BYT-DP ngày 15/4/2022), F1 không phải cách ly y tế: "
            "chỉ thực hiện các biện pháp phòng bệnh và tự theo dõi sức khỏe trong 10 ngày."
        ]
        assert not Order.objects.exists()
        assert not Stay.objects.exists()

    def test_the_version_of_the_start_date_decides_not_the_day_of_issue(self, person):
        with clock.pinned(D(2021, 12, 20)):
            order = issue_f1(person, start_date=D(2021, 12, 12))
        assert (order.rules.code, order.end_date) == ("5599/BYT-MT", D(2021, 12, 25))

    def test_the_order_keeps_its_version_when_a_new_one_takes_effect(self, person):
        with clock.pinned(D(2021, 12, 10)):
            order = issue_f1(person)
        with clock.pinned(D(2021, 12, 20)):
            order.refresh_from_db()
        assert (order.rules.code, order.end_date, order.test_days) == (
            "5599/BYT-MT",
            D(2021, 12, 23),
            [1, 7, 14],
        )


class TestFacility:
    def test_a_facility_order_admits_the_person_for_quarantine(self, person, commune_user):
        with clock.pinned(D(2021, 11, 10)):
            order = issue_f1(person, actor=commune_user)
        stay = Stay.objects.get(person=person)
        assert (stay.facility, stay.purpose, stay.source) == (
            order.facility,
            StayPurpose.QUARANTINE,
            f"order:{order.pk}",
        )
        assert stay.discharged_at is None
        assert order.issuer == commune_user.organisation

    def test_a_backdated_order_admits_the_person_on_its_start_date(self, person):
        with clock.pinned(D(2021, 11, 12)):
            issue_f1(person, start_date=D(2021, 11, 10))
        assert timezone.localtime(Stay.objects.get(person=person).admitted_at).date() == D(2021, 11, 10)

    def test_it_needs_a_facility_for_a_facility_order(self, person):
        with clock.pinned(D(2021, 11, 10)):
            error = _refusal(
                lambda: order_issue_f1(
                    actor=None,
                    jurisdiction=commune_of(person),
                    contact=None,
                    person=person,
                    start_date=D(2021, 11, 10),
                    place=OrderPlace.FACILITY,
                )
            )
        assert error.errors["facility"] == ["Chọn khu cách ly tập trung."]

    def test_it_refuses_a_closed_facility(self, tree, person):
        closed = quarantine_centre(tree.commune, closed_on=D(2021, 11, 1))
        with clock.pinned(D(2021, 11, 10)):
            error = _refusal(lambda: issue_f1(person, facility=closed))
        assert error.errors["facility"] == ["Cơ sở đã đóng cửa từ ngày 01/11/2021."]

    def test_it_refuses_a_facility_not_yet_open_on_the_start_date(self, tree, person):
        later = quarantine_centre(tree.commune, opened_on=D(2021, 11, 15))
        with clock.pinned(D(2021, 11, 10)):
            error = _refusal(lambda: issue_f1(person, facility=later))
        assert "mở từ ngày 15/11/2021" in error.errors["facility"][0]

    def test_it_refuses_a_treatment_facility_for_an_f1(self, tree, person):
        ward = FacilityFactory(unit=tree.commune, kind=FacilityKind.TREATMENT_FACILITY)
        with clock.pinned(D(2021, 11, 10)):
            error = _refusal(lambda: issue_f1(person, facility=ward))
        assert "chọn khu cách ly tập trung" in error.errors["facility"][0]

    def test_a_commune_sends_its_f1_to_the_district_quarantine_centre(self, tree, person):
        district_centre = quarantine_centre(tree.district)
        with clock.pinned(D(2021, 11, 10)):
            order = issue_f1(person, facility=district_centre)
        assert order.facility == district_centre

    def test_it_refuses_a_facility_of_another_province(self, tree, person):
        other_province = units.district(units.province("14", "Tỉnh Sơn La"), "116", "Thành phố Sơn La")
        elsewhere = quarantine_centre(other_province)
        with clock.pinned(D(2021, 11, 10)):
            error = _refusal(lambda: issue_f1(person, facility=elsewhere))
        assert error.errors["facility"] == ["Cơ sở này không thuộc tỉnh bạn quản lý."]

    def test_a_home_order_names_no_facility(self, tree, person):
        with clock.pinned(D(2021, 12, 20)):
            error = _refusal(
                lambda: issue_f1(
                    person,
                    place=OrderPlace.HOME,
                    facility=quarantine_centre(tree.commune),
                    vaccine_doses=2,
                    last_dose_date=D(2021, 10, 1),
                )
            )
        assert error.errors["facility"] == ["Cách ly tại nhà hoặc nơi khác thì không chọn cơ sở."]

    def test_a_full_facility_leaves_nothing_half_saved(self, tree, person):
        full = quarantine_centre(tree.commune, beds=1)
        with clock.pinned(D(2021, 11, 10)):
            issue_f1(make_person(tree.commune, "Vàng A Sủ"), facility=full)
            error = _refusal(lambda: issue_f1(person, facility=full))
        assert "hết giường" in error.errors["facility"][0]
        assert not Order.objects.filter(person=person).exists()


class TestRefusals:
    def test_a_second_active_order_is_a_conflict_on_the_person(self, person):
        with clock.pinned(D(2021, 11, 10)):
            first = issue_f1(person)
            with pytest.raises(ConflictError) as caught:
                issue_f1(person, start_date=D(2021, 11, 9))
        assert list(caught.value.errors) == ["person"]
        assert f"#{first.pk}" in caught.value.message
        assert "23/11/2021" in caught.value.message
        assert Order.objects.filter(person=person).count() == 1

    def test_it_refuses_a_start_date_in_the_future(self, person):
        with clock.pinned(D(2021, 11, 10)):
            error = _refusal(lambda: issue_f1(person, start_date=D(2021, 11, 11)))
        assert error.errors["start_date"] == ["Ngày bắt đầu cách ly không được sau ngày hôm nay."]

    def test_it_refuses_a_person_outside_the_jurisdiction(self, tree, person):
        with clock.pinned(D(2021, 11, 10)):
            error = _refusal(
                lambda: issue_f1(person, jurisdiction=Jurisdiction.of([tree.other_commune.path]))
            )
        assert error.errors["person"] == ["Người này không thuộc địa bàn bạn quản lý."]

    def test_it_refuses_doses_without_a_last_dose_date_and_a_dose_after_the_start(self, person):
        with clock.pinned(D(2021, 12, 20)):
            missing = _refusal(lambda: issue_f1(person, vaccine_doses=2))
            late = _refusal(lambda: issue_f1(person, vaccine_doses=2, last_dose_date=D(2021, 12, 21)))
            absurd = _refusal(lambda: issue_f1(person, vaccine_doses=9, last_dose_date=D(2021, 10, 1)))
        assert missing.errors["last_dose_date"] == ["Nhập ngày tiêm mũi cuối."]
        assert late.errors["last_dose_date"] == ["Ngày tiêm mũi cuối không được sau ngày bắt đầu cách ly."]
        assert absurd.errors["vaccine_doses"] == ["Số mũi vắc xin phải từ 0 đến 6."]

    def test_it_refuses_someone_who_is_already_a_case(self, person):
        with clock.pinned(D(2021, 11, 10)):
            register(person)
            error = _refusal(lambda: issue_f1(person))
        assert "đang là ca bệnh" in error.errors["person"][0]

    def test_an_overlong_number_is_refused_on_its_field(self, person):
        with clock.pinned(D(2021, 11, 10)):
            error = _refusal(lambda: issue_f1(person, number="1" * 40))
        assert error.errors["number"] == ["Số quyết định quá dài (tối đa 32 ký tự)."]


class TestFromAContact:
    @pytest.fixture
    def f1(self, tree):
        with clock.pinned(D(2021, 11, 12)):
            index = register(make_person(tree.commune, "Giàng Thị Mai", sex="F"), report_date=D(2021, 11, 12))
            wife = make_person(tree.village, "Lò Thị Xuân", sex="F")
            expose(index.person, wife, day=D(2021, 11, 11))
        return Contact.objects.get(person=wife)

    def test_an_f1_contact_is_quarantined_from_the_order_and_linked_to_it(self, f1):
        with clock.pinned(D(2021, 11, 12)):
            order = issue_f1(f1.person, contact=f1, start_date=f1.last_exposure_date)
        assert (order.contact, order.person, order.start_date) == (f1, f1.person, D(2021, 11, 11))

    def test_the_contact_must_be_the_person_quarantined(self, tree, f1):
        with clock.pinned(D(2021, 11, 12)):
            error = _refusal(lambda: issue_f1(make_person(tree.commune, "Vàng A Sủ"), contact=f1))
        assert error.errors["contact"] == ["Người tiếp xúc và người bị cách ly phải là một người."]


def test_issuing_writes_an_audit_row_naming_the_rule(person, commune_user):
    with clock.pinned(D(2021, 11, 10)):
        order = issue_f1(person, actor=commune_user)
    event = AuditEvent.objects.get(entity="quarantine.order", action=AuditAction.CREATE)
    assert (event.entity_id, event.actor, event.unit_path) == (str(order.pk), commune_user, person.unit_path)
    assert "5599/BYT-MT" in event.summary
    assert event.changes["end_date"] == "2021-11-23"
    assert order.status == OrderStatus.ACTIVE
