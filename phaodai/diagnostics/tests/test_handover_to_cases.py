"""A positive result goes to the case registry after commit; the definition in force decides F0 or
suspected, and the result keeps the link."""

import pytest
from django.utils import timezone

from phaodai.cases import links
from phaodai.cases.models import Case
from phaodai.cases.reference import CaseBasis, CaseStatus, TestKind
from phaodai.cases.rulesets import DEFINITION
from phaodai.core.models import RuleSet
from phaodai.diagnostics.reference import Handover, Outcome, SampleKind
from phaodai.diagnostics.tests.factories import make_lab, rapid_kit, record, stock, take
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(tree):
    return make_person(tree.village, "Lò Văn Pọm")


@pytest.fixture
def lab(tree):
    return make_lab(tree.province)


def _positive(sample, captured, **fields):
    with captured(execute=True) as callbacks:
        result = record(sample, Outcome.POSITIVE, **fields)
    assert len(callbacks) == 1
    result.refresh_from_db()
    return result


def test_nothing_reaches_the_cases_before_commit(person, lab, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record(take(person, lab=lab), Outcome.POSITIVE)
    assert len(callbacks) == 1
    assert not Case.objects.exists()


def test_a_positive_pcr_registers_an_f0_linked_to_the_result(person, lab, django_capture_on_commit_callbacks):
    sample = take(person, lab=lab)
    result = _positive(sample, django_capture_on_commit_callbacks)
    case = Case.objects.get(person=person)
    assert (case.status, case.basis, case.test_kind) == (CaseStatus.ACTIVE, CaseBasis.PCR, TestKind.PCR)
    assert case.sample_date == timezone.localdate(sample.taken_at)
    assert (result.case, result.handover) == (case, Handover.REGISTERED)


def test_a_positive_rapid_test_alone_makes_a_suspected_case(tree, person, django_capture_on_commit_callbacks):
    kit = rapid_kit()
    stock(tree.commune, kit, 3)
    result = _positive(take(person, SampleKind.RAT_STAFF, kit=kit), django_capture_on_commit_callbacks)
    assert (result.case.status, result.case.basis) == (CaseStatus.SUSPECTED, CaseBasis.UNCONFIRMED)


def test_a_positive_pcr_confirms_the_suspected_case(person, lab, django_capture_on_commit_callbacks):
    first = _positive(take(person, SampleKind.RAT_SELF), django_capture_on_commit_callbacks)
    second = _positive(take(person, lab=lab), django_capture_on_commit_callbacks)
    case = Case.objects.get(person=person)
    assert (case.status, case.basis) == (CaseStatus.ACTIVE, CaseBasis.PCR)
    assert (first.case, second.case, second.handover) == (case, case, Handover.CONFIRMED)


def test_an_f1_with_a_positive_rapid_test_is_an_f0_under_11042(
    settings, person, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PHAODAI_TODAY = "2022-02-15"
    monkeypatch.setattr(links, "_lookup", [lambda who: "F1" if who.pk == person.pk else None])
    result = _positive(take(person, SampleKind.RAT_SELF), django_capture_on_commit_callbacks)
    assert (result.case.status, result.case.basis) == (CaseStatus.ACTIVE, CaseBasis.RAT_F1)
    assert result.case.definition_rules.code == "11042/BYT-DP"


def test_a_negative_result_hands_nothing_over(person, lab, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record(take(person, lab=lab), Outcome.NEGATIVE)
    assert callbacks == []
    assert not Case.objects.exists()


def test_a_refusal_by_the_registry_is_kept_on_the_result(person, lab, django_capture_on_commit_callbacks):
    RuleSet.objects.filter(kind=DEFINITION).delete()  # no case definition in force
    result = _positive(take(person, lab=lab), django_capture_on_commit_callbacks)
    assert (result.case, result.handover) == (None, Handover.FAILED)
    assert result.handover_note.startswith("Chưa có bộ quy tắc «Định nghĩa ca bệnh F0»")
