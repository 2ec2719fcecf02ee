"""F1 and F2 are derived from exposures and cases, never typed, and follow the cases as they change."""

import datetime as dt

import pytest

from phaodai.cases import links
from phaodai.cases.reference import CaseBasis, CaseStatus, TestKind
from phaodai.cases.services import case_close
from phaodai.cases.tests.factories import TODAY, register
from phaodai.contacts.graph import refresh_contacts
from phaodai.contacts.models import Contact
from phaodai.contacts.reference import ContactLevel, TraceStatus
from phaodai.contacts.services import contact_mark_reached
from phaodai.contacts.tests.factories import ExposureFactory, expose
from phaodai.core import clock
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


@pytest.fixture
def f0(tree):
    """An active F0 with symptoms from 16/11: transmission from 14/11 (two days before onset)."""
    person = make_person(tree.commune, "Lò Văn Pọm", birth_year=1980)
    return register(person, report_date=D(2021, 11, 18), onset_date=D(2021, 11, 16))


def open_contact(person):
    return Contact.objects.filter(person=person, status__in=[TraceStatus.LISTED, TraceStatus.REACHED]).first()


class TestF1:
    def test_an_exposure_to_an_active_f0_in_its_transmission_period_makes_an_f1(self, tree, f0, commune_user):
        wife = make_person(tree.commune, "Giàng Thị Mai", sex="F")
        expose(f0.person, wife, day=D(2021, 11, 14), actor=commune_user)
        contact = open_contact(wife)
        assert (contact.level, contact.index_case, contact.via) == (ContactLevel.F1, f0, None)
        assert contact.last_exposure_date == D(2021, 11, 14)
        assert contact.status == TraceStatus.LISTED
        assert contact.rules.code == "3638/QĐ-BYT"
        assert contact.unit_path == wife.unit_path
        assert links.contact_level(wife) == "F1"

    def test_an_exposure_before_the_transmission_period_makes_no_f1(self, tree, f0):
        neighbour = make_person(tree.commune, "Vàng A Sủ")
        expose(f0.person, neighbour, day=D(2021, 11, 13))
        assert open_contact(neighbour) is None
        assert links.contact_level(neighbour) is None

    def test_without_onset_the_period_starts_two_days_before_the_sample(self, tree):
        quiet = register(
            make_person(tree.commune, "Lò Văn Pọm"), report_date=D(2021, 11, 19), sample_date=D(2021, 11, 18)
        )
        early, late = make_person(tree.commune, "Vàng A Sủ"), make_person(tree.commune, "Sùng A Páo")
        expose(quiet.person, early, day=D(2021, 11, 15))
        expose(quiet.person, late, day=D(2021, 11, 16))
        assert open_contact(early) is None
        assert open_contact(late).level == ContactLevel.F1

    def test_a_suspected_case_makes_no_f1(self, tree):
        suspected = register(make_person(tree.commune, "Lò Văn Pọm"), test_kind=TestKind.RAT_STAFF)
        assert suspected.status == CaseStatus.SUSPECTED
        neighbour = make_person(tree.commune, "Vàng A Sủ")
        expose(suspected.person, neighbour)
        assert open_contact(neighbour) is None

    def test_an_exposure_named_before_the_source_is_a_case_makes_an_f1_when_the_case_is_registered(
        self, tree
    ):
        source = make_person(tree.commune, "Lò Văn Pọm")
        neighbour = make_person(tree.commune, "Vàng A Sủ")
        exposure = expose(source, neighbour, day=D(2021, 11, 19))
        assert open_contact(neighbour) is None
        case = register(source, onset_date=D(2021, 11, 19))
        assert open_contact(neighbour).index_case == case
        exposure.refresh_from_db()
        assert exposure.source_case == case

    def test_a_refresh_touches_only_the_persons_it_is_given(self, tree, f0):
        first, second = make_person(tree.commune, "Vàng A Sủ"), make_person(tree.commune, "Sùng A Páo")
        ExposureFactory(source=f0.person, contact=first, last_exposure_date=D(2021, 11, 17))
        ExposureFactory(source=f0.person, contact=second, last_exposure_date=D(2021, 11, 17))
        refresh_contacts([first.pk], on=TODAY)
        assert open_contact(first).level == ContactLevel.F1
        assert open_contact(second) is None


