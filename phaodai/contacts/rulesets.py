"""Who is a contact (rules.md §2.1): the transmission period and whether F2 are still traced."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from phaodai.core.models import RuleStatus
from phaodai.core.rules import RuleKind, ShippedRuleSet, ship

DEFINITION = "contacts.definition"


def _version(code: str, doc: str, day: dt.date, status: RuleStatus, **params: object) -> ShippedRuleSet:
    return ShippedRuleSet(DEFINITION, code, "Định nghĩa F1, F2", doc, day, status, dict(params))


ship(
    RuleKind(
        DEFINITION,
        _("Định nghĩa F1, F2"),
        "contacts",
        {
            "days_before_onset": _("Thời kỳ lây truyền bắt đầu trước khởi phát (hoặc ngày lấy mẫu) (ngày)"),
            "close_distance_m": _("Khoảng cách tiếp xúc gần (mét)"),
            "trace_f2": _("Truy vết F2"),
        },
    ),
    _version(
        "3638/QĐ-BYT",
        "Quyết định 3638/QĐ-BYT ngày 30/7/2021",
        dt.date(2021, 7, 30),
        RuleStatus.PARTLY,
        days_before_onset=2,
        close_distance_m=2,
        trace_f2=True,
    ),
    _version(
        "11042/BYT-DP",
        "Công văn 11042/BYT-DP ngày 29/12/2021",
        dt.date(2021, 12, 29),
        RuleStatus.PARTLY,
        days_before_onset=2,
        close_distance_m=2,
        trace_f2=True,
    ),
    _version(
        "1909/BYT-DP",
        "Công văn 1909/BYT-DP ngày 15/4/2022",
        dt.date(2022, 4, 15),
        RuleStatus.PARTLY,
        days_before_onset=2,
        close_distance_m=1,
        trace_f2=False,
    ),
)
