"""Chains: components kept incrementally (the smaller relabelled in one UPDATE), read capped and paged, and
cut to the jurisdiction (people outside counted, never named)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phaodai.cases.reference import CaseStatus, TestKind
from phaodai.cases.services import case_close
from phaodai.cases.tests.factories import TODAY, make_cluster, register
from phaodai.contacts.graph import chain_of, cluster_graph, link
from phaodai.contacts.models import Chain, ChainNode
from phaodai.contacts.tests.factories import expose
from phaodai.core import clock
from phaodai.core.scoping import Jurisdiction
from phaodai.geo.signals import units_restamped
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
D = dt.date
NAMES = ["Lò Văn Pọm", "Giàng Thị Mai", "Vàng A Sủ", "Sùng A Páo", "Lò Thị Ún", "Tẩn Láo Lở", "Chảo Láo Sử"]


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


@pytest.fixture
def people(tree):
    return [make_person(tree.commune, name, birth_year=1970 + i) for i, name in enumerate(NAMES)]


def chain_id(person) -> int:
    return ChainNode.objects.get(person=person).chain_id


class TestMaintenance:
    def test_an_edge_between_two_new_persons_makes_a_chain_of_two(self, people):
        chain = link(people[0], people[1])
        assert (chain.size, chain.case_count) == (2, 0)
        assert chain_id(people[0]) == chain_id(people[1]) == chain.pk

    def test_an_edge_joining_two_chains_relabels_the_smaller_in_one_update(self, people):
        a, b, c, d, e = people[:5]
        register(a)
        register(d)
        small = link(a, b)
        large = link(c, d)
        link(d, e)
        with CaptureQueriesContext(connection) as queries:
            merged = link(b, c)
        relabels = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "contacts_chainnode"')]
        assert len(relabels) == 1
        assert merged.pk == large.pk
        assert not Chain.objects.filter(pk=small.pk).exists()
        assert {chain_id(p) for p in (a, b, c, d, e)} == {large.pk}
        large.refresh_from_db()
        assert (large.size, large.case_count) == (5, 2)

    def test_an_edge_inside_one_chain_changes_nothing(self, people):
        chain = link(people[0], people[1])
        link(people[1], people[2])
        link(people[2], people[0])
        chain.refresh_from_db()
        assert chain.size == 3

    def test_the_case_count_follows_new_cases_in_the_chain_and_ruled_out_ones(self, people):
        expose(people[0], people[1])
        register(people[1])
        suspected = register(people[0], test_kind=TestKind.RAT_STAFF)
        assert Chain.objects.get().case_count == 2
        case_close(actor=None, case=suspected, outcome=CaseStatus.DISCARDED, on=TODAY)
        assert Chain.objects.get().case_count == 1

    def test_nodes_follow_their_person_when_units_are_restamped(self, people, tree):
        expose(people[0], people[1])
        Person.objects.filter(pk=people[1].pk).update(unit=tree.village, unit_path=tree.village.path)
        units_restamped.send(sender=None, unit_paths=[tree.commune.path])
        assert ChainNode.objects.get(person=people[1]).unit_path == tree.village.path


class TestReading:
    def test_the_chain_is_capped_and_paged_with_the_person_first(self, people, tree):
        hub = people[3]
        for other in people:
            if other != hub:
                expose(hub, other)
        jurisdiction = Jurisdiction.of([tree.commune.path])
        first = chain_of(people[0], jurisdiction=jurisdiction, limit=3)
        assert (first.total, first.shown, first.hidden, first.next_offset) == (7, 3, 0, 3)
        assert first.nodes[0].person_id == people[0].pk
        assert first.nodes[0].root
        last = chain_of(people[0], jurisdiction=jurisdiction, limit=3, offset=6)
        assert (last.shown, last.next_offset, last.previous_offset) == (1, None, 3)
        pages = [chain_of(people[0], jurisdiction=jurisdiction, limit=3, offset=o) for o in (0, 3, 6)]
        seen = [n.person_id for page in pages for n in page.nodes]
        assert len(seen) == len(set(seen)) == len(people)
        assert set(seen) == {p.pk for p in people}

    def test_edges_and_depth_are_those_of_the_page(self, people, tree):
        f0 = register(people[0], report_date=D(2021, 11, 18))
        expose(f0.person, people[1], day=D(2021, 11, 18))
        expose(people[1], people[2], day=D(2021, 11, 19))
        graph = chain_of(people[0], jurisdiction=Jurisdiction.of([tree.commune.path]))
        levels = {n.person_id: (n.level, n.depth) for n in graph.nodes}
        assert levels == {people[0].pk: ("F0", 0), people[1].pk: ("F1", 1), people[2].pk: ("F2", 2)}
        assert {(e.source, e.contact) for e in graph.edges} == {
            (people[0].pk, people[1].pk),
            (people[1].pk, people[2].pk),
        }

    def test_persons_outside_the_jurisdiction_are_one_anonymous_count(self, people, tree):
        outsiders = [
            make_person(tree.other_commune, "Hờ A Chứ"),
            make_person(tree.other_commune, "Lý Thị Sen"),
        ]
        for outsider in outsiders:
            expose(people[0], outsider)
        graph = chain_of(people[0], jurisdiction=Jurisdiction.of([tree.commune.path]))
        assert (graph.total, graph.hidden) == (1, 2)
        anonymous = [n for n in graph.nodes if n.person_id is None]
        assert len(anonymous) == 1
        assert anonymous[0].count == 2
        assert "Hờ A Chứ" not in repr(graph)
        assert "Lý Thị Sen" not in repr(graph)
        assert {(e.source, e.contact) for e in graph.edges} == {(people[0].pk, None)}

    def test_a_person_in_no_chain_is_a_chain_of_one(self, people, tree):
        graph = chain_of(people[0], jurisdiction=Jurisdiction.of([tree.commune.path]))
        assert [(n.person_id, n.root) for n in graph.nodes] == [(people[0].pk, True)]
        assert (graph.total, graph.hidden, graph.edges) == (1, 0, [])

    def test_a_cluster_graph_is_the_chains_of_its_cases(self, people, tree):
        cluster = make_cluster(tree.commune)
        first = register(people[0], cluster=cluster)
        lonely = register(people[1], cluster=cluster)
        expose(first.person, people[2])
        expose(people[5], people[6])  # another chain, not the cluster's
        graph = cluster_graph(cluster, jurisdiction=Jurisdiction.of([tree.commune.path]))
        assert {n.person_id for n in graph.nodes} == {people[0].pk, lonely.person_id, people[2].pk}
        assert {n.person_id for n in graph.nodes if n.root} == {people[0].pk, people[1].pk}
        assert graph.total == 3

    def test_a_cluster_without_cases_is_an_empty_graph(self, tree):
        graph = cluster_graph(make_cluster(tree.commune), jurisdiction=Jurisdiction.of([tree.commune.path]))
        assert (graph.nodes, graph.edges, graph.total, graph.hidden) == ([], [], 0, 0)

    def test_reading_a_chain_takes_a_fixed_number_of_queries(
        self, people, tree, django_assert_max_num_queries
    ):
        for other in people[1:]:
            expose(people[0], other)
        with django_assert_max_num_queries(7):
            graph = chain_of(people[0], jurisdiction=Jurisdiction.of([tree.commune.path]))
        assert graph.shown == 7
