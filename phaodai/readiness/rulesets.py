"""The readiness norms this app ships: what a commune and a district should have on hand.

../shared/domain/rules.md confirms only what the norms are about (Decision 4800/QĐ-BYT, criterion 3:
"province: treatment facilities and enough ICU beds; district: plans for mobile health stations and
community care teams; commune: oxygen at commune health stations"; 218/QĐ-BYT 3b: district beds per
100,000 people, "thấp" below 10 [P]). The counts themselves and the deadline for a doctor at every
commune station (30/11/2021, from the issue) are not confirmed there: every version ships as editable
data that the rule pages mark "cần đối chiếu văn bản gốc"; a province adopts its own through the rule pages.
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from phaodai.core.models import RuleStatus
from phaodai.core.rules import RuleKind, ShippedRuleSet, ship

NORMS = "readiness.norms"

ship(
    RuleKind(
        NORMS,
        _("Định mức sẵn sàng ứng phó (4 tại chỗ)"),
        "readiness",
        {
            "commune_doctors": _("Xã: số bác sĩ tối thiểu tại trạm y tế (kể cả tăng cường)"),
            "doctor_deadline": _("Hạn bố trí bác sĩ tại mọi trạm y tế xã (YYYY-MM-DD)"),
            "commune_mobile_stations": _("Xã: số trạm y tế lưu động tối thiểu"),
            "commune_community_teams": _("Xã: số tổ COVID cộng đồng tối thiểu"),
            "commune_oxygen_cylinders": _("Xã: số bình oxy tối thiểu"),
            "commune_spo2_meters": _("Xã: số máy đo SpO2 tối thiểu"),
            "district_icu_beds": _("Huyện: số giường hồi sức tích cực (ICU) tối thiểu"),
            "district_beds_per_100k": _("Huyện: giường điều trị COVID-19 trên 100.000 dân, tối thiểu"),
            "district_oxygen_concentrators": _("Huyện: số máy tạo oxy tối thiểu"),
            "district_ventilators": _("Huyện: số máy thở tối thiểu"),
            "district_antiviral_courses": _("Huyện: thuốc kháng vi rút tối thiểu (liệu trình)"),
        },
    ),
    ShippedRuleSet(
        NORMS,
        "4TAICHO-2021",
        "Định mức sẵn sàng 4 tại chỗ (xã, huyện)",
        "QĐ 4800/QĐ-BYT tiêu chí 3; chỉ đạo bố trí bác sĩ tại trạm y tế xã (số văn bản chưa xác định)",
        dt.date(2021, 10, 12),
        RuleStatus.UNCONFIRMED,
        {
            "commune_doctors": 1,
            "doctor_deadline": "2021-11-30",
            "commune_mobile_stations": 1,
            "commune_community_teams": 1,
            "commune_oxygen_cylinders": 2,
            "commune_spo2_meters": 5,
            "district_icu_beds": 10,
            "district_beds_per_100k": 10,
            "district_oxygen_concentrators": 10,
            "district_ventilators": 2,
            "district_antiviral_courses": 100,
        },
        "Chỉ phạm vi (oxy ở trạm y tế xã; trạm lưu động, tổ cộng đồng ở huyện; giường ICU) có trong QĐ 4800;"
        " các con số là giả định để tỉnh điều chỉnh. Giường trên 100.000 dân: dưới 10 là «thấp» theo QĐ 218"
        " (chưa đối chiếu). Hạn có bác sĩ tại trạm 30/11/2021: cần đối chiếu văn bản gốc.",
    ),
)
