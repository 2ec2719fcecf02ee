"""The official unit lists from ``vietnam-provinces`` and the 2025 conversion tables.

Codes are integers there; here they are zero-padded strings (province 2, district 3, commune 5).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import vietnam_provinces as two_tier
from vietnam_provinces import _province_conversion_2025 as province_conversion
from vietnam_provinces import _ward_conversion_2025 as ward_conversion
from vietnam_provinces import legacy as three_tier

from phaodai.geo.models import UnitLevel, UnitMap

_WIDTH = {UnitLevel.PROVINCE: 2, UnitLevel.DISTRICT: 3, UnitLevel.COMMUNE: 5}


def pad(level: UnitLevel, code: int) -> str:
    return f"{int(code):0{_WIDTH[level]}d}"


@dataclass(frozen=True)
class OfficialUnit:
    unit_map: str
    level: UnitLevel
    code: str
    name: str
    division_type: str
    parent_code: str | None


def _unit(unit_map: str, level: UnitLevel, item: Any, parent: tuple[UnitLevel, int] | None) -> OfficialUnit:
    parent_code = pad(*parent) if parent else None
    return OfficialUnit(
        unit_map, level, pad(level, item.code), item.name, item.division_type.value, parent_code
    )


def _three_tier() -> Iterator[OfficialUnit]:
    m = UnitMap.THREE_TIER
    for p in three_tier.Province.iter_all():
        yield _unit(m, UnitLevel.PROVINCE, p, None)
    for d in three_tier.District.iter_all():
        yield _unit(m, UnitLevel.DISTRICT, d, (UnitLevel.PROVINCE, d.province_code))
    for w in three_tier.Ward.iter_all():
        yield _unit(m, UnitLevel.COMMUNE, w, (UnitLevel.DISTRICT, w.district_code))


def _two_tier() -> Iterator[OfficialUnit]:
    m = UnitMap.TWO_TIER
    for p in two_tier.Province.iter_all():
        yield _unit(m, UnitLevel.PROVINCE, p, None)
    for w in two_tier.Ward.iter_all():
        yield _unit(m, UnitLevel.COMMUNE, w, (UnitLevel.PROVINCE, w.province_code))


def official_units(unit_map: str) -> Iterator[OfficialUnit]:
    """Every official unit of one map, parents before children."""
    return _three_tier() if unit_map == UnitMap.THREE_TIER else _two_tier()


def successor_codes(level: UnitLevel, code: str) -> list[str]:
    """Codes on the 2025 map that a three-tier unit went into (several when it was split)."""
    if level == UnitLevel.PROVINCE:
        province = province_conversion.OLD_TO_NEW.get(int(code))
        return sorted({pad(level, p.code) for p in province.new_provinces}) if province else []
    if level == UnitLevel.COMMUNE:
        ward = ward_conversion.OLD_TO_NEW.get(int(code))
        return sorted({pad(level, w.code) for w in ward.new_wards}) if ward else []
    return []  # districts have no successor: the 2025 map has no district tier


def predecessor_codes(level: UnitLevel, code: str) -> list[tuple[str, str, str]]:
    """(province, district, commune) codes on the three-tier map that a 2025 unit was made from
    (district and commune empty for a province)."""
    if level == UnitLevel.PROVINCE:
        province = province_conversion.NEW_TO_OLD.get(int(code))
        return sorted({(pad(level, p.code), "", "") for p in province.old_provinces}) if province else []
    ward = ward_conversion.NEW_TO_OLD.get(int(code)) if level == UnitLevel.COMMUNE else None
    if ward is None:
        return []
    codes = {(w.province_code, w.district_code, w.code) for w in ward.old_wards}
    return sorted(
        (pad(UnitLevel.PROVINCE, p), pad(UnitLevel.DISTRICT, d), pad(level, c)) for p, d, c in codes
    )
