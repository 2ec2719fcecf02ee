"""Choice lists of testing (labels as the reporting forms word them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LabKind(models.TextChoices):
    CDC = "cdc", _("Phòng xét nghiệm CDC tỉnh")
    HOSPITAL = "hospital", _("Phòng xét nghiệm bệnh viện")
    DISTRICT = "district", _("Phòng xét nghiệm trung tâm y tế huyện")
    MOBILE = "mobile", _("Phòng xét nghiệm lưu động")
    PRIVATE = "private", _("Phòng xét nghiệm tư nhân")


class SampleKind(models.TextChoices):
    PCR_SINGLE = "pcr_single", _("RT-PCR mẫu đơn")
    PCR_POOLED = "pcr_pooled", _("RT-PCR mẫu gộp")
    RAT_STAFF = "rat_staff", _("Test nhanh kháng nguyên (nhân viên y tế làm)")
    RAT_SELF = "rat_self", _("Tự test nhanh (người dân tự báo)")


PCR_KINDS = (SampleKind.PCR_SINGLE, SampleKind.PCR_POOLED)
RAPID_KINDS = (SampleKind.RAT_STAFF, SampleKind.RAT_SELF)


class Reason(models.TextChoices):
    F1 = "f1", _("F1, người tiếp xúc gần")
    SYMPTOMS = "symptoms", _("Có triệu chứng")
    ROUND = "round", _("Đợt xét nghiệm diện rộng")
    WORKPLACE = "workplace", _("Xét nghiệm định kỳ người lao động")
    RELEASE = "release", _("Kết thúc cách ly, điều trị")
    TRAVEL = "travel", _("Đi lại, theo yêu cầu")
    SCREENING = "screening", _("Sàng lọc cộng đồng")


class Reporter(models.TextChoices):
    """Who reported a self-test."""

    SELF = "self", _("Chính người tự test")
    RELATIVE = "relative", _("Người nhà")
    EMPLOYER = "employer", _("Doanh nghiệp, nơi làm việc")
    TEAM = "team", _("Tổ COVID cộng đồng")


class Outcome(models.TextChoices):
    POSITIVE = "positive", _("Dương tính")
    NEGATIVE = "negative", _("Âm tính")
    INVALID = "invalid", _("Không xác định (làm lại)")


class PoolStatus(models.TextChoices):
    COLLECTING = "collecting", _("Đang gộp mẫu")
    RETEST = "retest", _("Chờ xét nghiệm lại từng mẫu")
    CLOSED = "closed", _("Đã có kết quả")


class RoundTarget(models.TextChoices):
    ZONE = "zone", _("Khu vực (xã, thôn)")
    POPULATION = "population", _("Nhóm dân cư (doanh nghiệp, trường học)")


class Handover(models.TextChoices):
    """What became of a positive result in the case registry."""

    NONE = "", _("Không chuyển")
    REGISTERED = "registered", _("Đã ghi nhận ca bệnh")
    CONFIRMED = "confirmed", _("Đã khẳng định F0")
    LINKED = "linked", _("Gắn vào ca bệnh đang có")
    FAILED = "failed", _("Chưa chuyển được")
