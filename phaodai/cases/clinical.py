"""Reading the clinical rule sets: severity, warning signs, home-care eligibility, risk flags.

Pure functions over the parameters of one rule set version, so the same vitals give the answer of the
version in force that day, and tests can pin each version's thresholds.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from phaodai.cases.reference import RISK_WEIGHTS, SEVERITY_ORDER, RiskFlag, Severity, Symptom


@dataclass(frozen=True)
class Vitals:
    spo2: int | None = None
    resp_rate: int | None = None
    pulse: int | None = None
    systolic: int | None = None
    diastolic: int | None = None
    temperature: float | None = None
    symptoms: tuple[str, ...] = ()
    invasive_ventilation: bool = False


def age_on(birth_year: int, birth_date: dt.date | None, day: dt.date) -> int:
    """Age in whole years; with only a birth year, the age reached during that year."""
    if birth_date is None:
        return day.year - birth_year
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def severity(vitals: Vitals, *, comorbid: bool, params: dict[str, Any]) -> str:
    """Asymptomatic/mild/moderate/severe/critical per the severity rule set in force."""
    if vitals.invasive_ventilation:
        return Severity.CRITICAL
    spo2, rr = vitals.spo2, vitals.resp_rate
    if (spo2 is not None and spo2 < params["severe_spo2_below"]) or (
        rr is not None and rr > params["severe_rr_above"]
    ):
        return Severity.SEVERE
    mild_spo2 = spo2 is None or spo2 > params["mild_spo2_above"]
    mild_rr = rr is None or rr < params["mild_rr_below"]
    if not (mild_spo2 and mild_rr):
        return Severity.MODERATE
    if comorbid and params["comorbid_mild_is_moderate"]:
        return Severity.MODERATE
    return Severity.MILD if vitals.symptoms else Severity.ASYMPTOMATIC


def worse(first: str, second: str) -> str:
    return max(first, second, key=SEVERITY_ORDER.index)


def _rr_threshold(age: int, params: dict[str, Any]) -> int | None:
    if age < 1:
        return None
    if age < 5:
        return int(params["child_1_5_rr_at_least"])
    if age < 12:
        return int(params["child_5_12_rr_at_least"])
    return int(params["adult_rr_at_least"])


def _limit(value: int | None, limit: int, *, above: bool) -> bool:
    """A limit of 0 means the version has no such sign."""
    if value is None or not limit:
        return False
    return value > limit if above else value < limit


def warning_signs(vitals: Vitals, *, age: int, params: dict[str, Any]) -> list[str]:
    """The warning signs these vitals show, as readable Vietnamese, per the version in force."""
    signs: list[str] = []
    if vitals.spo2 is not None and vitals.spo2 <= params["spo2_at_most"]:
        signs.append(
            _("SpO₂ %(value)s%% (≤ %(limit)s%%)") % {"value": vitals.spo2, "limit": params["spo2_at_most"]}
        )
    threshold = _rr_threshold(age, params)
    if threshold is not None and vitals.resp_rate is not None and vitals.resp_rate >= threshold:
        signs.append(
            _("Nhịp thở %(value)s lần/phút (≥ %(limit)s)") % {"value": vitals.resp_rate, "limit": threshold}
        )
    if _limit(vitals.pulse, params["pulse_above"], above=True) or _limit(
        vitals.pulse, params["pulse_below"], above=False
    ):
        signs.append(_("Mạch %(value)s lần/phút") % {"value": vitals.pulse})
    if _limit(vitals.systolic, params["systolic_below"], above=False) or _limit(
        vitals.diastolic, params["diastolic_below"], above=False
    ):
        signs.append(
            _("Huyết áp thấp %(s)s/%(d)s mmHg") % {"s": vitals.systolic or "-", "d": vitals.diastolic or "-"}
        )
    labels = dict(Symptom.choices)
    signs += [
        str(labels[code]) for code in vitals.symptoms if code in params["sign_symptoms"] and code in labels
    ]
    return signs


@dataclass(frozen=True)
class Criterion:
    label: str
    met: bool


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def reasons(self) -> list[dict[str, Any]]:
        return [{"label": c.label, "met": c.met} for c in self.criteria]


@dataclass(frozen=True)
class Patient:
    """What home-care eligibility weighs about the person and the case."""

    age: int
    comorbid: bool
    pregnant: bool
    vaccine_doses: int
    days_since_last_dose: int | None
    severity: str
    can_self_care: bool
    vitals: Vitals


def _compare(value: int | None, limit: int, *, inclusive: bool, at_least: bool) -> bool:
    if value is None:
        return True  # not measured yet: the health worker measures before deciding
    if at_least:
        return value >= limit if inclusive else value > limit
    return value <= limit if inclusive else value < limit


def _vaccinated(patient: Patient, params: dict[str, Any]) -> bool:
    if patient.vaccine_doses >= params["vaccinated_doses"]:
        return True
    return patient.vaccine_doses >= 1 and (patient.days_since_last_dose or 0) >= params["one_dose_days"]


def _low_risk(patient: Patient, params: dict[str, Any]) -> bool:
    in_age = params["low_risk_age_above"] < patient.age < params["low_risk_age_below"]
    return in_age and not patient.comorbid and not patient.pregnant


def home_care(patient: Patient, *, params: dict[str, Any], stable_comorbidity: bool = False) -> Eligibility:
    """Eligibility for care at home with the reason for each criterion, per the version in force."""
    spo2_sign = "≥" if params["spo2_min_inclusive"] else ">"
    rr_sign = "≤" if params["rr_max_inclusive"] else "<"
    criteria = [
        Criterion(
            _("Không triệu chứng hoặc triệu chứng nhẹ"),
            patient.severity in (Severity.ASYMPTOMATIC, Severity.MILD),
        ),
        Criterion(
            _("SpO₂ %(sign)s %(limit)s%%") % {"sign": spo2_sign, "limit": params["spo2_min"]},
            _compare(
                patient.vitals.spo2, params["spo2_min"], inclusive=params["spo2_min_inclusive"], at_least=True
            ),
        ),
        Criterion(
            _("Nhịp thở %(sign)s %(limit)s lần/phút") % {"sign": rr_sign, "limit": params["rr_max"]},
            _compare(
                patient.vitals.resp_rate,
                params["rr_max"],
                inclusive=params["rr_max_inclusive"],
                at_least=False,
            ),
        ),
        Criterion(_("Tự chăm sóc được hoặc có người chăm sóc"), patient.can_self_care),
    ]
    if params["vaccinated_or_low_risk"]:
        criteria.append(
            Criterion(
                _("Đã tiêm vắc xin, hoặc từ %(low)s đến dưới %(high)s tuổi, không bệnh nền, không mang thai")
                % {"low": params["low_risk_age_above"] + 1, "high": params["low_risk_age_below"]},
                _vaccinated(patient, params) or _low_risk(patient, params),
            )
        )
    else:
        criteria.append(
            Criterion(
                _("Không có bệnh nền, hoặc bệnh nền đang điều trị ổn định"),
                not patient.comorbid or (params["stable_comorbidity_ok"] and stable_comorbidity),
            )
        )
    return Eligibility(all(c.met for c in criteria), criteria)


def risk_flags(*, age: int, comorbid: bool, vaccine_doses: int, pregnant: bool) -> list[str]:
    flags = []
    if age >= 65:
        flags.append(RiskFlag.AGE_65)
    if comorbid:
        flags.append(RiskFlag.COMORBID)
    if vaccine_doses == 0 and age >= 12:
        flags.append(RiskFlag.UNVACCINATED)
    if age < 5:
        flags.append(RiskFlag.UNDER_5)
    if pregnant:
        flags.append(RiskFlag.PREGNANT)
    return [str(flag) for flag in flags]


def risk_score(flags: list[str]) -> int:
    """Higher first; the weights keep the order 65+ > comorbidity > unvaccinated > under 5."""
    return sum(RISK_WEIGHTS.get(RiskFlag(flag), 0) for flag in flags if flag in RiskFlag.values)
