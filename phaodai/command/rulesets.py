"""Epidemic levels under Resolution 128/NQ-CP (rules.md §1): the Ministry's two guidances as versions.

Parameters the research did not confirm ship as the working hypothesis of the rules file, with the
version marked PARTLY/UNCONFIRMED so every page showing a level says "cần đối chiếu văn bản gốc"; a
province adopts its own adjusted version (placed on its unit) from the rules pages.

``method``, the roll-up of commune levels to districts and the province, has no confirmed rule either
(§1.2): ``worst`` (the highest commune level), ``share`` (the first ``share_rules`` line whose share of
communes at or above its level is reached) or ``population`` (the population-weighted mean, rounded).
"""

import datetime as dt
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.core.models import RuleStatus
from phaodai.core.rules import RuleKind, ShippedRuleSet, ship

RISK_LEVEL = "command.risk_level"

_ROLLUP = {
    "method": "worst",
    "share_rules": [[4, 30], [3, 50], [2, 50]],
}

QD4800 = ShippedRuleSet(
    RISK_LEVEL,
    "4800/QĐ-BYT",
    "Đánh giá cấp độ dịch",
    "Quyết định 4800/QĐ-BYT ngày 12/10/2021",
    dt.date(2021, 10, 12),
    RuleStatus.PARTLY,
    {
        "scheme": "4800",
        "case_bands": [20, 50, 150],
        "coverage_bands": ["18-49", "50-64", "65+"],
        "coverage_dose": 1,
        "coverage_threshold": 70,
        "matrix": {"met": [1, 1, 2, 3], "not_met": [2, 2, 3, 4]},
        "extra_targets": [
            {"bands": ["65+"], "dose": 2, "share": 80, "from": "2021-10-01"},
            {"bands": ["50-64", "65+"], "dose": 2, "share": 80, "from": "2021-11-01"},
        ],
        "extra_missed_raise": 1,
        "capacity_not_met": "no_lowering",
        **_ROLLUP,
    },
    note="Bảng kết hợp tiêu chí 1 × 2, hệ quả khi không đạt yêu cầu tiêm bổ sung và cách tổng hợp lên "
    "huyện/tỉnh chưa được xác nhận từ văn bản gốc (rules.md §1.2).",
)

QD218 = ShippedRuleSet(
    RISK_LEVEL,
    "218/QĐ-BYT",
    "Đánh giá cấp độ dịch",
    "Quyết định 218/QĐ-BYT ngày 27/01/2022",
    dt.date(2022, 1, 27),
    RuleStatus.UNCONFIRMED,
    {
        "scheme": "218",
        "case_bands": [20, 50, 600],
        "coverage_bands": ["18-49", "50-64", "65+", "12-17"],
        "coverage_dose": 2,
        "coverage_threshold": 75,
        "risk_group_bands": ["65+"],
        "risk_group_threshold": 90,
        "vaccination_missed_raise": 1,
        "bed_bands": [10, 30],
        "matrix": {"high": [1, 1, 2, 3], "medium": [1, 2, 3, 4], "low": [2, 3, 4, 4]},
        **_ROLLUP,
    },
    note="Chỉ ngưỡng > 600 ca/100.000 dân/tuần cho cấp 4 được xác nhận; các ngưỡng khác, ma trận và chỉ số "
    "giường bệnh (3b) là giả thuyết của rules.md §1.3. Nhóm nguy cơ cao tính theo nhóm 65+ (nền tảng chưa "
    "có số người có bệnh nền theo đơn vị).",
)

METHODS = ("worst", "share", "population")


def _increasing(values: Any, count: int) -> bool:
    numbers = isinstance(values, list) and all(isinstance(v, int | float) for v in values)
    return numbers and len(values) == count and all(a < b for a, b in pairwise(values))


def _levels(row: Any) -> bool:
    return isinstance(row, list) and len(row) == 4 and all(isinstance(v, int) and 1 <= v <= 4 for v in row)


