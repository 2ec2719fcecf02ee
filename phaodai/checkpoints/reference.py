"""Choice lists of the checkpoints (labels as the barrier forms word them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckpointLevel(models.TextChoices):
    PROVINCE = "province", _("Chốt cửa ngõ tỉnh")
    DISTRICT = "district", _("Chốt cửa ngõ huyện")
    BORDER = "border", _("Chốt biên giới, cửa khẩu")


class Direction(models.TextChoices):
    IN = "in", _("Vào")
    OUT = "out", _("Ra")


class Purpose(models.TextChoices):
    GOODS = "goods", _("Vận chuyển hàng hoá")
    WORK = "work", _("Đi làm, công vụ")
    HOME = "home", _("Về địa phương")
    MEDICAL = "medical", _("Khám chữa bệnh")
    FAMILY = "family", _("Việc gia đình")
    OTHER = "other", _("Khác")


class TestKind(models.TextChoices):
    __test__ = False  # pytest must not collect a choice list

    NONE = "", _("Không có")
    PCR = "pcr", _("RT-PCR")
    RAPID = "rapid", _("Test nhanh kháng nguyên")


class TestOutcome(models.TextChoices):
    __test__ = False

    NEGATIVE = "negative", _("Âm tính")
    POSITIVE = "positive", _("Dương tính")


class Decision(models.TextChoices):
    PASS = "pass", _("Cho qua")
    MONITOR = "monitor", _("Cho qua, theo dõi sức khoẻ")
    TURNED_BACK = "turned_back", _("Không cho qua (quay đầu)")
    QUARANTINE = "quarantine", _("Chuyển cách ly")


class FollowUpAction(models.TextChoices):
    MONITOR = "monitor", _("Tự theo dõi sức khoẻ tại nhà")
    TEST = "test", _("Xét nghiệm vào ngày thứ N")
    QUARANTINE = "quarantine", _("Cách ly")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Đang theo dõi")
    CLOSED = "closed", _("Đã xong")


class ZoneLevel(models.IntegerChoices):
    """Resolution 128's levels (rules.md §1.1); before it, the colours of 2686/QĐ-BCĐQG map onto them."""

    LOW = 1, _("Cấp 1 – nguy cơ thấp (xanh)")
    MEDIUM = 2, _("Cấp 2 – nguy cơ trung bình (vàng)")
    HIGH = 3, _("Cấp 3 – nguy cơ cao (cam)")
    VERY_HIGH = 4, _("Cấp 4 – nguy cơ rất cao (đỏ)")


class CrewRole(models.TextChoices):
    DRIVER = "driver", _("Lái xe")
    ASSISTANT = "assistant", _("Phụ xe")


# The health declaration asked at the barrier (yes/no); a "yes" to any of them calls for a reason other
# than "pass".
DECLARATION_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("fever", _("Sốt")),
    ("cough", _("Ho, đau họng, khó thở")),
    ("taste", _("Mất vị giác, khứu giác")),
    ("contact", _("Tiếp xúc với F0 trong 14 ngày")),
)  # type: ignore[assignment]
