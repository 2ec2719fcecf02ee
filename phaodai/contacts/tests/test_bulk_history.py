"""A closed history loaded set-based leaves the rows the per-row services leave for the same story.

The story is played twice on the same persons: through ``case_register``, ``exposures_add`` and
``case_close`` with the clock pinned on each day, then (everything derived wiped) through
``cases_bulk_load`` and ``exposures_bulk_load``. Cases, timelines, exposures, F1/F2 rows, chains and
cluster counters must come out the same.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from phaodai.cases.bulk import ClosedCaseRow, cases_bulk_load
from phaodai.cases.clusters import cluster_create
from phaodai.cases.models import Case, CaseEvent, Cluster
from phaodai.cases.reference import CaseStatus, ClusterSetting
from phaodai.cases.services import case_close, case_register
from phaodai.cases.tests.factories import case_input
from phaodai.contacts.bulk import Naming, components, exposures_bulk_load
from phaodai.contacts.models import Chain, ChainNode, Contact, Exposure
from phaodai.contacts.reference import ExposureSetting, TraceStatus
from phaodai.contacts.services import Named, exposures_add
from phaodai.core import clock
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
D = dt.date
HOUSE, WORK = ExposureSetting.HOUSEHOLD, ExposureSetting.WORKPLACE


@dataclass(frozen=True)
class Story:
    """Who fell ill when (and from whom), who named whom: one input for both paths."""

    # (person, report day, onset day, source person or None, outcome day, minute of registration)
    cases: tuple[tuple[str, dt.date, dt.date | None, str | None, dt.date, int], ...]
    # (source, day, minute, named [(person, setting)], last exposure day)
    namings: tuple[tuple[str, dt.date, int, tuple[tuple[str, str], ...], dt.date], ...]


STORY = Story(
    cases=(
        ("An", D(2021, 10, 1), D(2021, 9, 30), None, D(2021, 10, 15), 0),
        ("Bình", D(2021, 10, 3), None, "An", D(2021, 10, 17), 0),
        ("Dũng", D(2021, 10, 20), D(2021, 10, 19), None, D(2021, 11, 1), 0),
        ("Giang", D(2021, 10, 20), None, None, D(2021, 11, 2), 5),
    ),
    namings=(
        # An names her household and a colleague; Kim is also named by the colleague, an F1
        (
            "An",
            D(2021, 10, 1),
            0,
            (("Bình", HOUSE), ("Chi", HOUSE), ("Em", WORK), ("Kim", WORK)),
            D(2021, 9, 30),
        ),
        ("Em", D(2021, 10, 2), 30, (("Hà", WORK), ("Kim", WORK)), D(2021, 10, 2)),  # F2 via an F1
        ("Bình", D(2021, 10, 3), 0, (("Chi", HOUSE), ("Phúc", ExposureSetting.OTHER)), D(2021, 10, 2)),
        # Bình was still ill on 16/10: that meeting does not count; Chi's does
        ("Dũng", D(2021, 10, 20), 0, (("Bình", HOUSE), ("Chi", HOUSE)), D(2021, 10, 16)),
        ("Giang", D(2021, 10, 20), 10, (("Chi", WORK), ("Dũng", WORK)), D(2021, 10, 19)),
    ),
)
LAST_DAY = D(2021, 11, 20)


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def people(tree):
    names = {name for case in STORY.cases for name in (case[0],)} | {
        name for naming in STORY.namings for name in (naming[0], *(p for p, _s in naming[3]))
    }
    return {name: make_person(tree.commune, f"Lò Thị {name}", birth_year=1985) for name in sorted(names)}


@pytest.fixture
def cluster(tree, province_user):
    return cluster_create(
        actor=province_user, jurisdiction=Jurisdiction.of([tree.province.path]), name="Ổ dịch chợ Dào San",
        setting=ClusterSetting.MARKET, unit=tree.commune, opened_on=D(2021, 10, 1),
    )  # fmt: skip


def _events(story: Story) -> list[tuple[dt.datetime, str, Any]]:
    events: list[tuple[dt.datetime, str, Any]] = []
    for case in story.cases:
        events.append((_at(case[1], 9, case[5]), "open", case))
        events.append((_at(case[4], 15, case[5]), "close", case))
    events += [(_at(n[1], 10, n[2]), "name", n) for n in story.namings]
    return sorted(events, key=lambda event: event[0])


def play_per_row(story: Story, people, cluster, actor, jurisdiction) -> None:
    cases: dict[str, Case] = {}
    for at, kind, item in _events(story):
        with clock.pinned(at.date()):
            if kind == "open":
                name, report, onset, source, _end, _minute = item
                data = case_input(
                    people[name], report_date=report, onset_date=onset, sample_date=report,
                    source_case=cases[source] if source else None, cluster=None if source else cluster,
                )  # fmt: skip
                cases[name] = case_register(actor=actor, jurisdiction=jurisdiction, data=data)
            elif kind == "close":
                case = Case.objects.get(pk=cases[item[0]].pk)
                case_close(
                    actor=actor, case=case, outcome=CaseStatus.RECOVERED, on=item[4], test_negative=True
                )
            else:
                source, _day, _minute, named, last = item
                exposures_add(
                    actor=actor, jurisdiction=jurisdiction, source=people[source],
                    named=[Named(people[p], setting) for p, setting in named], last_exposure_date=last,
                )  # fmt: skip


def load_in_bulk(story: Story, people, cluster, actor, jurisdiction) -> None:
    index = {case[0]: i for i, case in enumerate(story.cases)}
    rows = [
        ClosedCaseRow(
            person=people[name],
            report_date=report,
            registered_at=_at(report, 9, minute),
            outcome=CaseStatus.RECOVERED,
            outcome_date=end,
            closed_at=_at(end, 15, minute),
            onset_date=onset,
            sample_date=report,
            source=index[source] if source else None,
            cluster=None if source else Cluster.objects.get(pk=cluster.pk),
        )
        for name, report, onset, source, end, minute in story.cases
    ]
    namings = [
        Naming(
            at=_at(day, 10, minute),
            source_id=people[source].pk,
            named=tuple((people[p].pk, setting) for p, setting in named),
            last_exposure_date=last,
        )
        for source, day, minute, named, last in story.namings
    ]
    with clock.pinned(LAST_DAY):
        cases_bulk_load(actor=actor, jurisdiction=jurisdiction, rows=rows, summary="Đợt 1")
        exposures_bulk_load(actor=actor, jurisdiction=jurisdiction, namings=namings, summary="Đợt 1")


def snapshot(people) -> dict[str, object]:
    """Everything the two paths write, by person name (the ids differ between the two runs)."""
    name = {p.pk: n for n, p in people.items()}
    case_person = dict(Case.objects.values_list("pk", "person_id"))

    def of_case(pk):
        return name[case_person[pk]] if pk else None

    local = timezone.localdate
    return {
        "cases": sorted(
            (
                name[c.person_id],
                c.status,
                c.basis,
                c.definition_rules_id,
                c.severity,
                c.severity_rules_id,
                c.home_care_eligible,
                c.home_care_rules_id,
                tuple(c.home_care_reasons),
                tuple(c.risk_flags),
                c.risk_score,
                of_case(c.source_case_id),
                c.cluster_id,
                c.report_date,
                c.outcome_date,
                c.release_rules_id,
                local(c.created_at),
                local(c.updated_at),
            )
            for c in Case.objects.all()
        ),
        "events": sorted(
            (of_case(e.case_id), e.kind, e.summary, str(e.details), local(e.at))
            for e in CaseEvent.objects.all()
        ),
        "exposures": sorted(
            (
                name[e.source_id],
                name[e.contact_id],
                e.setting,
                e.last_exposure_date,
                of_case(e.source_case_id),
                e.unit_path,
                local(e.created_at),
            )
            for e in Exposure.objects.all()
        ),
        "contacts": sorted(
            (
                name[c.person_id],
                c.level,
                of_case(c.index_case_id),
                name.get(c.via_id),
                c.last_exposure_date,
                c.status,
                c.rules_id,
                c.unit_path,
                local(c.listed_at),
                c.closed_at and local(c.closed_at),
            )
            for c in Contact.objects.all()
        ),
        "chains": sorted(
            (tuple(sorted(name[n.person_id] for n in chain.nodes.all())), chain.size, chain.case_count)
            for chain in Chain.objects.all()
        ),
        "clusters": list(Cluster.objects.values_list("case_count", "last_case_on")),
    }


def wipe() -> None:
    Contact.objects.all().delete()
    Exposure.objects.all().delete()
    ChainNode.objects.all().delete()
    Chain.objects.all().delete()
    Case.objects.all().delete()
    Cluster.objects.update(case_count=0, last_case_on=None)


def test_a_bulk_loaded_history_equals_the_same_story_through_the_services(
    tree, people, cluster, province_user
):
    jurisdiction = Jurisdiction.of([tree.province.path])
    play_per_row(STORY, people, cluster, province_user, jurisdiction)
    by_services = snapshot(people)
    wipe()
    load_in_bulk(STORY, people, cluster, province_user, jurisdiction)
    in_bulk = snapshot(people)
    for table in by_services:
        assert in_bulk[table] == by_services[table], table


def test_the_story_exercises_every_transition(tree, people, cluster, province_user):
    """Guards the comparison above against a story too simple to tell the two paths apart."""
    load_in_bulk(STORY, people, cluster, province_user, Jurisdiction.of([tree.province.path]))
    rows = {
        (c.person.full_name.split()[-1], c.level, c.status) for c in Contact.objects.select_related("person")
    }
    assert ("Bình", "F1", TraceStatus.BECAME_CASE) in rows
    assert ("Hà", "F2", TraceStatus.CLEARED) in rows
    assert ("Kim", "F1", TraceStatus.CLEARED) in rows
    assert ("Kim", "F2", TraceStatus.LISTED) in rows
    chi = Contact.objects.filter(person=people["Chi"]).order_by("listed_at")
    assert [c.index_case.person.full_name for c in chi] == ["Lò Thị Bình", "Lò Thị Giang"]
    assert not Contact.objects.filter(person=people["Bình"], index_case__person=people["Dũng"]).exists()
    assert Chain.objects.count() == 1
    assert Chain.objects.get().size == len(people)


def test_services_adding_edges_later_merge_into_the_loaded_chains(tree, people, cluster, province_user):
    jurisdiction = Jurisdiction.of([tree.province.path])
    load_in_bulk(STORY, people, cluster, province_user, jurisdiction)
    newcomer = make_person(tree.commune, "Vàng A Sủ")
    stranger = make_person(tree.commune, "Sùng Thị Dua")
    with clock.pinned(LAST_DAY):
        case = case_register(actor=province_user, jurisdiction=jurisdiction, data=case_input(newcomer))
        exposures_add(
            actor=province_user, jurisdiction=jurisdiction, source=newcomer,
            named=[Named(people["Chi"], HOUSE), Named(stranger, WORK)], last_exposure_date=LAST_DAY,
        )  # fmt: skip
    expected = components(Exposure.objects.values_list("source_id", "contact_id"))
    found: dict[int, list[int]] = {}
    for person, chain in ChainNode.objects.order_by("person_id").values_list("person_id", "chain_id"):
        found.setdefault(chain, []).append(person)
    assert sorted(found.values()) == expected
    chain = Chain.objects.get()
    with_case = Case.objects.exclude(status=CaseStatus.DISCARDED).values("person_id").distinct().count()
    assert (chain.size, chain.case_count) == (len(people) + 2, with_case)
    assert Contact.objects.get(person=people["Chi"], status=TraceStatus.LISTED).index_case == case


def test_reached_after_marks_each_listing_reached_while_it_is_still_listed(
    tree, people, cluster, province_user
):
    first = ClosedCaseRow(
        person=people["An"], report_date=D(2021, 10, 1), registered_at=_at(D(2021, 10, 1), 9, 0),
        outcome=CaseStatus.RECOVERED, outcome_date=D(2021, 10, 15), closed_at=_at(D(2021, 10, 15), 15, 0),
        cluster=cluster,
    )  # fmt: skip
    jurisdiction = Jurisdiction.of([tree.province.path])
    cases_bulk_load(actor=province_user, jurisdiction=jurisdiction, summary="Đợt 1", rows=[first])
    source, day, minute, named, last = STORY.namings[0]
    naming = Naming(_at(day, 10, minute), people[source].pk, tuple((people[p].pk, s) for p, s in named), last)
    exposures_bulk_load(
        actor=province_user,
        jurisdiction=jurisdiction,
        summary="Đợt 1",
        reached_after=dt.timedelta(hours=6),
        namings=[naming],
    )
    contacts = Contact.objects.all()
    assert contacts.count() == 4
    for contact in contacts:
        assert contact.reached_at == contact.listed_at + dt.timedelta(hours=6)
        assert contact.reached_by == province_user
        assert contact.status == TraceStatus.CLEARED
        assert contact.closed_at > contact.reached_at


def test_it_refuses_persons_already_in_the_graph_and_writes_nothing(tree, people, province_user):
    jurisdiction = Jurisdiction.of([tree.province.path])
    exposures_add(
        actor=province_user, jurisdiction=jurisdiction, source=people["An"],
        named=[Named(people["Bình"], HOUSE)], last_exposure_date=clock.today(),
    )  # fmt: skip
    audits = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        exposures_bulk_load(
            actor=province_user, jurisdiction=Jurisdiction.of([tree.province.path]), summary="Đợt 1",
            namings=[Naming(clock.now(), people["Chi"].pk, ((people["Bình"].pk, HOUSE),), clock.today())],
        )  # fmt: skip
    assert "Lò Thị Bình" in refused.value.message
    assert (Exposure.objects.count(), AuditEvent.objects.count()) == (1, audits)


def test_it_refuses_a_contact_of_oneself_naming_the_row(tree, people, province_user):
    with pytest.raises(DomainError) as refused:
        exposures_bulk_load(
            actor=province_user, jurisdiction=Jurisdiction.of([tree.province.path]), summary="Đợt 1",
            namings=[Naming(clock.now(), people["An"].pk, ((people["An"].pk, HOUSE),), clock.today())],
        )  # fmt: skip
    assert refused.value.errors["contact"] == ["Dòng 1: Một người không thể là tiếp xúc của chính mình."]
    assert not Exposure.objects.exists()


def test_it_refuses_persons_outside_the_jurisdiction(tree, people, province_user):
    stranger = make_person(tree.other_commune, "Sùng Thị Dua")
    with pytest.raises(DomainError) as refused:
        exposures_bulk_load(
            actor=province_user, jurisdiction=Jurisdiction.of([tree.commune.path]), summary="Đợt 1",
            namings=[Naming(clock.now(), people["An"].pk, ((stranger.pk, HOUSE),), clock.today())],
        )  # fmt: skip
    assert refused.value.errors["person"] == ["Sùng Thị Dua không thuộc địa bàn bạn quản lý."]
    assert not Exposure.objects.exists()


def test_components_are_the_connected_parts_of_the_edges():
    assert components([(5, 3), (3, 9), (2, 7), (9, 5), (11, 11)]) == [[2, 7], [3, 5, 9], [11]]
