"""The release decision (QUYẾT ĐỊNH) or certificate (GIẤY CHỨNG NHẬN) of a completed quarantine, laid out
by :mod:`phaodai.core.decree30`.

The document's wording is not wrapped in gettext: an administrative document is issued in Vietnamese
whatever language the user interface speaks (Decree 30/2020/NĐ-CP).
"""

import datetime as dt
from typing import Literal

from django.utils import timezone

from phaodai.accounts.models import Organisation, OrganisationKind
from phaodai.core.decree30 import AdministrativeDocument
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.people.models import Person
from phaodai.people.reference import Sex
from phaodai.quarantine.models import Order
from phaodai.quarantine.reference import OrderKind, OrderPlace

DocumentKind = Literal["decision", "certificate"]
DECISION: DocumentKind = "decision"
CERTIFICATE: DocumentKind = "certificate"

SUBJECT = "Về việc hoàn thành cách ly y tế"
TITLES: dict[DocumentKind, str] = {DECISION: "QUYẾT ĐỊNH", CERTIFICATE: "GIẤY CHỨNG NHẬN"}
_SYMBOL_PREFIX: dict[DocumentKind, str] = {DECISION: "QĐ", CERTIFICATE: "GCN"}
LAW = "Căn cứ Luật Phòng, chống bệnh truyền nhiễm ngày 21 tháng 11 năm 2007;"

# The abbreviation of the issuing body in the document symbol (Decree 30, Appendix III).
_ABBREVIATIONS: dict[str, str] = {
    OrganisationKind.COMMUNE_HEALTH_STATION: "TYT",
    OrganisationKind.DISTRICT_HEALTH_CENTRE: "TTYT",
    OrganisationKind.PEOPLES_COMMITTEE: "UBND",
    OrganisationKind.HEALTH_DEPARTMENT: "SYT",
    OrganisationKind.CDC: "CDC",
    OrganisationKind.STEERING_COMMITTEE: "BCĐ",
    OrganisationKind.HOSPITAL: "BV",
    OrganisationKind.QUARANTINE_FACILITY: "KCL",
}
# "Xã Dào San" is dated "Dào San, ngày ..." (longest prefixes first: "Thị xã" before "Xã").
_UNIT_PREFIXES = ("Thành phố ", "Thị trấn ", "Thị xã ", "Phường ", "Huyện ", "Quận ", "Tỉnh ", "Xã ")


def _date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def place_name(unit: AdminUnit) -> str:
    """The unit's name without its kind: ``Xã Dào San`` -> ``Dào San``."""
    for prefix in _UNIT_PREFIXES:
        if unit.name.lower().startswith(prefix.lower()):
            return unit.name[len(prefix) :]
    return unit.name


def _commune(unit: AdminUnit) -> AdminUnit:
    return unit.parent if unit.level == UnitLevel.VILLAGE and unit.parent is not None else unit


def _governing_body(organisation: Organisation) -> str:
    """``UBND XÃ DÀO SAN`` above a commune health station; a People's Committee has none above it."""
    if organisation.kind == OrganisationKind.PEOPLES_COMMITTEE:
        return ""
    return f"UBND {organisation.unit.name}".upper()


def _symbol(organisation: Organisation | None, kind: DocumentKind) -> str:
    abbreviation = _ABBREVIATIONS.get(organisation.kind, "") if organisation is not None else ""
    prefix = _SYMBOL_PREFIX[kind]
    return f"{prefix}-{abbreviation}" if abbreviation else prefix


def _honorific(person: Person) -> str:
    return "Bà" if person.sex == Sex.FEMALE else "Ông"


def _residence(person: Person) -> str:
    """Street address, then the units from the village up to the province."""
    parts = [person.address] if person.address else []
    unit: AdminUnit | None = person.unit
    while unit is not None:
        parts.append(unit.name)
        unit = unit.parent
    return ", ".join(parts)


