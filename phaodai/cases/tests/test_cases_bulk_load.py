"""Ended cases loaded in one batch: decided under the rule sets of their dates, with their timeline."""

import datetime as dt

import pytest
from django.utils import timezone

from phaodai.cases import rulesets
from phaodai.cases.bulk import ClosedCaseRow, cases_bulk_load
from phaodai.cases.clusters import cluster_create
from phaodai.cases.models import Case, CaseEvent, Cluster, EventKind
from phaodai.cases.reference import CaseBasis, CaseStatus, ClusterSetting, Severity
from phaodai.core import clock, rules
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(D(2021, 11, 20)):
        yield


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def row(person, report: dt.date, end: dt.date, **fields) -> ClosedCaseRow:
    values = {"outcome": CaseStatus.RECOVERED, "sample_date": report, **fields}
    return ClosedCaseRow(
        person=person, report_date=report, registered_at=at(report, 9), outcome_date=end,
        closed_at=at(end, 15), **values,
    )  # fmt: skip


@pytest.fixture
def wave(tree, province_user):
    market = cluster_create(
        actor=province_user, jurisdiction=Jurisdiction.of([tree.province.path]), name="Ổ dịch chợ Dào San",
        setting=ClusterSetting.MARKET, unit=tree.commune, opened_on=D(2021, 9, 25),
    )  # fmt: skip
    seller = make_person(tree.village, "Lò Thị Xuân", birth_year=1975)
    buyer = make_person(tree.commune, "Vàng A Sủ", birth_year=1990)
    grandmother = make_person(tree.commune, "Giàng Thị Mai", birth_year=1940, comorbidities=["diabetes"])
    rows = [
        row(seller, D(2021, 9, 26), D(2021, 10, 8), cluster=market, spo2=97),
        row(buyer, D(2021, 9, 29), D(2021, 11, 2), source=0, is_f1=True),
        row(grandmother, D(2021, 10, 1), D(2021, 10, 9), source=0, outcome=CaseStatus.DECEASED, spo2=91),
    ]
    return market, rows


def load(tree, actor, rows):
    return cases_bulk_load(
        actor=actor, jurisdiction=Jurisdiction.of([tree.province.path]), rows=rows, summary="Đợt tháng 9"
    )


def test_each_case_keeps_the_rule_sets_in_force_on_its_own_dates(tree, province_user, wave):
    _market, rows = wave
    ids = load(tree, province_user, rows)
    seller, buyer, grandmother = (Case.objects.get(pk=pk) for pk in ids)
    path = seller.unit_path
    assert seller.definition_rules == rules.in_force(rulesets.DEFINITION, on=D(2021, 9, 26), unit_path=path)
    assert seller.severity_rules == rules.in_force(rulesets.SEVERITY, on=D(2021, 9, 26), unit_path=path)
    assert seller.home_care_rules == rules.in_force(rulesets.HOME_CARE, on=D(2021, 9, 26), unit_path=path)
    assert seller.release_rules == rules.in_force(rulesets.RELEASE, on=D(2021, 10, 8), unit_path=path)
    assert buyer.release_rules == rules.in_force(rulesets.RELEASE, on=D(2021, 11, 2), unit_path=path)
    assert (seller.status, seller.basis, seller.unit_path) == (
        CaseStatus.RECOVERED,
        CaseBasis.PCR,
        rows[0].person.unit_path,
    )
    assert (grandmother.status, grandmother.release_rules, grandmother.severity) == (
        CaseStatus.DECEASED, None, Severity.SEVERE,
    )  # fmt: skip
    assert "age_65" in grandmother.risk_flags
    assert grandmother.home_care_eligible is False


def test_sources_and_clusters_follow_as_on_registration(tree, province_user, wave):
    market, rows = wave
    seller, buyer, grandmother = (Case.objects.get(pk=pk) for pk in load(tree, province_user, rows))
    assert (buyer.source_case, grandmother.source_case) == (seller, seller)
    assert {seller.cluster, buyer.cluster, grandmother.cluster} == {market}
    market.refresh_from_db()
    assert (market.case_count, market.last_case_on) == (3, D(2021, 10, 1))


def test_each_case_has_its_registration_and_its_outcome_on_the_timeline(tree, province_user, wave):
    _market, rows = wave
    seller_id = load(tree, province_user, rows)[0]
    events = list(CaseEvent.objects.filter(case_id=seller_id).order_by("at"))
    assert [(e.kind, e.at) for e in events] == [
        (EventKind.REGISTERED, at(D(2021, 9, 26), 9)), (EventKind.OUTCOME, at(D(2021, 10, 8), 15)),
    ]  # fmt: skip
    assert "RT-PCR" in events[0].summary
    assert "4689" in events[1].summary
    assert CaseEvent.objects.count() == 2 * len(rows)


def test_the_whole_batch_is_one_audit_event(tree, province_user, wave):
    _market, rows = wave
    before = AuditEvent.objects.count()
    load(tree, province_user, rows)
    event = AuditEvent.objects.order_by("pk").last()
    assert event is not None
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.entity, event.row_count) == (AuditAction.BULK_LOAD, "cases.case", 3)
    assert "2 khỏi, 1 tử vong" in event.summary


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"onset_date": D(2021, 10, 2)}, "onset_date", "Dòng 2: Ngày khởi phát không được sau ngày báo cáo."),
        (
            {"outcome_date": D(2021, 10, 7)},
            "outcome_date",
            "Dòng 2: Chưa đủ tiêu chuẩn theo 4689/QĐ-BYT-ravien",
        ),
        ({"spo2": 140}, "spo2", "Dòng 2: SpO₂ phải từ 0 đến 100 (%)."),
        ({"source": 1}, "source", "Dòng 2: Nguồn lây phải là một ca ở dòng trước."),
    ],
)
def test_a_bad_row_is_refused_by_its_number_and_nothing_is_written(
    tree, province_user, wave, change, field, message
):
    market, rows = wave
    fields = {**rows[1].__dict__, **change}
    rows[1] = ClosedCaseRow(**fields)
    audits = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        load(tree, province_user, rows)
    assert refused.value.errors.get(field, [""])[0].startswith(message), refused.value.errors
    assert (Case.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count()) == (0, 0, audits)
    assert Cluster.objects.get(pk=market.pk).case_count == 0


def test_two_overlapping_cases_of_one_person_are_refused(tree, province_user, wave):
    _market, rows = wave
    rows.append(row(rows[0].person, D(2021, 10, 5), D(2021, 10, 20)))
    with pytest.raises(DomainError) as refused:
        load(tree, province_user, rows)
    assert refused.value.errors["person"] == [
        "Dòng 4: Người này đã có một ca bệnh chưa kết thúc vào ngày đó."
    ]
