"""Choice lists of the case registry (labels as the MoH forms word them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    SUSPECTED = "suspected", _("Nghi nhiễm")
    ACTIVE = "active", _("Đang điều trị")
    RECOVERED = "recovered", _("Khỏi bệnh")
    DECEASED = "deceased", _("Tử vong")
    DISCARDED = "discarded", _("Loại trừ")


OPEN_STATUSES = (CaseStatus.SUSPECTED, CaseStatus.ACTIVE)


class TestKind(models.TextChoices):
    __test__ = False  # not a pytest class
    PCR = "pcr", _("RT-PCR")
    RAT_STAFF = "rat_staff", _("Test nhanh kháng nguyên (nhân viên y tế làm)")
    RAT_SELF = "rat_self", _("Tự test nhanh (người dân tự báo)")
    NONE = "none", _("Không có xét nghiệm (chẩn đoán lâm sàng)")


class CaseBasis(models.TextChoices):
    """Why the case definition in force made (or did not make) someone an F0."""

    PCR = "pcr", _("RT-PCR dương tính")
    RAT_F1 = "rat_f1", _("F1 có test nhanh dương tính")
    RAT_SYMPTOMS = "rat_symptoms", _("Có triệu chứng và test nhanh dương tính")
    RAT_EPI = "rat_epi", _("Có yếu tố dịch tễ và test nhanh dương tính")
    TWO_RATS = "two_rats", _("Hai test nhanh dương tính liên tiếp")
    CLINICAL = "clinical", _("Chẩn đoán lâm sàng của bác sĩ")
    UNCONFIRMED = "unconfirmed", _("Chưa đủ tiêu chuẩn khẳng định")


class Detection(models.TextChoices):
    """Where the case was found: the risk level counts community cases."""

    COMMUNITY = "community", _("Cộng đồng")
    QUARANTINE = "quarantine", _("Khu cách ly")
    LOCKDOWN = "lockdown", _("Khu vực phong tỏa")
    IMPORTED = "imported", _("Ngoại tỉnh/nhập cảnh")


class Severity(models.TextChoices):
    ASYMPTOMATIC = "asymptomatic", _("Không triệu chứng")
    MILD = "mild", _("Nhẹ")
    MODERATE = "moderate", _("Trung bình")
    SEVERE = "severe", _("Nặng")
    CRITICAL = "critical", _("Nguy kịch")


SEVERITY_ORDER = [s.value for s in Severity]


class PlaceOfCare(models.TextChoices):
    HOME = "home", _("Tại nhà")
    COMMUNE_STATION = "commune_station", _("Trạm Y tế xã")
    MOBILE_STATION = "mobile_station", _("Trạm Y tế lưu động")
    TREATMENT_FACILITY = "treatment_facility", _("Cơ sở thu dung, điều trị")
    HOSPITAL = "hospital", _("Bệnh viện")


FACILITY_PLACES = (PlaceOfCare.TREATMENT_FACILITY, PlaceOfCare.HOSPITAL, PlaceOfCare.MOBILE_STATION)


class Symptom(models.TextChoices):
    """Symptoms of the health monitoring form (Annex 2 of 261/QĐ-BYT)."""

    FEVER = "fever", _("Sốt")
    COUGH = "cough", _("Ho")
    FATIGUE = "fatigue", _("Mệt mỏi")
    SORE_THROAT = "sore_throat", _("Đau họng")
    RUNNY_NOSE = "runny_nose", _("Sổ mũi, nghẹt mũi")
    HEADACHE = "headache", _("Đau đầu")
    MYALGIA = "myalgia", _("Đau mỏi cơ")
    LOSS_OF_SMELL = "loss_of_smell", _("Mất vị giác, khứu giác")
    DIARRHOEA = "diarrhoea", _("Tiêu chảy")
    NAUSEA = "nausea", _("Buồn nôn, nôn")
    DYSPNOEA = "dyspnoea", _("Khó thở, thở hụt hơi")
    CHEST_PAIN = "chest_pain", _("Đau tức ngực kéo dài")
    CONFUSION = "confusion", _("Lơ mơ, lú lẫn, li bì")
    CYANOSIS = "cyanosis", _("Tím môi, tím đầu chi")
    POOR_FEEDING = "poor_feeding", _("Trẻ bỏ bú, không uống được, nôn")
    OTHER_ILLNESS = "other_illness", _("Mắc thêm bệnh cấp tính khác")
    UNSTABLE = "unstable", _("Bất ổn khác")


class RiskFlag(models.TextChoices):
    """What puts a case first on a list: 65+, comorbidity, unvaccinated, under 5 (in that order)."""

    AGE_65 = "age_65", _("Từ 65 tuổi")
    COMORBID = "comorbid", _("Có bệnh nền")
    UNVACCINATED = "unvaccinated", _("Chưa tiêm vắc xin")
    UNDER_5 = "under_5", _("Trẻ dưới 5 tuổi")
    PREGNANT = "pregnant", _("Đang mang thai")


RISK_WEIGHTS = {
    RiskFlag.AGE_65: 16,
    RiskFlag.COMORBID: 8,
    RiskFlag.UNVACCINATED: 4,
    RiskFlag.UNDER_5: 2,
    RiskFlag.PREGNANT: 1,
}


class ClusterSetting(models.TextChoices):
    FACTORY = "factory", _("Nhà máy, doanh nghiệp")
    INDUSTRIAL_PARK = "industrial_park", _("Khu công nghiệp")
    SCHOOL = "school", _("Trường học")
    VILLAGE = "village", _("Thôn, bản, khu dân cư")
    MARKET = "market", _("Chợ, siêu thị")
    HEALTH_FACILITY = "health_facility", _("Cơ sở y tế")
    OFFICE = "office", _("Cơ quan")
    OTHER = "other", _("Khác")


class ClusterStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    MONITORING = "monitoring", _("Đang giám sát (không có ca mới)")
    CLOSED = "closed", _("Đã kết thúc")