def _identity(person: Person) -> str:
    """``Ông Lò Văn Pọm, sinh năm 1980, số CCCD/CMND 012345678901, nơi cư trú: ...``."""
    born = f"sinh ngày {_date(person.birth_date)}" if person.birth_date else f"sinh năm {person.birth_year}"
    parts = [f"{_honorific(person)} {person.full_name}", born]
    if person.national_id:
        parts.append(f"số CCCD/CMND {person.national_id}")
    parts.append(f"nơi cư trú: {_residence(person)}")
    return ", ".join(parts)


def _where(order: Order) -> str:
    if order.place == OrderPlace.FACILITY and order.facility is not None:
        return f"tại {order.facility.name}"
    if order.place == OrderPlace.HOME:
        return f"tại nhà/nơi lưu trú ({order.address})" if order.address else "tại nhà/nơi lưu trú"
    return f"tại {order.address}" if order.address else ""


def _period(order: Order) -> str:
    where = _where(order)
    period = f"từ ngày {_date(order.start_date)} đến ngày {_date(order.end_date)}"
    return f"{period}, {where}" if where else period


def _what(order: Order) -> str:
    if order.kind == OrderKind.F0_ISOLATION:
        return "thời gian cách ly y tế (người nhiễm COVID-19)"
    return "thời gian cách ly y tế (người tiếp xúc gần - F1)"


def _self_monitoring(order: Order) -> list[str]:
    days = order.self_monitor_days
    if days <= 0:
        return []
    until = order.end_date + dt.timedelta(days=days)
    return [
        f"Trong {days} ngày tiếp theo (đến hết ngày {_date(until)}), "
        f"{_honorific(order.person).lower()} {order.person.full_name} tiếp tục tự theo dõi sức khỏe, "
        "thực hiện các biện pháp phòng bệnh và báo ngay cho cơ sở y tế khi có triệu chứng."
    ]


def _decision_body(order: Order, issuer: str, signer_title: str) -> list[str]:
    grounds = [LAW, f"Căn cứ {order.rules.document};"]
    if order.number:
        issued = timezone.localtime(order.created_at).date()
        grounds.append(f"Căn cứ Quyết định cách ly y tế số {order.number} ngày {_date(issued)};")
    return [
        f"{signer_title} {issuer}".upper(),
        *grounds,
        "QUYẾT ĐỊNH:",
        f"Điều 1. Công nhận {_identity(order.person)} đã hoàn thành {_what(order)} {_period(order)}, "
        f"theo {order.rules.document}.",
        *_self_monitoring(order),
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        f"Điều 3. {_honorific(order.person)} {order.person.full_name} và các cơ quan, đơn vị có liên quan "
        "chịu trách nhiệm thi hành Quyết định này.",
    ]


def _certificate_body(order: Order, issuer: str) -> list[str]:
    return [
        f"{issuer} CHỨNG NHẬN:".upper(),
        f"{_identity(order.person)};",
        f"Đã hoàn thành {_what(order)} {_period(order)}, theo {order.rules.document}.",
        *_self_monitoring(order),
    ]


def release_document(order: Order, *, kind: DocumentKind = DECISION) -> AdministrativeDocument:
    """The document of a released order, issued by the organisation that issued the order (without one,
    the commune where the person lives is named as the place)."""
    if order.released_on is None:
        raise ValueError("only a released order has a release document")
    organisation = order.issuer
    issuer = organisation.name if organisation is not None else ""
    place_unit = organisation.unit if organisation is not None else _commune(order.unit)
    decision = kind == DECISION
    return AdministrativeDocument(
        issuer_parent=_governing_body(organisation) if organisation is not None else "",
        issuer=issuer,
        number=order.release_number,
        symbol=_symbol(organisation, kind),
        place=place_name(place_unit),
        date=order.released_on,
        title=TITLES[kind],
        subject=SUBJECT,
        body=_decision_body(order, issuer, order.signer_title)
        if decision
        else _certificate_body(order, issuer),
        signer_title=order.signer_title,
        signer_name=order.signer_name,
        recipients=("Như Điều 3", "Lưu: VT") if decision else ("Người được chứng nhận", "Lưu: VT"),
    )
