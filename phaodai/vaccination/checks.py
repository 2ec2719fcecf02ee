"""The rule checks of one dose against the person's history and the rules in force on its day."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from phaodai.core.errors import FieldErrors
from phaodai.core.text import day_text
from phaodai.geo.models import AdminUnit
from phaodai.inventory.models import Lot
from phaodai.people.models import Person
from phaodai.vaccination.bundle import Bundle
from phaodai.vaccination.models import DoseKind, Session
from phaodai.vaccination.schedule import (
    Given,
    Next,
    Product,
    age_on,
    booster_gap,
    booster_products,
    next_primary,
    primary_complete,
    primary_products,
)


@dataclass(frozen=True)
class DoseInput:
    """What a form or the API supplies for one dose."""

    person: Person
    number: int
    kind: str
    product: str
    lot: Lot | None
    given_on: dt.date
    unit: AdminUnit
    session: Session | None = None
    team: str = ""


def _check_number(errors: FieldErrors, data: DoseInput, history: list[Given]) -> bool:
    expected = len(history) + 1
    if data.number > expected:
        errors.add(
            "number",
            _("Người này chưa có mũi %(missing)s: không thể ghi mũi %(n)s.")
            % {"missing": expected, "n": data.number},
        )
    elif data.number < expected:
        given = history[data.number - 1] if data.number >= 1 else history[0]
        errors.add(
            "number",
            _("Mũi %(n)s đã được ghi ngày %(day)s.") % {"n": given.number, "day": day_text(given.given_on)},
        )
    return data.number == expected


def _check_product(errors: FieldErrors, data: DoseInput, bundle: Bundle, age: int) -> Product | None:
    product = bundle.catalogue.get(data.product)
    if product is None:
        errors.add(
            "product",
            _("Vắc xin «%(code)s» không có trong danh mục có hiệu lực ngày %(day)s.")
            % {"code": data.product, "day": day_text(data.given_on)},
        )
        return None
    if not product.fits_age(age):
        upper = _(" đến %(max)s") % {"max": product.max_age} if product.max_age is not None else ""
        errors.add(
            "product",
            _("%(product)s chỉ tiêm cho người từ %(min)s%(upper)s tuổi; ngày %(day)s người này %(age)s tuổi.")
            % {
                "product": product.name,
                "min": product.min_age,
                "upper": upper,
                "age": age,
                "day": day_text(data.given_on),
            },
        )
    if data.person.pregnant and product.code in bundle.mixing["not_for_pregnant"]:
        errors.add("product", _("%(product)s không tiêm cho phụ nữ có thai.") % {"product": product.name})
    return product


def _extra_plan(
    errors: FieldErrors, data: DoseInput, history: list[Given], bundle: Bundle, age: int
) -> Next | None:
    boosters = bundle.boosters
    if data.kind == DoseKind.PRIMARY:
        errors.add(
            "kind",
            _("Người này đã tiêm đủ liều cơ bản: mũi %(n)s là liều bổ sung hoặc nhắc lại.")
            % {"n": data.number},
        )
        return None
    if boosters is None:
        errors.add(
            "kind",
            _("Ngày %(day)s chưa có quy định tiêm liều bổ sung, nhắc lại.")
            % {"day": day_text(data.given_on)},
        )
        return None
    gap = booster_gap(history, data.kind, boosters)
    if not gap:
        errors.add(
            "kind", _("Quy định ngày %(day)s chưa cho phép mũi này.") % {"day": day_text(data.given_on)}
        )
        return None
    if age < int(boosters["min_age"]):
        errors.add(
            "kind", _("Liều bổ sung, nhắc lại dành cho người từ %(min)s tuổi.") % {"min": boosters["min_age"]}
        )
    last = history[-1]
    products = booster_products(history[0].product, boosters)
    return Next(data.number, data.kind, last.given_on + dt.timedelta(days=gap), None, products)


def _plan(
    errors: FieldErrors, data: DoseInput, history: list[Given], bundle: Bundle, age: int
) -> Next | None:
    """The dose the rules allow next for the kind asked for; None (with an error) when none is."""
    if primary_complete(history, bundle.catalogue):
        return _extra_plan(errors, data, history, bundle, age)
    if data.kind != DoseKind.PRIMARY:
        errors.add(
            "kind", _("Người này chưa tiêm đủ liều cơ bản: mũi %(n)s là liều cơ bản.") % {"n": data.number}
        )
        return None
    series = bundle.catalogue.get(history[0].product)
    if series is None:
        errors.add("product", _("Vắc xin mũi 1 không còn trong danh mục: cần đối chiếu với quản trị viên."))
        return None
    return next_primary(
        history, series, primary_products(series.code, bundle.catalogue, bundle.mixing, age=age)
    )


def _check_plan(
    errors: FieldErrors, data: DoseInput, history: list[Given], plan: Next, bundle: Bundle
) -> None:
    if data.product not in plan.products:
        names = ", ".join(sorted(bundle.catalogue[c].name for c in plan.products if c in bundle.catalogue))
        errors.add(
            "product",
            _("Mũi %(n)s của người này chỉ được tiêm: %(names)s.") % {"n": data.number, "names": names},
        )
    if data.given_on < plan.earliest:
        last = history[-1]
        errors.add(
            "given_on",
            _("Mũi %(n)s quá sớm: phải cách mũi %(prev)s (tiêm ngày %(prev_day)s) ít nhất %(days)s ngày; "
              "sớm nhất ngày %(day)s.")
            % {"n": data.number, "prev": last.number, "prev_day": day_text(last.given_on),
               "days": (plan.earliest - last.given_on).days, "day": day_text(plan.earliest)},
        )  # fmt: skip


def check_dose(errors: FieldErrors, data: DoseInput, history: list[Given], bundle: Bundle) -> None:
    """Dose number in order, product in the catalogue and right for the age, the kind and the interval the
    rules allow after the doses already given."""
    if data.kind not in DoseKind.values:
        errors.add("kind", _("Loại liều phải là liều cơ bản, liều bổ sung hoặc liều nhắc lại."))
        return
    person = data.person
    age = age_on(birth_year=person.birth_year, birth_date=person.birth_date, day=data.given_on)
    product = _check_product(errors, data, bundle, age)
    if not _check_number(errors, data, history) or product is None:
        return
    if not history:
        if data.kind != DoseKind.PRIMARY:
            errors.add("kind", _("Mũi 1 là liều cơ bản."))
        return
    plan = _plan(errors, data, history, bundle, age)
    if plan is not None:
        _check_plan(errors, data, history, plan, bundle)
