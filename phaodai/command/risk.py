"""Epidemic level of one commune, and the roll-up to districts and the province: pure functions over the
week's figures and a rule version's parameters (``rulesets.RISK_LEVEL``), each result with its reasons.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from phaodai.core.text import percent_text


@dataclass(frozen=True)
class Figures:
    """What one commune's level is decided on, for one week."""

    population: int
    community_cases: int
    coverage: float | None  # % of the coverage bands with the coverage dose
    extra_shares: dict[str, tuple[float | None, float]] = field(
        default_factory=dict
    )  # label -> (%, target %)
    risk_group_share: float | None = None
    beds_per_100k: float | None = None  # the district's COVID-19 beds
    capacity_met: bool | None = None  # None: not assessed

    @property
    def cases_per_100k(self) -> float:
        return 100_000 * self.community_cases / self.population if self.population else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "population": self.population,
            "community_cases": self.community_cases,
            "cases_per_100k": round(self.cases_per_100k, 1),
            "coverage": _rounded(self.coverage),
            "extra_shares": {k: [_rounded(v), target] for k, (v, target) in self.extra_shares.items()},
            "risk_group_share": _rounded(self.risk_group_share),
            "beds_per_100k": _rounded(self.beds_per_100k),
            "capacity_met": self.capacity_met,
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass
class Decision:
    level: int | None  # None: it cannot be computed (no population)
    reasons: list[str]


def band(value: float, limits: Sequence[float]) -> int:
    """1 + the number of limits at or below ``value`` (bands are "< 20", "20 to < 50", ...)."""
    return 1 + sum(1 for limit in limits if value >= limit)


def _clamp(level: int) -> int:
    return max(1, min(4, level))


def _cases_reason(figures: Figures, transmission: int) -> str:
    return _("%(rate)s ca/100.000 dân/tuần (%(cases)s ca cộng đồng): mức %(band)s") % {
        "rate": f"{figures.cases_per_100k:.0f}",
        "cases": figures.community_cases,
        "band": transmission,
    }


def _coverage_reason(figures: Figures, params: dict[str, Any], met: bool) -> str:
    dose = _("ít nhất 1 mũi") if params["coverage_dose"] == 1 else _("đủ liều cơ bản")
    label = _("Tiêm %(dose)s (%(bands)s): %(share)s, %(verdict)s ngưỡng %(threshold)s%%") % {
        "dose": dose,
        "bands": ", ".join(params["coverage_bands"]),
        "share": percent_text(figures.coverage),
        "verdict": _("đạt") if met else _("chưa đạt"),
        "threshold": params["coverage_threshold"],
    }
    return label


def _coverage_met(share: float | None, threshold: float) -> bool:
    return share is not None and share >= threshold


def commune_level_4800(figures: Figures, params: dict[str, Any], previous: int | None) -> Decision:
    transmission = band(figures.cases_per_100k, params["case_bands"])
    met = _coverage_met(figures.coverage, params["coverage_threshold"])
    level = params["matrix"]["met" if met else "not_met"][transmission - 1]
    reasons = [_cases_reason(figures, transmission), _coverage_reason(figures, params, met)]
    missed = [
        f"{label}: {percent_text(share)}"
        for label, (share, target) in figures.extra_shares.items()
        if share is not None and share < target
    ]
    if missed and level < 4 and figures.community_cases:
        level = _clamp(level + params["extra_missed_raise"])
        reasons.append(
            _("Chưa đạt yêu cầu tiêm bổ sung (%(which)s): tăng 1 cấp") % {"which": "; ".join(missed)}
        )
    return _capacity_4800(figures, params, previous, level, reasons)


def _capacity_4800(
    figures: Figures, params: dict[str, Any], previous: int | None, level: int, reasons: list[str]
) -> Decision:
    decision = Decision(level, reasons)
    if figures.capacity_met is None:
        decision.reasons.append(_("Tiêu chí 3 (khả năng thu dung, điều trị): chưa đánh giá"))
    elif figures.capacity_met:
        decision.reasons.append(_("Tiêu chí 3: đáp ứng (trạm y tế có oxy)"))
    elif previous is not None and level < previous and params["capacity_not_met"] == "no_lowering":
        decision.level = previous
        decision.reasons.append(_("Chưa đáp ứng tiêu chí 3 (trạm y tế chưa có oxy): giữ cấp độ tuần trước"))
    else:
        decision.reasons.append(_("Chưa đáp ứng tiêu chí 3 (trạm y tế chưa có oxy)"))
    return decision


