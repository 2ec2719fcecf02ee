"""The rules this app ships. ../shared/domain/rules.md has no source for how long a test shown at a
checkpoint stays valid, nor for what a commune must do about someone arriving from an outbreak area:
every version here is [U] and ships as editable data the rule pages mark "cần đối chiếu văn bản gốc".
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from phaodai.core.models import RuleStatus
from phaodai.core.rules import RuleKind, ShippedRuleSet, ship

TEST_VALIDITY = "checkpoints.test_validity"
ARRIVAL_FOLLOW_UP = "checkpoints.arrival_follow_up"

ship(
    RuleKind(
        TEST_VALIDITY,
        _("Thời hạn kết quả xét nghiệm âm tính khi qua chốt"),
        "checkpoints",
        {
            "pcr_hours": _("RT-PCR âm tính có giá trị (giờ)"),
            "rapid_hours": _("Test nhanh kháng nguyên âm tính có giá trị (giờ)"),
        },
    ),
    ShippedRuleSet(
        TEST_VALIDITY,
        "CHOT-PCR72-NHANH24",
        "Kết quả xét nghiệm khi qua chốt kiểm soát",
        "Quy định của các tỉnh về kiểm soát người ra vào (số văn bản chưa xác định)",
        dt.date(2021, 7, 1),
        RuleStatus.UNCONFIRMED,
        {"pcr_hours": 72, "rapid_hours": 24},
        "RT-PCR 72 giờ, test nhanh 24 giờ là mức nhiều tỉnh áp dụng giữa năm 2021; chưa đối chiếu văn bản.",
    ),
    ShippedRuleSet(
        TEST_VALIDITY,
        "CHOT-PCR72-NHANH48",
        "Kết quả xét nghiệm khi qua chốt kiểm soát (sau Nghị quyết 128)",
        "Hướng dẫn thích ứng an toàn của các tỉnh (số văn bản chưa xác định)",
        dt.date(2021, 10, 11),
        RuleStatus.UNCONFIRMED,
        {"pcr_hours": 72, "rapid_hours": 48},
        "Nhiều tỉnh nới test nhanh lên 48 giờ sau Nghị quyết 128/NQ-CP; chưa đối chiếu văn bản.",
    ),
)

ship(
    RuleKind(
        ARRIVAL_FOLLOW_UP,
        _("Theo dõi người đến từ vùng dịch"),
        "checkpoints",
        {
            "levels": _(
                "Theo cấp độ vùng (1–4): việc xã phải làm (monitor: theo dõi tại nhà, test: xét nghiệm "
                "ngày test_day, quarantine: cách ly), số ngày (days) và hạn xử lý sau ngày đến (due_days)"
            ),
        },
    ),
    ShippedRuleSet(
        ARRIVAL_FOLLOW_UP,
        "DEN-TU-VUNG-DICH-2021",
        "Người đến từ vùng có cấp độ dịch 3, 4",
        "Hướng dẫn của các tỉnh (số văn bản chưa xác định)",
        dt.date(2021, 10, 11),
        RuleStatus.UNCONFIRMED,
        {
            "levels": {
                "3": {"action": "test", "days": 7, "test_day": 3, "due_days": 3},
                "4": {"action": "quarantine", "days": 7, "due_days": 1},
            }
        },
        "Cấp 3: tự theo dõi 7 ngày, xét nghiệm ngày thứ 3; cấp 4: cách ly 7 ngày. "
        "Các tỉnh quy định khác nhau.",
    ),
)
