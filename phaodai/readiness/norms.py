"""What is short against the readiness norms in force: pure functions of a norms version's parameters
and the facts counted for one unit, so each version's thresholds are tested directly (decision 0005)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from phaodai.readiness.models import SupplyCategory


@dataclass
class Facts:
    """What one unit (a commune, or a district with everything below it) has on a day."""

    population: int = 0
    staffing_reported: int = 0  # communes with a staffing report
    doctors: int = 0
    rotating_doctors: int = 0
    nurses: int = 0
    communes: int = 0
    communes_without_doctor: int = 0
    mobile_stations: int = 0
    community_teams: int = 0
    supplies: dict[str, int] = field(default_factory=dict)  # SupplyCategory -> quantity
    beds_by_tier: dict[int, int] = field(default_factory=dict)
    icu_beds: int = 0
    oxygen_points: int = 0
    occupied: int = 0

    @property
    def communes_with_doctor(self) -> int:
        return self.communes - self.communes_without_doctor

    @property
    def beds(self) -> int:
        return sum(self.beds_by_tier.values())

    def supply(self, category: str) -> int:
        return self.supplies.get(category, 0)


@dataclass(frozen=True)
class Shortfall:
    key: str
    label: str
    have: int | None
    need: int
    overdue: bool = False
    note: str = ""


def deadline(params: dict[str, Any]) -> dt.date | None:
    raw = params.get("doctor_deadline") or ""
    try:
        return dt.date.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return None


def _at_least(key: str, label: str, have: int, need: Any) -> list[Shortfall]:
    need = int(need or 0)
    return [Shortfall(key, label, have, need)] if have < need else []


def _doctor(params: dict[str, Any], facts: Facts, on: dt.date) -> list[Shortfall]:
    due = deadline(params)
    overdue = due is not None and on > due
    note = (
        _("quá hạn %(day)s") % {"day": f"{due:%d/%m/%Y}"}
        if overdue and due
        else (_("hạn %(day)s") % {"day": f"{due:%d/%m/%Y}"} if due else "")
    )
    need = int(params.get("commune_doctors") or 0)
    if not facts.staffing_reported:
        return [Shortfall("doctors", _("Bác sĩ tại trạm (chưa báo cáo nhân lực)"), None, need, overdue, note)]
    have = facts.doctors + facts.rotating_doctors
    return [Shortfall("doctors", _("Bác sĩ tại trạm y tế"), have, need, overdue, note)] if have < need else []


def commune_shortfalls(params: dict[str, Any], facts: Facts, on: dt.date) -> list[Shortfall]:
    """A commune against the commune norms: a doctor (overdue after the deadline), mobile stations,
    community teams, oxygen cylinders and SpO2 meters."""
    return [
        *_doctor(params, facts, on),
        *_at_least(
            "mobile_stations", _("Trạm y tế lưu động"), facts.mobile_stations,
            params.get("commune_mobile_stations"),
        ),
        *_at_least(
            "community_teams", _("Tổ COVID cộng đồng"), facts.community_teams,
            params.get("commune_community_teams"),
        ),
        *_at_least(
            "oxygen_cylinders", _("Bình oxy"), facts.supply(SupplyCategory.OXYGEN_CYLINDER),
            params.get("commune_oxygen_cylinders"),
        ),
        *_at_least(
            "spo2_meters", _("Máy đo SpO2"), facts.supply(SupplyCategory.SPO2_METER),
            params.get("commune_spo2_meters"),
        ),
    ]  # fmt: skip


def _beds_per_100k(params: dict[str, Any], facts: Facts) -> list[Shortfall]:
    need = int(params.get("district_beds_per_100k") or 0)
    if not need:
        return []
    label = _("Giường điều trị COVID-19 trên 100.000 dân")
    if not facts.population:
        return [Shortfall("beds_per_100k", label, None, need, note=_("thiếu dân số"))]
    have = facts.beds * 100_000 // facts.population
    return [Shortfall("beds_per_100k", label, have, need)] if have < need else []


def district_shortfalls(params: dict[str, Any], facts: Facts, on: dt.date) -> list[Shortfall]:
    """A district (everything in it) against the district norms, and how many of its communes have no
    doctor (overdue after the deadline)."""
    due = deadline(params)
    without = (
        [
            Shortfall(
                "communes_without_doctor", _("Xã chưa có bác sĩ"), facts.communes_without_doctor, 0,
                overdue=due is not None and on > due,
                note=_("%(n)s/%(total)s xã") % {"n": facts.communes_without_doctor, "total": facts.communes},
            )
        ]
        if facts.communes_without_doctor
        else []
    )  # fmt: skip
    return [
        *_at_least(
            "icu_beds", _("Giường hồi sức tích cực (ICU)"), facts.icu_beds, params.get("district_icu_beds")
        ),
        *_beds_per_100k(params, facts),
        *_at_least(
            "oxygen_concentrators", _("Máy tạo oxy"), facts.supply(SupplyCategory.OXYGEN_CONCENTRATOR),
            params.get("district_oxygen_concentrators"),
        ),
        *_at_least(
            "ventilators", _("Máy thở"), facts.supply(SupplyCategory.VENTILATOR),
            params.get("district_ventilators"),
        ),
        *_at_least(
            "antiviral", _("Thuốc kháng vi rút"), facts.supply(SupplyCategory.ANTIVIRAL),
            params.get("district_antiviral_courses"),
        ),
        *without,
    ]  # fmt: skip
