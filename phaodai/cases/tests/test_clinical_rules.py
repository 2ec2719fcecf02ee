"""Each version of the clinical rules, read from the rule sets installed in the database.

The same vitals give the answer of the version in force on the day: 4377 vs 261 for warning signs,
4038 vs 261 for home care, the case definition before and after 11042/BYT-DP.
"""

import datetime as dt

import pytest

from phaodai.cases import clinical, definition, rulesets
from phaodai.cases.clinical import Patient, Vitals
from phaodai.cases.reference import CaseBasis, RiskFlag, Severity, TestKind
from phaodai.core import rules

DELTA = dt.date(2021, 11, 20)  # 4377 warning signs, 4038 home care, RT-PCR definition
OMICRON = dt.date(2022, 2, 10)  # 261 warning signs and home care, 250 severity, 11042 definition
APRIL_2022 = dt.date(2022, 4, 20)  # 1909/BYT-DP definition

pytestmark = pytest.mark.django_db


def params(kind: str, on: dt.date) -> dict:
    return rules.in_force(kind, on=on).params


def signs(vitals: Vitals, on: dt.date, age: int = 40) -> list[str]:
    return clinical.warning_signs(vitals, age=age, params=params(rulesets.WARNING_SIGNS, on))


def test_the_versions_in_force_are_the_documents_of_each_period():
    assert rules.in_force(rulesets.WARNING_SIGNS, on=DELTA).code == "4377/QĐ-BYT"
    assert rules.in_force(rulesets.WARNING_SIGNS, on=OMICRON).code == "261/QĐ-BYT"
    assert rules.in_force(rulesets.HOME_CARE, on=DELTA).code == "4038/QĐ-BYT"
    assert rules.in_force(rulesets.HOME_CARE, on=OMICRON).code == "261/QĐ-BYT"
    assert rules.in_force(rulesets.DEFINITION, on=DELTA).code == "RT-PCR-2020"
    assert rules.in_force(rulesets.DEFINITION, on=OMICRON).code == "11042/BYT-DP"


class TestWarningSigns:
    def test_spo2_96_is_a_warning_under_261_but_not_under_4377(self):
        assert signs(Vitals(spo2=96), OMICRON) == ["SpO₂ 96% (≤ 96%)"]
        assert signs(Vitals(spo2=96), DELTA) == []

    def test_spo2_95_is_a_warning_under_both(self):
        assert signs(Vitals(spo2=95), DELTA) == ["SpO₂ 95% (≤ 95%)"]
        assert len(signs(Vitals(spo2=95), OMICRON)) == 1

    def test_adult_breathing_20_a_minute_warns_under_261_but_not_under_4377(self):
        assert signs(Vitals(resp_rate=20), OMICRON) == ["Nhịp thở 20 lần/phút (≥ 20)"]
        assert signs(Vitals(resp_rate=20), DELTA) == []
        assert signs(Vitals(resp_rate=21), DELTA) == ["Nhịp thở 21 lần/phút (≥ 21)"]

    def test_a_child_has_its_own_breathing_threshold(self):
        assert signs(Vitals(resp_rate=35), OMICRON, age=3) == []
        assert signs(Vitals(resp_rate=40), OMICRON, age=3) == ["Nhịp thở 40 lần/phút (≥ 40)"]
        assert signs(Vitals(resp_rate=30), OMICRON, age=8) == ["Nhịp thở 30 lần/phút (≥ 30)"]

    def test_pulse_and_blood_pressure_are_signs_only_from_261(self):
        vitals = Vitals(pulse=125, systolic=85, diastolic=70)
        assert signs(vitals, DELTA) == []
        assert signs(vitals, OMICRON) == ["Mạch 125 lần/phút", "Huyết áp thấp 85/70 mmHg"]

    def test_dyspnoea_is_a_sign_and_a_cough_is_not(self):
        assert signs(Vitals(symptoms=("cough", "dyspnoea")), DELTA) == ["Khó thở, thở hụt hơi"]


