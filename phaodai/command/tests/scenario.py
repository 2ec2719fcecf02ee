"""A week of epidemic work in one commune, through the real services: what the counts are checked on."""

import datetime as dt
from decimal import Decimal
from typing import Any

from phaodai.cases.monitoring import MonitoringInput, escalation_handle, record_monitoring
from phaodai.cases.reference import CaseStatus, Detection, PlaceOfCare
from phaodai.cases.services import case_close, case_transfer
from phaodai.cases.tests.factories import commune_of, register
from phaodai.core import clock
from phaodai.diagnostics.reference import Outcome, SampleKind
from phaodai.diagnostics.services.pools import pool_result
from phaodai.diagnostics.tests.factories import everywhere, hours_ago, make_lab, make_pool, record, take
from phaodai.facilities.tests.factories import FacilityFactory
from phaodai.people.tests.factories import make_person
from phaodai.quarantine.services import order_cancel
from phaodai.quarantine.tests.factories import issue_f1, release


def days_ago(n: int) -> dt.date:
    return clock.today() - dt.timedelta(days=n)


def cases_and_care(tree: Any) -> None:
    """Community and quarantine cases, a transfer to hospital, a recovery, a death, a warning handled."""
    hospital = FacilityFactory(unit=tree.district, kind="hospital", name="Bệnh viện đa khoa huyện Phong Thổ")
    first = register(make_person(tree.village, "Lò Văn Pọm"), report_date=days_ago(12))
    register(
        make_person(tree.village, "Vàng A Sủ"), report_date=days_ago(5), detected_in=Detection.QUARANTINE
    )
    register(make_person(tree.neighbour_commune, "Giàng Thị Mai"), report_date=days_ago(2))
    sick = register(make_person(tree.village, "Lò Thị Hoa"), report_date=days_ago(4))
    entry = record_monitoring(
        actor=None, case=sick, data=MonitoringInput(at=clock.now(), spo2=92, temperature=Decimal("38.5"))
    )
    assert sick.escalations.filter(handled_at__isnull=True).exists(), entry.warning_signs
    case_transfer(
        actor=None,
        jurisdiction=everywhere(tree.province),
        case=sick,
        place_of_care=PlaceOfCare.HOSPITAL,
        facility=hospital,
        at=clock.now(),
        reason="SpO2 92%",
    )
    escalation_handle(actor=None, escalation=sick.escalations.get(), action="Chuyển bệnh viện huyện")
    case_close(actor=None, case=first, outcome=CaseStatus.RECOVERED, on=days_ago(0), test_negative=True)
    case_close(actor=None, case=sick, outcome=CaseStatus.DECEASED, on=days_ago(0))
    other = register(make_person(tree.village, "Sùng A Páo"), report_date=days_ago(1))
    record_monitoring(actor=None, case=other, data=MonitoringInput(at=clock.now(), spo2=93))
    assert commune_of(other.person)


def quarantine(tree: Any) -> None:
    """F1 in a quarantine centre (5599/BYT-MT in force): one released, one cancelled, one staying."""
    done = issue_f1(make_person(tree.village, "Lò Văn Khằm"), start_date=days_ago(15))
    issue_f1(make_person(tree.village, "Lò Thị Ín"), start_date=days_ago(3))
    mistaken = issue_f1(make_person(tree.village, "Lò Văn Ún"), start_date=days_ago(1))
    release(done, released_on=days_ago(1))
    order_cancel(actor=None, order=mistaken, reason="Nhập nhầm người")


def testing(tree: Any) -> None:
    """Single PCR results (one positive, one invalid) and a negative pool closing its members."""
    lab = make_lab(tree.province)
    early = take(make_person(tree.village, "Tòng Văn Xuân"), taken_at=hours_ago(40), lab=lab)
    record(early, Outcome.POSITIVE, hours=30)
    record(take(make_person(tree.village, "Tòng Thị Lả"), lab=lab), Outcome.NEGATIVE, hours=2)
    record(take(make_person(tree.village, "Tòng Văn Ý"), lab=lab), Outcome.INVALID)
    pool = make_pool(tree.commune, lab, capacity=3)
    for name in ("Lù Văn A", "Lù Thị B", "Lù Văn C"):
        take(
            make_person(tree.village, name),
            SampleKind.PCR_POOLED,
            pool=pool,
            jurisdiction=everywhere(tree.commune),
        )
    pool_result(
        actor=None,
        jurisdiction=everywhere(tree.commune),
        pool=pool,
        outcome=Outcome.NEGATIVE,
        resulted_at=hours_ago(1),
    )


def run(tree: Any) -> None:
    cases_and_care(tree)
    quarantine(tree)
    testing(tree)
