"""The testing rules this app ships (../shared/domain/rules.md has no confirmed source for them: [U]).

How long a negative test lets a worker on a shift, and the largest pool, varied by province and month in
2021; they ship as editable data the rule pages mark "cần đối chiếu văn bản gốc".
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from phaodai.core.models import RuleStatus
from phaodai.core.rules import RuleKind, ShippedRuleSet, ship

SHIFT_VALIDITY = "diagnostics.shift_validity"
POOLING = "diagnostics.pooling"

ship(
    RuleKind(
        SHIFT_VALIDITY,
        _("Thời hạn kết quả âm tính để vào ca làm việc"),
        "diagnostics",
        {
            "pcr_hours": _("RT-PCR âm tính có giá trị (giờ)"),
            "rapid_hours": _("Test nhanh do nhân viên y tế làm có giá trị (giờ)"),
            "self_test_hours": _("Tự test nhanh có giá trị (giờ); 0: không được tính"),
        },
    ),
    ShippedRuleSet(
        SHIFT_VALIDITY,
        "SX-AN-TOAN-72H",
        "Xét nghiệm người lao động tại cơ sở sản xuất",
        "Hướng dẫn sản xuất an toàn (số văn bản chưa xác định)",
        dt.date(2021, 7, 12),
        RuleStatus.UNCONFIRMED,
        {"pcr_hours": 72, "rapid_hours": 72, "self_test_hours": 0},
        "72 giờ cho RT-PCR và test nhanh là giả định thường gặp; các tỉnh quy định khác nhau.",
    ),
)

ship(
    RuleKind(
        POOLING,
        _("Xét nghiệm gộp mẫu RT-PCR"),
        "diagnostics",
        {"max_pool_size": _("Số mẫu gộp tối đa trong một ống")},
    ),
    ShippedRuleSet(
        POOLING,
        "GOP-MAU-10",
        "Gộp mẫu xét nghiệm RT-PCR",
        "Hướng dẫn gộp mẫu của Bộ Y tế (số văn bản chưa xác định)",
        dt.date(2020, 8, 1),
        RuleStatus.UNCONFIRMED,
        {"max_pool_size": 10},
        "Gộp tối đa 10 mẫu là giả định; cần đối chiếu văn bản gốc.",
    ),
)
