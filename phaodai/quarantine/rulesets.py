"""F1 quarantine over time (rules.md §2.2): who stays where, how long, and which days they are tested.

``plans`` are tried in order; the first whose condition holds applies. Day 1 is the start date.
"""

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from phaodai.core.models import RuleStatus
from phaodai.core.rules import RuleKind, ShippedRuleSet, ship

F1_QUARANTINE = "quarantine.f1"


def _plan(when: str, days: int, place: str, test_days: list[int], self_monitor_days: int) -> dict[str, Any]:
    return {
        "when": when,
        "days": days,
        "place": place,
        "test_days": test_days,
        "self_monitor_days": self_monitor_days,
    }


def _version(code: str, doc: str, day: dt.date, plans: list[dict[str, Any]], **params: Any) -> ShippedRuleSet:
    base = {
        "vaccinated_min_days": 14,
        "vaccinated_max_days": 0,
        "recovered_max_days": 0,
        "precaution_days": 0,
    }
    return ShippedRuleSet(
        F1_QUARANTINE,
        code,
        "Cách ly y tế F1",
        doc,
        day,
        RuleStatus.CONFIRMED,
        {**base, **params, "plans": plans},
    )


ship(
    RuleKind(
        F1_QUARANTINE,
        _("Cách ly y tế F1"),
        "quarantine",
        {
            "plans": _(
                "Phương án theo thứ tự: điều kiện, số ngày, nơi cách ly, ngày xét nghiệm, ngày tự theo dõi"
            ),
            "vaccinated_min_days": _("Mũi cuối đã tiêm ít nhất (ngày)"),
            "vaccinated_max_days": _("Mũi cuối đã tiêm không quá (ngày); 0: không giới hạn"),
            "recovered_max_days": _("Khỏi bệnh trong vòng (ngày); 0: không tính"),
            "precaution_days": _("Không cách ly, chỉ thực hiện biện pháp phòng bệnh (ngày)"),
        },
    ),
    _version(
        "21-ngay",
        "Quy định trước Công văn 5599/BYT-MT",
        dt.date(2020, 3, 1),
        [_plan("any", 21, "facility", [], 0)],
    ),
    _version(
        "5599/BYT-MT",
        "Công văn 5599/BYT-MT ngày 14/7/2021",
        dt.date(2021, 7, 14),
        [_plan("any", 14, "facility", [1, 7, 14], 14)],
    ),
    _version(
        "10696/BYT-MT",
        "Công văn 10696/BYT-MT ngày 16/12/2021",
        dt.date(2021, 12, 16),
        [
            _plan("vaccinated_or_recovered", 7, "home", [1, 7], 7),
            _plan("any", 14, "facility", [1, 7, 14], 14),
        ],
        vaccinated_max_days=183,
        recovered_max_days=183,
    ),
    _version(
        "762/BYT-DP",
        "Công văn 762/BYT-DP ngày 21/02/2022",
        dt.date(2022, 2, 21),
        [_plan("vaccinated_or_recovered", 5, "home", [5], 5), _plan("any", 7, "home", [7], 3)],
        recovered_max_days=92,
    ),
    _version(
        "1909/BYT-DP", "Công văn 1909/BYT-DP ngày 15/4/2022", dt.date(2022, 4, 15), [], precaution_days=10
    ),
)
