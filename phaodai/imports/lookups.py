"""What a batch looks cells up in: its units, the vaccine catalogue, lots, and the dates it has parsed.

A file of a million rows names a few hundred distinct units, products, lots and days: each distinct
cell is resolved once and remembered, so the per-row cost is a dictionary lookup.
"""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from phaodai.core.cellvalues import CellError, Day, parse_day
from phaodai.core.errors import DomainError
from phaodai.core.models import RuleSet
from phaodai.core.text import fold
from phaodai.geo.conversion import on_deployment_map
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.geo.services import deployment_map
from phaodai.inventory.models import Lot
from phaodai.vaccination import rulesets
from phaodai.vaccination.bundle import versions

_PLACE_LEVELS = (UnitLevel.COMMUNE, UnitLevel.VILLAGE)
_UNIT_WORDS = ("xa ", "phuong ", "thi tran ", "dac khu ")


def _bare(folded_name: str) -> str:
    """A commune's name without its kind ("xa sin ho" -> "sin ho"): files write it either way."""
    for word in _UNIT_WORDS:
        if folded_name.startswith(word):
            return folded_name[len(word) :]
    return folded_name


class Lookups:
    def __init__(self, *, root: AdminUnit, today: dt.date) -> None:
        self.root = root
        self.today = today
        self.unit_map = deployment_map()
        self._days: dict[Any, Day | CellError] = {}
        self._codes: dict[str, AdminUnit | CellError] = {}
        self._names: dict[str, list[AdminUnit]] | None = None
        self._products: dict[str, str] | None = None
        self._series: dict[str, int] = {}
        self._rules: dict[dt.date, int] = {}
        self._catalogues: list[RuleSet] | None = None
        self._lots: dict[tuple[str, str], tuple[int, dt.date]] | None = None
        self._facilities: dict[str, list[Any]] | None = None

    def day(self, value: Any) -> Day:
        """``core.cellvalues.parse_day``, remembered per distinct cell (its error too)."""
        key = value if isinstance(value, str | int | float | dt.date) else repr(value)
        found = self._days.get(key)
        if found is None:
            try:
                found = parse_day(value, today=self.today)
            except CellError as error:
                found = error
            self._days[key] = found
        if isinstance(found, CellError):
            raise found
        return found

    def _placed(self, unit: AdminUnit) -> AdminUnit:
        if unit.level not in _PLACE_LEVELS:
            raise CellError(
                _("«%(name)s» không phải xã/phường: cần mã xã/phường nơi người này cư trú.")
                % {"name": unit.name}
            )
        if not unit.path.startswith(self.root.path):
            raise CellError(
                _("%(name)s không thuộc %(root)s, địa bàn của lượt nhập này.")
                % {"name": unit.name, "root": self.root.name}
            )
        return unit

    def _by_code(self, code: str) -> AdminUnit:
        units = list(AdminUnit.objects.filter(code=code).exclude(level=UnitLevel.VILLAGE))
        here = [unit for unit in units if unit.unit_map == self.unit_map]
        if here:
            return self._placed(here[0])
        if not units:
            raise CellError(_("Không có xã/phường nào mã «%(code)s».") % {"code": code})
        try:
            converted = on_deployment_map(units[0], field="unit", target_map=self.unit_map)
        except DomainError as error:
            raise CellError(error.message) from error
        if converted.level != UnitLevel.COMMUNE:
            raise CellError(
                _(
                    "Mã «%(code)s» là %(name)s của bản đồ hành chính cũ, đã được chia cho nhiều "
                    "xã/phường mới: hãy ghi mã xã/phường mới."
                )
                % {"code": code, "name": units[0].name}
            )
        return self._placed(converted)

    def unit_by_code(self, code: str) -> AdminUnit:
        """The commune of a code on this deployment's map; a code of the other map goes through the
        conversion tables, and a commune that was split is refused (a person must choose)."""
        if not code.isascii() or not code.isdigit():
            raise CellError(_("Mã xã/phường chỉ gồm chữ số."))
        code = code.zfill(5)
        found = self._codes.get(code)
        if found is None:
            try:
                found = self._by_code(code)
            except CellError as error:
                found = error
            self._codes[code] = found
        if isinstance(found, CellError):
            raise found
        return found

    def _name_index(self) -> dict[str, list[AdminUnit]]:
        index: dict[str, list[AdminUnit]] = {}
        communes = AdminUnit.objects.filter(
            path__startswith=self.root.path, unit_map=self.unit_map, level=UnitLevel.COMMUNE
        )
        for unit in communes:
            for key in {fold(unit.name), _bare(fold(unit.name))}:
                index.setdefault(key, []).append(unit)
        return index

    def unit_by_name(self, name: str) -> AdminUnit:
        """A commune under the batch's unit by its name, with or without "Xã"/"Phường"."""
        if self._names is None:
            self._names = self._name_index()
        found = self._names.get(fold(name), [])
        if len(found) == 1:
            return found[0]
        if not found:
            raise CellError(
                _("Không có xã/phường «%(name)s» trong %(root)s.") % {"name": name, "root": self.root.name}
            )
        raise CellError(
            _("Có %(n)s xã/phường tên «%(name)s» trong %(root)s: hãy ghi mã xã/phường.")
            % {"n": len(found), "name": name, "root": self.root.name}
        )

    def _product_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for version in RuleSet.objects.filter(kind=rulesets.PRODUCTS):
            for product in version.params.get("products", []):
                index[fold(product["code"])] = product["code"]
                index[fold(product["name"])] = product["code"]
                self._series[product["code"]] = int(product["doses"])
        return index

    def product(self, text: str) -> str:
        """A vaccine by its catalogue code or name ("AZ", "AstraZeneca"), or a unique part of its name."""
        if self._products is None:
            self._products = self._product_index()
        if text in self._products:  # as typed, seen before
            return self._products[text]
        folded = fold(text)
        partial = {code for name, code in self._products.items() if len(folded) >= 4 and folded in name}
        if folded in self._products or len(partial) == 1:
            self._products[text] = self._products[folded] if folded in self._products else partial.pop()
            return self._products[text]
        codes = sorted(set(self._products.values()))
        raise CellError(
            _("Không nhận ra vắc xin «%(text)s»: ghi mã (%(codes)s) hoặc tên vắc xin.")
            % {"text": text, "codes": ", ".join(codes)}
        )

    def products_rules(self, day: dt.date) -> int | None:
        """The vaccine catalogue version in force on ``day`` for the batch's place (None before any)."""
        if day not in self._rules:
            if self._catalogues is None:
                self._catalogues = versions(rulesets.PRODUCTS, unit_path=self.root.path)
            before = [version.pk for version in self._catalogues if version.effective_from <= day]
            self._rules[day] = before[-1] if before else 0
        return self._rules[day] or None

    def dose_kind(self, product: str, number: int) -> str:
        """When the file does not say: a primary dose up to the product's series, a booster after it."""
        return "primary" if number <= self._series.get(product, 2) else "booster"

    def lot(self, product: str, number: str) -> tuple[int, dt.date] | None:
        """(id, expiry) of a lot of the product, None when the stock books do not know it."""
        if self._lots is None:
            self._lots = {
                (code, Lot.normalise(lot_number)): (pk, expires)
                for pk, code, lot_number, expires in Lot.objects.values_list(
                    "pk", "item__code", "number", "expires_on"
                )
            }
        return self._lots.get((product, number))

    def facility(self, name: str) -> Any:
        """A facility of the batch's province (where its units refer people) by its name, folded; a
        province has few, so all of them are read once."""
        from phaodai.core.scoping import Jurisdiction
        from phaodai.facilities.models import Facility  # only case imports name facilities
        from phaodai.facilities.selectors import referral_scope

        if self._facilities is None:
            self._facilities = {}
            province = referral_scope(Jurisdiction.of([self.root.path]))
            for facility in Facility.objects.visible_to(province):
                self._facilities.setdefault(fold(facility.name), []).append(facility)
        found = self._facilities.get(fold(name), [])
        if not found:
            raise CellError(_("Không có cơ sở «%(name)s» trong tỉnh.") % {"name": name})
        if len(found) > 1:
            raise CellError(_("Có %(n)s cơ sở tên «%(name)s» trong tỉnh.") % {"n": len(found), "name": name})
        return found[0]
