"""Units named on paper or in a file (a traveller's papers, another province's list, an imported row),
brought onto the deployment's map.

A unit of the other map (a traveller's papers, another province's list) is converted through the geo
app's conversion tables to the smallest unit of this map that holds all of it (a split commune goes to
the district or province its parts went to); when no unit holds it all, it is refused with the reason.
"""

from django.utils.translation import gettext as _

from phaodai.core.errors import DomainError
from phaodai.geo.catalogue import predecessor_codes, successor_codes
from phaodai.geo.models import AdminUnit, UnitLevel, UnitMap
from phaodai.geo.services import deployment_map


def _common_prefix(paths: list[str]) -> str:
    split = [p.split("/")[:-1] for p in paths]
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return "/".join(common) + "/" if len(common) > 1 else ""


def _candidate_paths(unit: AdminUnit, target_map: str) -> list[str]:
    level = UnitLevel(unit.level)
    if target_map == UnitMap.TWO_TIER:
        if level == UnitLevel.DISTRICT:
            communes = AdminUnit.objects.filter(parent=unit, level=UnitLevel.COMMUNE).values_list(
                "code", flat=True
            )
            codes = {c for commune in communes for c in successor_codes(UnitLevel.COMMUNE, commune)}
            level = UnitLevel.COMMUNE
        else:
            codes = set(successor_codes(level, unit.code))
        found = AdminUnit.objects.filter(unit_map=target_map, level=level, code__in=codes)
        return list(found.values_list("path", flat=True))
    old = predecessor_codes(level, unit.code)
    return [
        f"{UnitMap.THREE_TIER}/{province}/" + (f"{district}/{commune}/" if commune else "")
        for province, district, commune in old
    ]


def on_deployment_map(unit: AdminUnit, *, field: str, target_map: str | None = None) -> AdminUnit:
    """``unit`` itself on this deployment's map (``target_map`` when the caller read it already), else its
    conversion; a clear refusal when none holds it."""
    target_map = target_map or deployment_map()
    if unit.unit_map == target_map:
        return unit
    if unit.level == UnitLevel.VILLAGE and unit.parent is not None:
        return on_deployment_map(unit.parent, field=field, target_map=target_map)
    paths = _candidate_paths(unit, target_map)
    common = _common_prefix(paths) if paths else ""
    converted = AdminUnit.objects.filter(path=common).first() if common else None
    if converted is None:
        raise DomainError(
            _(
                "«%(name)s» thuộc bản đồ hành chính %(map)s, không chuyển đổi được sang bản đồ đang dùng "
                "(được chia cho nhiều tỉnh hoặc không có trong bảng chuyển đổi): hãy chọn đơn vị trên bản đồ "
                "đang dùng."
            )
            % {"name": unit.name, "map": unit.get_unit_map_display()},
            field=field,
        )
    return converted
