"""The case rules this app ships, one version per document (../shared/domain/rules.md §2).

Tags follow the research: [C] confirmed ships as CONFIRMED; [P]/[U] ship as editable data the rule pages
mark "cần đối chiếu văn bản gốc". Thresholds keep their comparator per version (``> 96`` vs ``≥ 96``).
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from phaodai.core.models import RuleStatus
from phaodai.core.rules import RuleKind, ShippedRuleSet, ship

DEFINITION = "cases.definition"
SEVERITY = "cases.severity"
WARNING_SIGNS = "cases.warning_signs"
HOME_CARE = "cases.home_care"
RELEASE = "cases.release"

_D = dt.date


def _definition(code: str, doc: str, day: dt.date, status: RuleStatus, **params: object) -> ShippedRuleSet:
    base = {
        "pcr_positive": True,
        "rat_if_f1": False,
        "rat_if_symptoms": False,
        "rat_if_epi": False,
        "two_rats_within_hours": 0,
        "clinical_decision": True,
    }
    return ShippedRuleSet(DEFINITION, code, "Định nghĩa ca bệnh F0", doc, day, status, {**base, **params})


def _severity(code: str, doc: str, day: dt.date, status: RuleStatus, note: str = "") -> ShippedRuleSet:
    params = {
        "mild_spo2_above": 96,
        "mild_rr_below": 20,
        "severe_spo2_below": 94,
        "severe_rr_above": 25,
        "comorbid_mild_is_moderate": True,
    }
    return ShippedRuleSet(SEVERITY, code, "Phân loại mức độ bệnh", doc, day, status, params, note)


def _warning(code: str, doc: str, day: dt.date, **params: object) -> ShippedRuleSet:
    return ShippedRuleSet(
        WARNING_SIGNS,
        code,
        "Dấu hiệu cảnh báo cần chuyển viện",
        doc,
        day,
        RuleStatus.CONFIRMED,
        {
            "pulse_above": 0,
            "pulse_below": 0,
            "systolic_below": 0,
            "diastolic_below": 0,
            "sign_symptoms": [
                "dyspnoea",
                "chest_pain",
                "confusion",
                "cyanosis",
                "poor_feeding",
                "other_illness",
                "unstable",
            ],
            **params,
        },
    )


ship(
    RuleKind(
        DEFINITION,
        _("Định nghĩa ca bệnh F0"),
        "cases",
        {
            "pcr_positive": _("RT-PCR dương tính là F0"),
            "rat_if_f1": _("F1 có test nhanh dương tính là F0"),
            "rat_if_symptoms": _("Có triệu chứng và test nhanh dương tính là F0"),
            "rat_if_epi": _("Có yếu tố dịch tễ và test nhanh dương tính là F0"),
            "two_rats_within_hours": _(
                "Hai test nhanh dương tính cách nhau không quá (giờ); 0: không áp dụng"
            ),
            "clinical_decision": _("Bác sĩ được chẩn đoán lâm sàng"),
        },
    ),
    _definition(
        "RT-PCR-2020",
        "Hướng dẫn giám sát trước Công văn 11042/BYT-DP (khẳng định bằng RT-PCR)",
        _D(2020, 1, 23),
        RuleStatus.PARTLY,
    ),
    _definition(
        "11042/BYT-DP",
        "Công văn 11042/BYT-DP ngày 29/12/2021",
        _D(2021, 12, 29),
        RuleStatus.CONFIRMED,
        rat_if_f1=True,
        two_rats_within_hours=8,
    ),
    _definition(
        "1909/BYT-DP",
        "Công văn 1909/BYT-DP ngày 15/4/2022",
        _D(2022, 4, 15),
        RuleStatus.CONFIRMED,
        rat_if_f1=True,
        rat_if_symptoms=True,
        rat_if_epi=True,
    ),
)

ship(
    RuleKind(
        SEVERITY,
        _("Phân loại mức độ bệnh"),
        "cases",
        {
            "mild_spo2_above": _("Nhẹ khi SpO₂ lớn hơn (%)"),
            "mild_rr_below": _("Nhẹ khi nhịp thở nhỏ hơn (lần/phút)"),
            "severe_spo2_below": _("Nặng khi SpO₂ nhỏ hơn (%)"),
            "severe_rr_above": _("Nặng khi nhịp thở lớn hơn (lần/phút)"),
            "comorbid_mild_is_moderate": _("Người bệnh nhẹ có bệnh nền được xếp trung bình"),
        },
    ),
    _severity(
        "3416/QĐ-BYT",
        "Quyết định 3416/QĐ-BYT ngày 14/7/2021",
        _D(2021, 7, 14),
        RuleStatus.UNCONFIRMED,
        "Ngưỡng lấy theo 250/QĐ-BYT; ngưỡng của 3416 chưa được đối chiếu.",
    ),
    _severity(
        "4689/QĐ-BYT",
        "Quyết định 4689/QĐ-BYT ngày 06/10/2021",
        _D(2021, 10, 6),
        RuleStatus.UNCONFIRMED,
        "Ngưỡng lấy theo 250/QĐ-BYT; ngưỡng của 4689 chưa được đối chiếu.",
    ),
    _severity(
        "250/QĐ-BYT",
        "Quyết định 250/QĐ-BYT ngày 28/01/2022 (sửa đổi bởi 437/QĐ-BYT)",
        _D(2022, 1, 28),
        RuleStatus.CONFIRMED,
    ),
)

ship(
    RuleKind(
        WARNING_SIGNS,
        _("Dấu hiệu cảnh báo cần chuyển viện"),
        "cases",
        {
            "adult_rr_at_least": _("Người lớn: nhịp thở từ (lần/phút)"),
            "child_1_5_rr_at_least": _("Trẻ 1 đến dưới 5 tuổi: nhịp thở từ"),
            "child_5_12_rr_at_least": _("Trẻ 5 đến dưới 12 tuổi: nhịp thở từ"),
            "spo2_at_most": _("SpO₂ từ mức này trở xuống (%)"),
            "pulse_above": _("Mạch trên (lần/phút); 0: không áp dụng"),
            "pulse_below": _("Mạch dưới (lần/phút); 0: không áp dụng"),
            "systolic_below": _("Huyết áp tâm thu dưới (mmHg); 0: không áp dụng"),
            "diastolic_below": _("Huyết áp tâm trương dưới (mmHg); 0: không áp dụng"),
            "sign_symptoms": _("Triệu chứng là dấu hiệu cảnh báo"),
        },
    ),
    _warning(
        "4377/QĐ-BYT",
        "Quyết định 4377/QĐ-BYT ngày 11/9/2021 (Sổ tay trạm y tế lưu động)",
        _D(2021, 9, 11),
        adult_rr_at_least=21,
        child_1_5_rr_at_least=40,
        child_5_12_rr_at_least=30,
        spo2_at_most=95,
    ),
    _warning(
        "261/QĐ-BYT",
        "Quyết định 261/QĐ-BYT ngày 31/01/2022",
        _D(2022, 1, 31),
        adult_rr_at_least=20,
        child_1_5_rr_at_least=40,
        child_5_12_rr_at_least=30,
        spo2_at_most=96,
        pulse_above=120,
        pulse_below=50,
        systolic_below=90,
        diastolic_below=60,
    ),
)

ship(
    RuleKind(
        HOME_CARE,
        _("Tiêu chí quản lý F0 tại nhà"),
        "cases",
        {
            "spo2_min": _("SpO₂ tối thiểu (%)"),
            "spo2_min_inclusive": _("Tính cả bằng ngưỡng SpO₂ (≥ thay vì >)"),
            "rr_max": _("Nhịp thở tối đa (lần/phút)"),
            "rr_max_inclusive": _("Tính cả bằng ngưỡng nhịp thở (≤ thay vì <)"),
            "vaccinated_or_low_risk": _(
                "Phải đã tiêm vắc xin, hoặc đủ cả: tuổi, không bệnh nền, không mang thai"
            ),
            "vaccinated_doses": _("Số mũi để tính là đã tiêm"),
            "one_dose_days": _("Hoặc 1 mũi đã tiêm ít nhất (ngày)"),
            "low_risk_age_above": _("Tuổi lớn hơn"),
            "low_risk_age_below": _("Tuổi nhỏ hơn"),
            "stable_comorbidity_ok": _("Chấp nhận bệnh nền đang điều trị ổn định"),
        },
    ),
    ShippedRuleSet(
        HOME_CARE,
        "4038/QĐ-BYT",
        "Quản lý người nhiễm COVID-19 tại nhà",
        "Quyết định 4038/QĐ-BYT ngày 21/8/2021",
        _D(2021, 8, 21),
        RuleStatus.CONFIRMED,
        {
            "spo2_min": 96,
            "spo2_min_inclusive": True,
            "rr_max": 20,
            "rr_max_inclusive": True,
            "vaccinated_or_low_risk": True,
            "vaccinated_doses": 2,
            "one_dose_days": 14,
            "low_risk_age_above": 1,
            "low_risk_age_below": 50,
            "stable_comorbidity_ok": False,
        },
    ),
    ShippedRuleSet(
        HOME_CARE,
        "261/QĐ-BYT",
        "Quản lý người nhiễm COVID-19 tại nhà",
        "Quyết định 261/QĐ-BYT ngày 31/01/2022",
        _D(2022, 1, 31),
        RuleStatus.CONFIRMED,
        {
            "spo2_min": 96,
            "spo2_min_inclusive": False,
            "rr_max": 20,
            "rr_max_inclusive": False,
            "vaccinated_or_low_risk": False,
            "vaccinated_doses": 2,
            "one_dose_days": 14,
            "low_risk_age_above": 1,
            "low_risk_age_below": 50,
            "stable_comorbidity_ok": True,
        },
    ),
)

ship(
    RuleKind(
        RELEASE,
        _("Tiêu chuẩn kết thúc cách ly, điều trị F0"),
        "cases",
        {
            "days": _("Số ngày cách ly/điều trị tối thiểu"),
            "test": _("Xét nghiệm trước khi kết thúc (pcr / rat)"),
            "if_positive_vaccinated_days": _(
                "Nếu còn dương tính: kéo dài đến (ngày) với người đã tiêm đủ; 0: không áp dụng"
            ),
            "if_positive_unvaccinated_days": _(
                "Nếu còn dương tính: kéo dài đến (ngày) với người chưa tiêm đủ; 0: không áp dụng"
            ),
        },
    ),
    ShippedRuleSet(
        RELEASE,
        "4689/QĐ-BYT-ravien",
        "Kết thúc điều trị F0",
        "Quyết định 4689/QĐ-BYT ngày 06/10/2021",
        _D(2021, 10, 6),
        RuleStatus.UNCONFIRMED,
        {"days": 10, "test": "pcr", "if_positive_vaccinated_days": 0, "if_positive_unvaccinated_days": 0},
        "Tiêu chuẩn ra viện của 4689 chưa được tìm thấy trong nguồn đọc được: "
        "10 ngày và RT-PCR âm tính là giả định.",
    ),
    ShippedRuleSet(
        RELEASE,
        "12/2021-10ngay",
        "Kết thúc cách ly F0 tại nhà",
        "Công văn của Bộ Y tế cuối tháng 12/2021 (cùng đợt 11042/BYT-DP)",
        _D(2021, 12, 29),
        RuleStatus.PARTLY,
        {"days": 10, "test": "rat", "if_positive_vaccinated_days": 0, "if_positive_unvaccinated_days": 0},
        "10 ngày và test nhanh âm tính do nhân viên y tế làm; số văn bản chưa xác định.",
    ),
    ShippedRuleSet(
        RELEASE,
        "250/QĐ-BYT",
        "Kết thúc cách ly, điều trị F0",
        "Quyết định 250/QĐ-BYT ngày 28/01/2022 và 261/QĐ-BYT ngày 31/01/2022",
        _D(2022, 1, 28),
        RuleStatus.CONFIRMED,
        {"days": 7, "test": "rat", "if_positive_vaccinated_days": 10, "if_positive_unvaccinated_days": 14},
    ),
)