class TestF2:
    def test_an_exposure_to_an_f1_makes_an_f2_via_that_f1(self, tree, f0):
        wife = make_person(tree.commune, "Giàng Thị Mai", sex="F")
        colleague = make_person(tree.neighbour_commune, "Vàng A Sủ")
        expose(f0.person, wife, day=D(2021, 11, 17))
        expose(wife, colleague, day=D(2021, 11, 18))
        contact = open_contact(colleague)
        assert (contact.level, contact.index_case, contact.via) == (ContactLevel.F2, f0, wife)
        assert links.contact_level(colleague) == "F2"

    def test_contacts_named_before_their_source_became_an_f1_become_f2_then(self, tree, f0):
        wife = make_person(tree.commune, "Giàng Thị Mai", sex="F")
        colleague = make_person(tree.commune, "Vàng A Sủ")
        expose(wife, colleague, day=D(2021, 11, 18))
        assert open_contact(colleague) is None
        expose(f0.person, wife, day=D(2021, 11, 17))
        assert open_contact(colleague).level == ContactLevel.F2

    def test_no_f2_while_the_version_in_force_no_longer_traces_them(self, tree):
        with clock.pinned(D(2022, 5, 10)):
            case = register(make_person(tree.commune, "Lò Văn Pọm"), report_date=D(2022, 5, 8))
            wife = make_person(tree.commune, "Giàng Thị Mai", sex="F")
            colleague = make_person(tree.commune, "Vàng A Sủ")
            expose(case.person, wife, day=D(2022, 5, 8))
            expose(wife, colleague, day=D(2022, 5, 9))
        contact = open_contact(wife)
        assert (contact.level, contact.rules.code) == (ContactLevel.F1, "1909/BYT-DP")
        assert open_contact(colleague) is None

    def test_an_f2_found_to_be_an_f1_keeps_its_tracing(self, tree, f0, commune_user):
        wife = make_person(tree.commune, "Giàng Thị Mai", sex="F")
        son = make_person(tree.commune, "Lò Văn Dính", birth_year=2005)
        expose(f0.person, wife, day=D(2021, 11, 17))
        expose(wife, son, day=D(2021, 11, 18))
        contact_mark_reached(actor=commune_user, contact=open_contact(son))
        expose(f0.person, son, day=D(2021, 11, 17))
        contact = open_contact(son)
        assert (contact.level, contact.status, contact.via) == (ContactLevel.F1, TraceStatus.REACHED, None)
        assert Contact.objects.filter(person=son).count() == 1


class TestBecomingACase:
    def _f1_with_rapid_test(self, tree, today):
        with clock.pinned(today):
            source = register(
                make_person(tree.commune, "Lò Văn Pọm"), report_date=today - dt.timedelta(days=2)
            )
            wife = make_person(tree.commune, "Giàng Thị Mai", sex="F")
            expose(source.person, wife, day=today - dt.timedelta(days=2))
            case = register(wife, test_kind=TestKind.RAT_STAFF, report_date=today)
        return source, case

    def test_an_f1_with_a_positive_rapid_test_is_an_f0_linked_to_the_source_from_11042_on(self, tree):
        source, case = self._f1_with_rapid_test(tree, D(2022, 1, 5))
        assert (case.status, case.basis) == (CaseStatus.ACTIVE, CaseBasis.RAT_F1)
        case.refresh_from_db()
        assert case.source_case == source
        assert Contact.objects.get(person=case.person).status == TraceStatus.BECAME_CASE
        assert links.contact_level(case.person) is None

    def test_before_11042_the_same_rapid_test_is_only_a_suspected_case(self, tree):
        _, case = self._f1_with_rapid_test(tree, D(2021, 12, 20))
        assert (case.status, case.basis) == (CaseStatus.SUSPECTED, CaseBasis.UNCONFIRMED)

    def test_the_contacts_of_an_f1_who_becomes_an_f0_become_f1_of_the_new_case(self, tree, f0):
        wife = make_person(tree.commune, "Giàng Thị Mai", sex="F")
        son = make_person(tree.commune, "Lò Văn Dính", birth_year=2005)
        expose(f0.person, wife, day=D(2021, 11, 17))
        expose(wife, son, day=D(2021, 11, 19))
        assert open_contact(son).level == ContactLevel.F2
        new_case = register(wife, onset_date=D(2021, 11, 19))
        contact = open_contact(son)
        assert (contact.level, contact.index_case, contact.via) == (ContactLevel.F1, new_case, None)


