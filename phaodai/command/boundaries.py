"""Reading a boundary file (GeoJSON) for the risk map: each feature names its unit by code.

Only what the map needs is kept: the geometry and the unit's code; names come from the unit table, so a
file cannot rename a commune. Every refusal names the feature it is about.
"""

import json
from typing import Any

from django.utils.translation import gettext as _

from phaodai.core.errors import DomainError
from phaodai.core.scoping import next_path
from phaodai.geo.models import AdminUnit

MAX_BYTES = 20 * 1024 * 1024
CODE_KEYS = ("code", "ma", "ma_don_vi", "unit_code")
SHAPES = ("Polygon", "MultiPolygon")


def _refuse(message: str) -> DomainError:
    return DomainError(message, field="file")


def _load(content: bytes) -> Any:
    if len(content) > MAX_BYTES:
        raise _refuse(_("Tệp lớn hơn %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    try:
        return json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise _refuse(_("Tệp không phải văn bản UTF-8 (GeoJSON).")) from exc
    except json.JSONDecodeError as exc:
        where = {"line": exc.lineno, "col": exc.colno}
        raise _refuse(_("Tệp không phải JSON hợp lệ: dòng %(line)s, cột %(col)s.") % where) from exc
    except RecursionError as exc:  # arrays or objects nested thousands deep
        raise _refuse(_("Tệp không phải JSON hợp lệ: lồng nhau quá sâu.")) from exc


def _code_of(feature: dict[str, Any]) -> str:
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        return ""
    found = (str(properties[key]).strip() for key in CODE_KEYS if properties.get(key) not in (None, ""))
    return next(found, "")


def parse(content: bytes, *, unit: AdminUnit) -> dict[str, Any]:
    data = _load(content)
    collection = isinstance(data, dict) and data.get("type") == "FeatureCollection"
    if not collection or not isinstance(data.get("features"), list):
        raise _refuse(_("Tệp phải là một GeoJSON FeatureCollection."))
    under = AdminUnit.objects.filter(path__gte=unit.path, path__lt=next_path(unit.path))
    units = dict(under.values_list("code", "path"))
    kept = []
    for number, feature in enumerate(data["features"], start=1):
        kept.append(_feature(number, feature, units))
    if not kept:
        raise _refuse(_("Tệp không có vùng nào."))
    return {"type": "FeatureCollection", "features": kept}


def _feature(number: int, feature: Any, units: dict[str, str]) -> dict[str, Any]:
    if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
        raise _refuse(_("Vùng thứ %(n)s không có hình (geometry).") % {"n": number})
    geometry = feature["geometry"]
    if geometry.get("type") not in SHAPES or not isinstance(geometry.get("coordinates"), list):
        raise _refuse(_("Vùng thứ %(n)s không phải đa giác (Polygon/MultiPolygon).") % {"n": number})
    code = _code_of(feature)
    if not code:
        raise _refuse(_("Vùng thứ %(n)s thiếu mã đơn vị (thuộc tính “code”).") % {"n": number})
    if code not in units:
        raise _refuse(
            _("Vùng thứ %(n)s: mã đơn vị %(code)s không thuộc địa bàn này.") % {"n": number, "code": code}
        )
    return {"type": "Feature", "geometry": geometry, "properties": {"code": code, "path": units[code]}}
