"""Taking samples and reporting self-tests: what is kept, what is refused, nothing half-saved."""

import pytest

from phaodai.core.errors import DomainError
from phaodai.diagnostics.models import Sample
from phaodai.diagnostics.reference import Reporter, SampleKind
from phaodai.diagnostics.tests.factories import everywhere, hours_ago, make_lab, take
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(tree):
    return make_person(tree.village, "Lò Văn Pọm")


def test_it_keeps_a_pcr_sample_with_its_lab_and_taker(tree, person, commune_user):
    lab = make_lab(tree.province)
    sample = take(person, SampleKind.PCR_SINGLE, lab=lab, actor=commune_user)
    assert (sample.unit_path, sample.lab, sample.taken_by, sample.resulted) == (
        person.unit_path,
        lab,
        commune_user,
        False,
    )


def test_a_self_test_keeps_who_reported_it_and_no_taker(person, commune_user):
    sample = take(
        person,
        SampleKind.RAT_SELF,
        actor=commune_user,
        reporter=Reporter.RELATIVE,
        reporter_name="Lò Thị Dung",
        reporter_phone="0912345678",
    )
    assert (sample.reporter, sample.reporter_name, sample.taken_by) == (
        Reporter.RELATIVE,
        "Lò Thị Dung",
        None,
    )


def test_it_refuses_a_self_test_reported_by_someone_unnamed(person):
    with pytest.raises(DomainError) as error:
        take(person, SampleKind.RAT_SELF, reporter=Reporter.RELATIVE)
    assert error.value.errors == {"reporter_name": ["Nhập họ tên người báo kết quả tự test."]}


@pytest.mark.parametrize("kind", [SampleKind.RAT_SELF, SampleKind.PCR_SINGLE])
def test_it_refuses_a_sample_or_self_test_in_the_future(person, kind):
    with pytest.raises(DomainError) as error:
        take(person, kind, taken_at=hours_ago(-24))
    assert error.value.errors["taken_at"] == ["Thời điểm lấy mẫu (hoặc tự test) không được ở tương lai."]
    assert not Sample.objects.exists()


def test_it_refuses_a_person_outside_the_jurisdiction(tree, person):
    with pytest.raises(DomainError) as error:
        take(person, jurisdiction=everywhere(tree.other_commune))
    assert error.value.errors["person"] == ["Người này không thuộc địa bàn bạn quản lý."]


def test_it_reads_a_naive_time_as_local_time(person):
    naive = hours_ago(2).replace(tzinfo=None)  # local wall-clock time
    sample = take(person, taken_at=naive)
    assert sample.taken_at.utcoffset() is not None
