"""Recording a result: the sample closes, turnaround is kept, and the bad inputs are refused whole."""

import pytest

from phaodai.core.errors import DomainError
from phaodai.core.models import AuditEvent
from phaodai.diagnostics.models import Result, Sample
from phaodai.diagnostics.reference import Outcome, SampleKind
from phaodai.diagnostics.tests.factories import everywhere, hours_ago, make_lab, record, take
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(tree):
    return make_person(tree.village, "Lò Văn Pọm")


@pytest.fixture
def lab(tree):
    return make_lab(tree.province)


def test_a_result_closes_the_sample_and_keeps_its_turnaround(person, lab):
    sample = take(person, lab=lab, taken_at=hours_ago(30))
    result = record(sample, Outcome.NEGATIVE, resulted_at=hours_ago(6))
    sample.refresh_from_db()
    assert sample.resulted
    assert (result.lab, result.turnaround_minutes, result.unit_path) == (lab, 24 * 60, person.unit_path)
    assert AuditEvent.objects.filter(entity="diagnostics.result", entity_id=str(result.pk)).exists()


def test_it_refuses_a_result_before_the_sample_was_taken(person, lab):
    sample = take(person, lab=lab, taken_at=hours_ago(3))
    with pytest.raises(DomainError) as error:
        record(sample, Outcome.NEGATIVE, resulted_at=hours_ago(5))
    assert error.value.errors["resulted_at"][0].startswith(
        "Thời điểm có kết quả không được trước lúc lấy mẫu"
    )
    assert not Result.objects.exists()


def test_it_refuses_a_result_in_the_future(person, lab):
    sample = take(person, lab=lab)
    with pytest.raises(DomainError) as error:
        record(sample, Outcome.NEGATIVE, resulted_at=hours_ago(-2))
    assert error.value.errors["resulted_at"] == ["Thời điểm có kết quả không được ở tương lai."]


def test_it_refuses_a_second_result_on_a_closed_sample(person, lab):
    sample = take(person, lab=lab)
    record(sample, Outcome.NEGATIVE)
    with pytest.raises(DomainError) as error:
        record(sample, Outcome.POSITIVE)
    assert error.value.errors["sample"] == ["Mẫu này đã có kết quả: lấy mẫu mới để xét nghiệm lại."]
    assert Result.objects.get().outcome == Outcome.NEGATIVE


def test_it_refuses_a_result_for_a_sample_never_taken(tree, person, lab):
    never_taken = Sample(
        person=person, unit=person.unit, unit_path=person.unit_path, kind=SampleKind.PCR_SINGLE
    )
    never_taken.taken_at = hours_ago(3)
    with pytest.raises(DomainError) as error:
        record(never_taken, Outcome.POSITIVE, lab=lab)
    assert error.value.errors == {"sample": ["Chưa có mẫu: phải lấy mẫu trước khi nhập kết quả."]}
    assert not Result.objects.exists()


def test_a_pcr_result_names_its_lab(person):
    sample = take(person)
    with pytest.raises(DomainError) as error:
        record(sample, Outcome.NEGATIVE)
    assert error.value.errors == {"lab": ["Chọn phòng xét nghiệm RT-PCR."]}


def test_a_lab_outside_the_area_may_not_record_for_it(tree, person, lab):
    sample = take(person, lab=lab)
    with pytest.raises(DomainError) as error:
        record(sample, Outcome.NEGATIVE, jurisdiction=everywhere(tree.other_district))
    assert error.value.errors["sample"] == ["Mẫu này không thuộc địa bàn bạn quản lý."]