def commune_level_218(figures: Figures, params: dict[str, Any], previous: int | None) -> Decision:
    transmission = band(figures.cases_per_100k, params["case_bands"])
    reasons = [_cases_reason(figures, transmission)]
    met = _coverage_met(figures.coverage, params["coverage_threshold"])
    group_met = _coverage_met(figures.risk_group_share, params["risk_group_threshold"])
    reasons.append(_coverage_reason(figures, params, met))
    reasons.append(
        _("Nhóm nguy cơ cao (%(bands)s) đủ liều: %(share)s")
        % {
            "bands": ", ".join(params["risk_group_bands"]),
            "share": percent_text(figures.risk_group_share),
        }
    )
    if not (met and group_met):
        transmission = _clamp(transmission + params["vaccination_missed_raise"])
        reasons.append(
            _("Chưa đạt tiêu chí tiêm chủng: mức lây nhiễm tăng lên %(band)s") % {"band": transmission}
        )
    capacity = _capacity_218(figures, params)
    reasons.append(capacity[1])
    return Decision(params["matrix"][capacity[0]][transmission - 1], reasons)


def _capacity_218(figures: Figures, params: dict[str, Any]) -> tuple[str, str]:
    if figures.beds_per_100k is None:
        return "medium", _("Khả năng đáp ứng: chưa có số giường, tạm tính trung bình")
    low, high = params["bed_bands"]
    capacity = "high" if figures.beds_per_100k > high else "low" if figures.beds_per_100k < low else "medium"
    names = {"high": _("cao"), "medium": _("trung bình"), "low": _("thấp")}
    return capacity, _("Khả năng đáp ứng %(name)s: %(beds)s giường/100.000 dân") % {
        "name": names[capacity],
        "beds": f"{figures.beds_per_100k:.0f}",
    }


SCHEMES = {"4800": commune_level_4800, "218": commune_level_218}


def commune_level(figures: Figures, params: dict[str, Any], previous: int | None = None) -> Decision:
    if figures.population <= 0:
        return Decision(
            None,
            [
                _("Thiếu dân số: chưa tính được số ca/100.000 dân (%(n)s ca cộng đồng trong tuần)")
                % {"n": figures.community_cases}
            ],
        )
    return SCHEMES[params["scheme"]](figures, params, previous)


def rollup(found: Sequence[tuple[int | None, int]], params: dict[str, Any]) -> Decision:
    """A district's or province's level from its units' (level, population); units without a level (no
    population) are left out and counted in the reasons."""
    levels = [(level, population) for level, population in found if level is not None]
    missing = len(found) - len(levels)
    decision = _rollup(levels, params)
    if missing:
        decision.reasons.append(_("%(n)s đơn vị thiếu dân số, chưa tính") % {"n": missing})
    return decision


def _rollup(levels: Sequence[tuple[int, int]], params: dict[str, Any]) -> Decision:
    method = params["method"]
    if not levels:
        return Decision(None, [_("Không có đơn vị nào tính được cấp độ")])
    if method == "share":
        return _rollup_share(levels, params["share_rules"])
    if method == "population":
        total = sum(population for _level, population in levels) or len(levels)
        weighted = sum(level * (population or 1) for level, population in levels) / total
        return Decision(
            _clamp(round(weighted)), [_("Bình quân theo dân số: %(value)s") % {"value": f"{weighted:.2f}"}]
        )
    worst = max(level for level, _population in levels)
    return Decision(
        worst, [_("Cấp cao nhất trong %(n)s đơn vị: %(level)s") % {"n": len(levels), "level": worst}]
    )


def _rollup_share(levels: Sequence[tuple[int, int]], rules: Sequence[Sequence[int]]) -> Decision:
    for level, share in rules:
        at_or_above = sum(1 for unit_level, _population in levels if unit_level >= level)
        percent = 100 * at_or_above / len(levels)
        if percent >= share:
            return Decision(
                level,
                [
                    _("%(pct)s số đơn vị ở cấp %(level)s trở lên (ngưỡng %(share)s%%)")
                    % {"pct": percent_text(percent), "level": level, "share": share}
                ],
            )
    return Decision(1, [_("Chưa đến ngưỡng tỷ lệ nào")])
