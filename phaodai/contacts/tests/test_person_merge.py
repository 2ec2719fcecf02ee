"""Merging two records of one person: edges, F1 levels and chains follow without clashes; impossible
merges are refused before anything moves."""

import pytest

from phaodai.cases.tests.factories import TODAY, register
from phaodai.contacts.models import Chain, ChainNode, Contact, Exposure
from phaodai.contacts.tests.factories import expose
from phaodai.core import clock
from phaodai.core.errors import ConflictError
from phaodai.people.models import DuplicateReview, Person, ReviewDecision
from phaodai.people.services import duplicate_resolve
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


@pytest.fixture
def records(tree):
    """The same man registered twice (the older record is kept), and a case."""
    kept = make_person(tree.commune, "Giàng A Páo", birth_year=1990)
    duplicate = make_person(tree.village, "Giàng A Páo", birth_year=1990)
    case = register(make_person(tree.commune, "Lò Văn Pọm", birth_year=1970))
    return kept, duplicate, case


def merge():
    duplicate_resolve(actor=None, review=DuplicateReview.objects.get(), decision=ReviewDecision.SAME)


def test_the_kept_record_becomes_the_f1_the_duplicate_was_and_takes_its_place_in_the_chain(records):
    kept, duplicate, case = records
    expose(case.person, duplicate, day=TODAY)
    merge()
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert Contact.objects.get(person=kept).level == "F1"
    node = ChainNode.objects.get(person=kept)
    assert set(ChainNode.objects.filter(chain_id=node.chain_id).values_list("person_id", flat=True)) == {
        case.person_id,
        kept.pk,
    }
    assert Chain.objects.get(pk=node.chain_id).size == 2


def test_the_same_edge_typed_on_both_records_is_kept_once_and_two_chains_become_one(records, tree):
    kept, duplicate, case = records
    expose(case.person, kept, day=TODAY)
    expose(case.person, duplicate, day=TODAY)
    other = register(make_person(tree.commune, "Vàng Thị Dợ", birth_year=1985))
    expose(other.person, duplicate, day=TODAY)
    merge()
    assert Exposure.objects.filter(source=case.person, contact=kept).count() == 1
    assert Exposure.objects.filter(source=other.person, contact=kept).count() == 1
    chains = set(ChainNode.objects.values_list("chain_id", flat=True))
    assert len(chains) == 1
    chain = Chain.objects.get(pk=chains.pop())
    assert (chain.size, chain.case_count) == (3, 2)


def test_two_records_exposed_to_each_other_are_not_merged(records):
    kept, duplicate, _case = records
    expose(kept, duplicate, day=TODAY)
    with pytest.raises(ConflictError, match="tiếp xúc với nhau"):
        merge()
    assert Person.objects.filter(pk=duplicate.pk).exists()
    assert DuplicateReview.objects.get().resolved_at is None


def test_two_records_each_with_an_open_case_are_not_merged(records):
    kept, duplicate, _case = records
    register(kept)
    register(duplicate)
    with pytest.raises(ConflictError, match="Cả hai hồ sơ đều đang có ca bệnh"):
        merge()
    assert Person.objects.filter(pk=duplicate.pk).exists()
