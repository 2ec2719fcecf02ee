"""Registering a case: F0 or suspected under the definition in force, every decision's rule set kept,
bad input refused on its field with nothing saved, and only for a person of the user's jurisdiction."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import _user, client_for
from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.cases import links
from phaodai.cases.models import Case, CaseEvent, EventKind
from phaodai.cases.reference import CaseBasis, CaseStatus, PlaceOfCare, RiskFlag, Severity, TestKind
from phaodai.cases.tests.factories import TODAY, CaseFactory, register
from phaodai.core import clock
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.facilities.models import FacilityKind
from phaodai.facilities.tests.factories import FacilityFactory
from phaodai.geo.tests import factories as units
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def code(rule) -> str | None:
    return rule.code if rule is not None else None


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


@pytest.fixture
def person(tree):
    return make_person(tree.village, "Lò Văn Pọm", birth_year=1990)


def errors_of(call) -> dict:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.errors


class TestDecision:
    def test_a_positive_rt_pcr_is_an_active_f0_with_its_registration_on_the_timeline(
        self, person, commune_user
    ):
        case = register(person, actor=commune_user)
        assert (case.status, case.basis) == (CaseStatus.ACTIVE, CaseBasis.PCR)
        event = CaseEvent.objects.get(case=case)
        assert event.kind == EventKind.REGISTERED
        assert event.summary == "Đang điều trị (RT-PCR dương tính, theo RT-PCR-2020)"
        assert AuditEvent.objects.filter(
            entity="cases.case", entity_id=str(case.pk), action=AuditAction.CREATE
        )

    def test_a_positive_rapid_test_without_more_is_a_suspected_case(self, person):
        case = register(person, test_kind=TestKind.RAT_STAFF)
        assert (case.status, case.basis) == (CaseStatus.SUSPECTED, CaseBasis.UNCONFIRMED)

    def test_an_f1_with_a_positive_rapid_test_is_an_f0_from_11042_on(self, person, monkeypatch):
        monkeypatch.setattr(links, "_lookup", [lambda who: "F1" if who.pk == person.pk else None])
        with clock.pinned(dt.date(2022, 2, 15)):
            case = register(person, test_kind=TestKind.RAT_STAFF, report_date=dt.date(2022, 2, 10))
        assert (case.status, case.basis) == (CaseStatus.ACTIVE, CaseBasis.RAT_F1)
        assert case.definition_rules.code == "11042/BYT-DP"

    def test_the_record_keeps_the_rule_sets_in_force_on_its_report_date(self, tree):
        november = register(make_person(tree.commune, "Vàng A Sủ"), report_date=dt.date(2021, 11, 10))
        assert november.definition_rules.code == "RT-PCR-2020"
        assert november.severity_rules.code == "4689/QĐ-BYT"
        assert code(november.home_care_rules) == "4038/QĐ-BYT"
        with clock.pinned(dt.date(2022, 2, 15)):
            february = register(make_person(tree.commune, "Giàng Thị Mai"), report_date=dt.date(2022, 2, 10))
        assert february.definition_rules.code == "11042/BYT-DP"
        assert february.severity_rules.code == "250/QĐ-BYT"
        assert code(february.home_care_rules) == "261/QĐ-BYT"

    def test_home_care_eligibility_is_decided_with_a_reason_for_each_criterion(self, tree):
        elder = make_person(tree.commune, "Lò Thị Dung", birth_year=1966, sex="F")
        case = register(elder, spo2=97, resp_rate=18, symptoms=["cough"])
        assert case.severity == Severity.MILD
        assert case.home_care_eligible is False
        assert case.risk_flags == [RiskFlag.UNVACCINATED]
        unmet = [reason["label"] for reason in case.home_care_reasons if not reason["met"]]
        assert unmet == ["Đã tiêm vắc xin, hoặc từ 2 đến dưới 50 tuổi, không bệnh nền, không mang thai"]

    def test_risk_flags_order_the_cases(self, tree):
        old = register(
            make_person(tree.commune, "Lò Văn Già", birth_year=1950),
            vaccine_doses=2,
            last_dose_date=dt.date(2021, 9, 1),
        )
        young = register(
            make_person(tree.commune, "Lò Văn Trẻ", birth_year=1995),
            vaccine_doses=2,
            last_dose_date=dt.date(2021, 9, 1),
        )
        assert old.risk_flags == [RiskFlag.AGE_65]
        assert old.risk_score > young.risk_score == 0


class TestRefusals:
    def assert_nothing_saved(self):
        assert not Case.objects.exists()
        assert not CaseEvent.objects.exists()
        assert not AuditEvent.objects.filter(entity="cases.case").exists()

    def test_an_onset_after_the_report_is_refused_on_its_field(self, person):
        errors = errors_of(
            lambda: register(person, onset_date=TODAY, report_date=TODAY - dt.timedelta(days=1))
        )
        assert errors == {"onset_date": ["Ngày khởi phát không được sau ngày báo cáo."]}
        self.assert_nothing_saved()

    def test_a_report_date_in_the_future_is_refused(self, person):
        errors = errors_of(lambda: register(person, report_date=TODAY + dt.timedelta(days=1)))
        assert errors["report_date"] == ["Ngày báo cáo không được sau ngày hôm nay."]
        self.assert_nothing_saved()

    def test_an_spo2_above_100_is_refused(self, person):
        errors = errors_of(lambda: register(person, spo2=101))
        assert errors == {"spo2": ["SpO₂ phải từ 0 đến 100 (%)."]}
        self.assert_nothing_saved()

    def test_a_negative_gap_between_two_rapid_tests_is_refused(self, person):
        errors = errors_of(lambda: register(person, test_kind=TestKind.RAT_STAFF, second_rat_hours=-2))
        assert errors == {"second_rat_hours": ["Số giờ giữa hai lần test nhanh phải từ 0 đến 240."]}
        self.assert_nothing_saved()

    def test_a_second_open_case_for_the_same_person_is_a_conflict_on_the_person(self, person):
        first = register(person)
        with pytest.raises(ConflictError) as caught:
            register(person, test_kind=TestKind.RAT_STAFF)
        assert caught.value.errors == {"person": [f"Người này đang có ca bệnh chưa kết thúc (#{first.pk})."]}
        assert Case.objects.count() == 1

    def test_a_person_cannot_be_their_own_source_case(self, person):
        earlier = CaseFactory(
            person=person,
            status=CaseStatus.RECOVERED,
            report_date=dt.date(2021, 9, 1),
            outcome_date=dt.date(2021, 9, 15),
        )
        errors = errors_of(lambda: register(person, source_case=earlier))
        assert errors == {"source_case": ["Một người không thể là nguồn lây của chính mình."]}
        assert Case.objects.count() == 1

    def test_a_person_outside_the_jurisdiction_is_refused(self, person, tree):
        outside = Jurisdiction.of([tree.other_commune.path])
        errors = errors_of(lambda: register(person, jurisdiction=outside))
        assert errors == {"person": ["Người này không thuộc địa bàn bạn quản lý."]}
        self.assert_nothing_saved()

    def test_a_quarantine_centre_does_not_treat_f0(self, person, tree):
        centre = FacilityFactory(unit=tree.commune, kind=FacilityKind.QUARANTINE_CENTRE)
        errors = errors_of(
            lambda: register(person, place_of_care=PlaceOfCare.TREATMENT_FACILITY, facility=centre)
        )
        assert list(errors) == ["facility"]
        self.assert_nothing_saved()


def _form(**fields: object) -> dict:
    return {
        "test_kind": TestKind.PCR,
        "positive": "on",
        "report_date": "18/11/2021",
        "detected_in": "community",
        "place_of_care": PlaceOfCare.HOME,
        "can_self_care": "on",
        "vaccine_doses": "0",
        **fields,
    }


def _url(person) -> str:
    return f"{reverse('cases:register')}?person={person.pk}"


class TestRegisterPage:
    def test_it_registers_an_f0_from_dd_mm_yyyy_dates_and_says_under_which_rules(self, person, commune_user):
        client = client_for(commune_user)
        response = client.post(
            _url(person),
            _form(sample_date="17/11/2021", onset_date="16/11/2021", symptoms=["fever", "cough"]),
        )
        case = Case.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("cases:detail", args=[case.pk])
        assert (case.sample_date, case.onset_date) == (dt.date(2021, 11, 17), dt.date(2021, 11, 16))
        assert case.symptoms == ["fever", "cough"]
        page = client.get(response["Location"]).content.decode()
        assert "Đã ghi nhận F0 (RT-PCR dương tính) theo RT-PCR-2020." in page

    def test_it_says_a_suspected_case_falls_short_of_the_definition(self, person, commune_user):
        response = client_for(commune_user).post(
            _url(person), _form(test_kind=TestKind.RAT_STAFF), follow=True
        )
        assert (
            "Đã ghi nhận ca nghi nhiễm: chưa đủ tiêu chuẩn F0 theo RT-PCR-2020." in response.content.decode()
        )

    def test_a_refusal_shows_on_its_field_and_saves_nothing(self, person, commune_user):
        response = client_for(commune_user).post(_url(person), _form(onset_date="19/11/2021", spo2="101"))
        assert response.status_code == 200
        form = response.context["form"]
        assert form.errors["onset_date"] == ["Ngày khởi phát không được sau ngày báo cáo."]
        assert form.errors["spo2"] == ["SpO₂ phải từ 0 đến 100 (%)."]
        assert not Case.objects.exists()

    def test_a_malformed_date_says_the_expected_format(self, person, commune_user):
        response = client_for(commune_user).post(_url(person), _form(report_date="2021/18/11"))
        assert response.context["form"].errors["report_date"] == ["Ngày phải theo dạng dd/mm/yyyy."]

    def test_a_missing_report_date_names_the_field(self, person, commune_user):
        response = client_for(commune_user).post(_url(person), _form(report_date=""))
        assert response.context["form"].errors["report_date"] == ["Ngày báo cáo là bắt buộc."]

    def test_a_second_open_case_is_refused_at_the_top_of_the_form(self, person, commune_user):
        first = register(person)
        response = client_for(commune_user).post(_url(person), _form())
        assert response.context["form"].non_field_errors() == [
            f"Người này đang có ca bệnh chưa kết thúc (#{first.pk})."
        ]
        assert "Người này đang có ca bệnh chưa kết thúc:" in response.content.decode()

    def test_only_open_treatment_facilities_of_the_province_are_offered(self, person, tree, commune_user):
        FacilityFactory(
            unit=tree.commune, name="Cơ sở điều trị Dào San", kind=FacilityKind.TREATMENT_FACILITY
        )
        closed = FacilityFactory(
            unit=tree.commune,
            name="Trường cũ",
            kind=FacilityKind.TREATMENT_FACILITY,
            closed_on=dt.date(2021, 11, 1),
        )
        FacilityFactory(unit=tree.other_commune, name="Cơ sở Pa Tần", kind=FacilityKind.TREATMENT_FACILITY)
        FacilityFactory(unit=tree.commune, name="Khu cách ly F1", kind=FacilityKind.QUARANTINE_CENTRE)
        elsewhere = units.district(units.province("14", "Tỉnh Sơn La"), "116", "Thành phố Sơn La")
        FacilityFactory(unit=elsewhere, name="Cơ sở Sơn La", kind=FacilityKind.TREATMENT_FACILITY)
        client = client_for(commune_user)
        page = client.get(_url(person)).content.decode()
        assert "Cơ sở điều trị Dào San" in page
        assert "Cơ sở Pa Tần" in page  # another district of the province: referrals cross districts
        assert "Trường cũ" not in page
        assert "Khu cách ly F1" not in page
        assert "Cơ sở Sơn La" not in page
        response = client.post(
            _url(person), _form(place_of_care=PlaceOfCare.TREATMENT_FACILITY, facility=str(closed.pk))
        )
        assert response.context["form"].errors["facility"] == ["Chọn một cơ sở điều trị đang mở trong tỉnh."]

    def test_a_source_case_must_be_one_the_user_can_see(self, person, tree, commune_user):
        elsewhere = CaseFactory(person=make_person(tree.other_commune, "Vàng Văn Pa"))
        response = client_for(commune_user).post(_url(person), _form(source_case=str(elsewhere.pk)))
        assert response.context["form"].errors["source_case"] == [
            f"Không có ca bệnh mang mã {elsewhere.pk} trong địa bàn bạn quản lý."
        ]
        assert Case.objects.count() == 1

    def test_without_a_person_it_offers_a_search_of_the_registry(self, person, tree, commune_user):
        make_person(tree.other_commune, "Lò Văn Pọm Ngoài")
        page = client_for(commune_user).get(reverse("cases:register"), {"q": "pom"}).content.decode()
        assert f"?person={person.pk}" in page
        assert "Lò Văn Pọm Ngoài" not in page

    def test_it_returns_404_outside_jurisdiction(self, person, outsider):
        client = client_for(outsider)
        assert client.get(_url(person)).status_code == 404
        assert client.post(_url(person), _form()).status_code == 404
        assert not Case.objects.exists()

    def test_someone_without_the_edit_permission_is_refused(self, person, tree):
        steering = _user(tree.province, Role.PROVINCIAL_STEERING, OrganisationKind.OTHER, "bcd")
        assert client_for(steering).post(_url(person), _form()).status_code == 403
        assert not Case.objects.exists()