class TestCaseClosed:
    def test_an_ended_case_makes_no_more_f1_nor_their_f2(self, tree):
        case = register(make_person(tree.commune, "Lò Văn Pọm"), report_date=D(2021, 11, 5))
        wife = make_person(tree.commune, "Giàng Thị Mai", sex="F")
        son = make_person(tree.commune, "Lò Văn Dính", birth_year=2005)
        expose(case.person, wife, day=D(2021, 11, 5))
        expose(wife, son, day=D(2021, 11, 6))
        case_close(actor=None, case=case, outcome=CaseStatus.RECOVERED, on=TODAY, test_negative=True)
        assert open_contact(wife) is None
        assert open_contact(son) is None
        assert set(Contact.objects.filter(person__in=[wife, son]).values_list("status", flat=True)) == {
            TraceStatus.CLEARED
        }

    def test_a_recovered_f0_is_not_made_an_f1_by_those_they_met_while_ill(self, tree):
        father = register(make_person(tree.commune, "Lò Văn Pọm"), report_date=D(2021, 11, 5))
        mother = register(make_person(tree.commune, "Giàng Thị Mai", sex="F"), report_date=D(2021, 11, 6))
        expose(mother.person, father.person, day=D(2021, 11, 6))
        case_close(actor=None, case=father, outcome=CaseStatus.RECOVERED, on=TODAY, test_negative=True)
        assert open_contact(father.person) is None


def test_a_suspected_case_confirmed_later_makes_its_contacts_f1(tree):
    from phaodai.cases.definition import Evidence
    from phaodai.cases.services import case_confirm

    suspected = register(
        make_person(tree.commune, "Lò Văn Pọm"),
        report_date=D(2021, 11, 18),
        onset_date=D(2021, 11, 17),
        test_kind=TestKind.RAT_STAFF,
    )
    assert suspected.status == CaseStatus.SUSPECTED
    neighbour = make_person(tree.commune, "Vàng A Sủ")
    expose(suspected.person, neighbour, day=D(2021, 11, 17))
    assert open_contact(neighbour) is None
    pcr = Evidence(TestKind.PCR, positive=True)
    case_confirm(actor=None, case=suspected, evidence=pcr, on=D(2021, 11, 19))
    assert open_contact(neighbour).level == ContactLevel.F1


def test_an_f1_who_becomes_a_case_joins_the_cluster_of_their_index_case(tree, f0):
    from phaodai.cases.clusters import cluster_assign
    from phaodai.cases.tests.factories import make_cluster

    cluster = make_cluster(tree.commune, opened_on=D(2021, 11, 18))
    cluster_assign(actor=None, case=f0, cluster=cluster)
    wife = make_person(tree.commune, "Giàng Thị Mai", sex="F")
    expose(f0.person, wife, day=D(2021, 11, 17))
    case = register(wife, report_date=D(2021, 11, 19))
    case.refresh_from_db()
    cluster.refresh_from_db()
    assert (case.source_case, case.cluster) == (f0, cluster)
    assert cluster.case_count == 2
