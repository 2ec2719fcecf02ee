"""Choice lists of the support programmes, their lists, payments and the epidemic fund."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BeneficiaryGroup(models.TextChoices):
    """Who a programme is for; the first three the platform can check from its own records."""

    F0_TREATED = "f0", _("F0 đang điều trị")
    F1_QUARANTINED = "f1", _("F1 cách ly y tế")
    CHILD_F0_F1 = "child_f0_f1", _("Trẻ em dưới 16 tuổi là F0 hoặc F1")
    WORKER = "worker", _("Người lao động")
    HOUSEHOLD_BUSINESS = "household_business", _("Hộ kinh doanh")
    OTHER = "other", _("Đối tượng khác do tỉnh quyết định")


# The groups whose membership the platform checks against cases and quarantine orders.
CHECKED_GROUPS = (BeneficiaryGroup.F0_TREATED, BeneficiaryGroup.F1_QUARANTINED, BeneficiaryGroup.CHILD_F0_F1)


class AmountBasis(models.TextChoices):
    PER_PERSON = "person", _("Mỗi người")
    PER_HOUSEHOLD = "household", _("Mỗi hộ")
    PER_DAY = "day", _("Mỗi người mỗi ngày")


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Đang lập")
    SUBMITTED = "submitted", _("Xã đã trình huyện")
    DISTRICT_APPROVED = "district_approved", _("Huyện đã thẩm định, trình tỉnh")
    APPROVED = "approved", _("Tỉnh đã phê duyệt")
    RETURNED = "returned", _("Trả lại để bổ sung")


EDITABLE_STATUSES = (ListStatus.DRAFT, ListStatus.RETURNED)


class EntrySource(models.TextChoices):
    MANUAL = "manual", _("Nhập tay")
    REGISTRY = "registry", _("Từ dữ liệu nền tảng")
    IMPORT = "import", _("Nhập từ tệp")


class EntryStatus(models.TextChoices):
    LISTED = "listed", _("Trong danh sách")
    REMOVED = "removed", _("Đã loại khỏi danh sách")


class MatchBasis(models.TextChoices):
    SAME_PERSON = "same_person", _("Cùng một hồ sơ người dân")
    NATIONAL_ID = "national_id", _("Trùng số CCCD/CMND")
    SAME_HOUSEHOLD = "household", _("Cùng một hộ gia đình")
    NAME_YEAR = "name_year", _("Trùng họ tên và năm sinh")
    SUSPECTED = "suspected", _("Hai hồ sơ đang nằm trong danh sách nghi trùng người dân")


class ConflictDecision(models.TextChoices):
    KEEP_BOTH = "keep_both", _("Giữ cả hai (hai người khác nhau hoặc hai khoản khác nhau)")
    REMOVE_NEW = "remove_new", _("Loại dòng mới khỏi danh sách")
    REMOVE_EARLIER = "remove_earlier", _("Loại dòng có trước khỏi danh sách")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Tiền mặt (người nhận ký nhận)")
    TRANSFER = "transfer", _("Chuyển khoản")


class DonorKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Cơ quan, doanh nghiệp, tổ chức")


class DonationKind(models.TextChoices):
    CASH = "cash", pgettext_lazy("donation", "Tiền")
    IN_KIND = "in_kind", _("Hiện vật (quy ra tiền)")


class FundPurpose(models.TextChoices):
    MEDICAL = "medical", _("Mua sắm trang thiết bị, vật tư y tế")
    FRONTLINE = "frontline", _("Hỗ trợ lực lượng tuyến đầu")
    RELIEF = "relief", _("Hỗ trợ người dân khó khăn do dịch")
    VACCINE = "vaccine", _("Quỹ vắc xin")
    OTHER = "other", _("Mục đích khác")