def check_levels(params: dict[str, Any]) -> list[str]:
    """What makes a set of level criteria unusable, each message naming the parameter."""
    found = []
    if not _increasing(params.get("case_bands"), 3):
        found.append(_("Ngưỡng ca mắc (case_bands) phải gồm 3 số tăng dần, ví dụ [20, 50, 150]."))
    matrix = params.get("matrix")
    rows = ("met", "not_met") if params.get("scheme") == "4800" else ("high", "medium", "low")
    if not isinstance(matrix, dict) or not all(_levels(matrix.get(row)) for row in rows):
        found.append(
            _("Bảng cấp độ (matrix) phải có các dòng %(rows)s, mỗi dòng 4 cấp từ 1 đến 4.")
            % {"rows": ", ".join(rows)}
        )
    if not isinstance(params.get("coverage_threshold"), int | float):
        found.append(_("Thiếu ngưỡng tỷ lệ tiêm (coverage_threshold)."))
    if params.get("scheme") == "218" and not _increasing(params.get("bed_bands"), 2):
        found.append(_("Ngưỡng giường bệnh (bed_bands) phải gồm 2 số tăng dần, ví dụ [10, 30]."))
    if params.get("method") not in METHODS:
        found.append(_("Cách tổng hợp (method) phải là một trong: %(all)s.") % {"all": ", ".join(METHODS)})
    return found


ship(
    RuleKind(
        RISK_LEVEL,
        gettext_lazy("Cấp độ dịch (Nghị quyết 128/NQ-CP)"),
        "command",
        {
            "scheme": gettext_lazy("Hướng dẫn áp dụng (4800 hoặc 218)"),
            "case_bands": gettext_lazy(
                "Ngưỡng ca mắc mới trong cộng đồng /100.000 dân/tuần giữa các mức 1-2, 2-3, 3-4"
            ),
            "coverage_bands": gettext_lazy("Nhóm tuổi tính tỷ lệ tiêm chủng"),
            "coverage_dose": gettext_lazy("Mũi tính tỷ lệ (1: ít nhất 1 mũi, 2: đủ liều cơ bản)"),
            "coverage_threshold": gettext_lazy("Tỷ lệ bao phủ đạt (%)"),
            "matrix": gettext_lazy("Cấp độ theo mức lây nhiễm 1-4 cho từng trường hợp"),
            "extra_targets": gettext_lazy("Yêu cầu tiêm bổ sung theo thời điểm"),
            "extra_missed_raise": gettext_lazy("Tăng cấp khi không đạt yêu cầu bổ sung"),
            "risk_group_bands": gettext_lazy("Nhóm nguy cơ cao (nhóm tuổi)"),
            "risk_group_threshold": gettext_lazy("Tỷ lệ đủ liều của nhóm nguy cơ cao (%)"),
            "vaccination_missed_raise": gettext_lazy("Tăng mức lây nhiễm khi không đạt tiêu chí tiêm chủng"),
            "bed_bands": gettext_lazy(
                "Giường điều trị COVID-19/100.000 dân của huyện: ngưỡng thấp - trung bình - cao"
            ),
            "capacity_not_met": gettext_lazy("Khi không đáp ứng tiêu chí 3"),
            "method": gettext_lazy("Cách tổng hợp lên huyện, tỉnh (worst, share, population)"),
            "share_rules": gettext_lazy("Với cách 'share': [cấp, % số xã từ cấp đó trở lên]"),
        },
        check=check_levels,
    ),
    QD4800,
    QD218,
)

RT = "command.rt"

ship(
    RuleKind(
        RT,
        gettext_lazy("Ước tính hệ số lây nhiễm hiệu dụng Rt"),
        "command",
        {
            "si_mean": gettext_lazy("Khoảng nối tiếp: trung bình (ngày)"),
            "si_sd": gettext_lazy("Khoảng nối tiếp: độ lệch chuẩn (ngày)"),
            "window": gettext_lazy("Cửa sổ ước tính (ngày)"),
            "min_cases": gettext_lazy("Số ca tối thiểu trong cửa sổ để ước tính"),
        },
    ),
    ShippedRuleSet(
        RT,
        "Cori-SI-4.7",
        "Rt theo phương pháp Cori",
        "Cori và cs. 2013 (Am J Epidemiol 178:1505); khoảng nối tiếp theo Nishiura và cs. 2020",
        dt.date(2020, 1, 1),
        RuleStatus.CONFIRMED,
        {"si_mean": 4.7, "si_sd": 2.9, "window": 7, "min_cases": 12},
        note="Tham số khoa học đã công bố, không phải quy định; tỉnh có thể điều chỉnh theo biến chủng.",
    ),
)
