"""Testing rows for tests, made through the services (so checks, counters and stock are real)."""

import datetime as dt
from typing import Any

from phaodai.core import clock
from phaodai.core.scoping import Jurisdiction
from phaodai.diagnostics.models import Lab, Pool, Result, Sample
from phaodai.diagnostics.reference import LabKind, Reason, Reporter, SampleKind
from phaodai.diagnostics.services.labs import lab_create
from phaodai.diagnostics.services.pools import pool_create
from phaodai.diagnostics.services.samples import SampleInput, result_record, sample_take
from phaodai.geo.models import AdminUnit
from phaodai.inventory.models import Item, ItemKind
from phaodai.inventory.services import Line, lot_register, stock_receive
from phaodai.people.models import Person


def hours_ago(hours: float) -> dt.datetime:
    return clock.now() - dt.timedelta(hours=hours)


def everywhere(*units: AdminUnit) -> Jurisdiction:
    return Jurisdiction.of([unit.path for unit in units])


def make_lab(unit: AdminUnit, name: str = "Phòng xét nghiệm CDC Lai Châu") -> Lab:
    return lab_create(actor=None, jurisdiction=everywhere(unit), unit=unit, name=name, kind=LabKind.CDC)


def rapid_kit(code: str = "RAT-SD") -> Item:
    return Item.objects.create(
        code=code, name="Test nhanh SD Biosensor", kind=ItemKind.RAPID_TEST, counting_unit="test"
    )


def stock(
    unit: AdminUnit, item: Item, quantity: int, *, lot: str = "L001", expires: dt.date | None = None
) -> Any:
    registered = lot_register(
        actor=None, item=item, number=lot, expires_on=expires or clock.today() + dt.timedelta(days=90)
    )
    stock_receive(
        actor=None,
        jurisdiction=everywhere(unit),
        unit=unit,
        line=Line(item=item, lot=registered, quantity=quantity),
        on=clock.today() - dt.timedelta(days=10),
        source="Bộ Y tế",
    )
    return registered


def take(person: Person, kind: str = SampleKind.PCR_SINGLE, *, actor: Any = None, **fields: Any) -> Sample:
    """A sample of ``person`` taken three hours ago, by the health station of where they live."""
    values: dict[str, Any] = {"reason": Reason.F1, "taken_at": hours_ago(3), **fields}
    if kind == SampleKind.RAT_SELF:
        values.setdefault("reporter", Reporter.SELF)
    return sample_take(
        actor=actor,
        jurisdiction=fields.pop("jurisdiction", None) or everywhere(person.unit),
        data=SampleInput(
            person=person, kind=kind, **{k: v for k, v in values.items() if k != "jurisdiction"}
        ),
    )


def record(sample: Sample, outcome: str, *, hours: float = 1, **fields: Any) -> Result:
    return result_record(
        actor=fields.pop("actor", None),
        jurisdiction=fields.pop("jurisdiction", None) or everywhere(sample.unit),
        sample=sample,
        outcome=outcome,
        resulted_at=fields.pop("resulted_at", None) or hours_ago(hours),
        **fields,
    )


def make_pool(unit: AdminUnit, lab: Lab, *, capacity: int = 3, code: str = "G-001") -> Pool:
    return pool_create(
        actor=None, jurisdiction=everywhere(unit), unit=unit, lab=lab, code=code, capacity=capacity
    )