def patient(**fields: object) -> Patient:
    values: dict = {
        "age": 30,
        "comorbid": False,
        "pregnant": False,
        "vaccine_doses": 2,
        "days_since_last_dose": 60,
        "severity": Severity.MILD,
        "can_self_care": True,
        "vitals": Vitals(spo2=98, resp_rate=16),
        **fields,
    }
    return Patient(**values)


def home_care(who: Patient, on: dt.date, *, stable_comorbidity: bool = False) -> clinical.Eligibility:
    return clinical.home_care(
        who, params=params(rulesets.HOME_CARE, on), stable_comorbidity=stable_comorbidity
    )


class TestHomeCare:
    def test_an_unvaccinated_55_year_old_without_comorbidity_is_not_eligible_under_4038_but_is_under_261(
        self,
    ):
        who = patient(age=55, vaccine_doses=0, days_since_last_dose=None)
        under_4038 = home_care(who, DELTA)
        assert not under_4038.eligible
        assert [c.label for c in under_4038.criteria if not c.met] == [
            "Đã tiêm vắc xin, hoặc từ 2 đến dưới 50 tuổi, không bệnh nền, không mang thai"
        ]
        assert home_care(who, OMICRON).eligible

    def test_one_dose_counts_as_vaccinated_under_4038_after_14_days(self):
        assert home_care(patient(age=55, vaccine_doses=1, days_since_last_dose=14), DELTA).eligible
        assert not home_care(patient(age=55, vaccine_doses=1, days_since_last_dose=13), DELTA).eligible

    def test_spo2_of_exactly_96_meets_4038_but_not_261(self):
        who = patient(vitals=Vitals(spo2=96, resp_rate=16))
        assert home_care(who, DELTA).eligible
        assert not home_care(who, OMICRON).eligible

    def test_breathing_20_a_minute_meets_4038_but_not_261(self):
        who = patient(vitals=Vitals(spo2=98, resp_rate=20))
        assert home_care(who, DELTA).eligible
        assert not home_care(who, OMICRON).eligible

    def test_a_stable_comorbidity_is_accepted_by_261_only(self):
        who = patient(comorbid=True, age=40, vaccine_doses=0, days_since_last_dose=None)
        assert home_care(who, OMICRON, stable_comorbidity=True).eligible
        assert not home_care(who, OMICRON).eligible
        assert not home_care(who, DELTA, stable_comorbidity=True).eligible

    def test_someone_who_cannot_care_for_themselves_is_not_eligible(self):
        result = home_care(patient(can_self_care=False), OMICRON)
        assert not result.eligible
        assert {"label": "Tự chăm sóc được hoặc có người chăm sóc", "met": False} in result.reasons

    def test_a_moderate_case_is_not_eligible(self):
        assert not home_care(patient(severity=Severity.MODERATE), OMICRON).eligible


def severity(vitals: Vitals, *, comorbid: bool = False, on: dt.date = OMICRON) -> str:
    return clinical.severity(vitals, comorbid=comorbid, params=params(rulesets.SEVERITY, on))


class TestSeverityBands:
    @pytest.mark.parametrize(
        ("vitals", "expected"),
        [
            (Vitals(spo2=97, resp_rate=18), Severity.ASYMPTOMATIC),
            (Vitals(spo2=97, resp_rate=18, symptoms=("fever",)), Severity.MILD),
            (Vitals(spo2=96, resp_rate=18), Severity.MODERATE),
            (Vitals(spo2=94, resp_rate=18), Severity.MODERATE),
            (Vitals(spo2=97, resp_rate=20), Severity.MODERATE),
            (Vitals(spo2=97, resp_rate=25), Severity.MODERATE),
            (Vitals(spo2=93, resp_rate=18), Severity.SEVERE),
            (Vitals(spo2=97, resp_rate=26), Severity.SEVERE),
            (Vitals(spo2=88, invasive_ventilation=True), Severity.CRITICAL),
        ],
    )
    def test_the_250_bands(self, vitals, expected):
        assert severity(vitals) == expected

    def test_a_mild_case_with_a_comorbidity_is_treated_as_moderate(self):
        assert severity(Vitals(spo2=98, symptoms=("cough",)), comorbid=True) == Severity.MODERATE

    def test_unmeasured_vitals_are_not_read_as_bad(self):
        assert severity(Vitals()) == Severity.ASYMPTOMATIC

    def test_the_delta_wave_version_is_4689_and_flagged_for_checking(self):
        rule = rules.in_force(rulesets.SEVERITY, on=DELTA)
        assert rule.code == "4689/QĐ-BYT"
        assert rule.needs_checking


def classify(on: dt.date, **evidence: object) -> str:
    values: dict = {"test_kind": TestKind.RAT_STAFF, "positive": True, **evidence}
    return definition.classify(definition.Evidence(**values), params(rulesets.DEFINITION, on))


class TestCaseDefinition:
    def test_a_positive_rapid_test_in_an_f1_is_suspected_before_11042_and_an_f0_after(self):
        assert classify(DELTA, is_f1=True) == CaseBasis.UNCONFIRMED
        assert classify(OMICRON, is_f1=True) == CaseBasis.RAT_F1

    def test_two_rapid_tests_within_8_hours_with_an_epidemiological_factor_make_an_f0_under_11042(self):
        assert classify(OMICRON, has_epi_factor=True, second_rat_hours=8) == CaseBasis.TWO_RATS
        assert classify(OMICRON, has_epi_factor=True, second_rat_hours=9) == CaseBasis.UNCONFIRMED
        assert classify(OMICRON, has_epi_factor=False, second_rat_hours=4) == CaseBasis.UNCONFIRMED
        assert classify(DELTA, has_epi_factor=True, second_rat_hours=4) == CaseBasis.UNCONFIRMED

    def test_one_rapid_test_with_symptoms_or_an_epidemiological_factor_is_enough_under_1909(self):
        assert classify(APRIL_2022, has_epi_factor=True) == CaseBasis.RAT_EPI
        assert classify(APRIL_2022, has_symptoms=True) == CaseBasis.RAT_SYMPTOMS
        assert classify(OMICRON, has_symptoms=True) == CaseBasis.UNCONFIRMED

    def test_a_positive_rt_pcr_is_an_f0_in_every_version(self):
        for day in (DELTA, OMICRON, APRIL_2022):
            assert classify(day, test_kind=TestKind.PCR) == CaseBasis.PCR

    def test_a_negative_result_is_not_an_f0_unless_a_doctor_decides_so(self):
        assert classify(OMICRON, test_kind=TestKind.PCR, positive=False) == CaseBasis.UNCONFIRMED
        assert classify(DELTA, test_kind=TestKind.NONE, positive=False, clinical_decision=True) == (
            CaseBasis.CLINICAL
        )


class TestRiskOrder:
    def test_65_and_over_outranks_comorbidity_which_outranks_unvaccinated_which_outranks_under_5(self):
        def score(**fields: object) -> int:
            values: dict = {"age": 30, "comorbid": False, "vaccine_doses": 2, "pregnant": False, **fields}
            return clinical.risk_score(clinical.risk_flags(**values))

        assert score(age=70) > score(comorbid=True, vaccine_doses=0) > score(vaccine_doses=0) > score(age=3)

    def test_a_child_under_12_is_not_flagged_unvaccinated(self):
        flags = clinical.risk_flags(age=8, comorbid=False, vaccine_doses=0, pregnant=False)
        assert flags == []
        assert clinical.risk_flags(age=3, comorbid=False, vaccine_doses=0, pregnant=False) == [
            RiskFlag.UNDER_5
        ]
