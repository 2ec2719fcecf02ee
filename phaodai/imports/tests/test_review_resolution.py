"""Resolving the rows an import sent to review: the right person picked among the candidates, or a new
person, then the resolved rows imported through the batch's own writer, once, with the batch's counts and
its file of outcomes up to date; nothing of it for someone outside the area or without the kind's right."""

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import UserFactory
from phaodai.core.models import AuditEvent
from phaodai.imports.models import ImportBatch, RowStatus, StagedRow
from phaodai.imports.tests.conftest import csv_bytes
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person
from phaodai.vaccination.models import Dose, VaccinationStatus
from phaodai.vaccination.tests.factories import vaccine_lot

pytestmark = pytest.mark.django_db

DOSES = "Mui so,Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã,Vắc xin,Số lô,Ngày tiêm"
NAMESAKE = "1,Sùng A Tủa,12/04/1988,Nam,,03412,Vero Cell,VC-2109,02/09/2021"
NEWCOMER = "1,Vàng Thị Dính,05/03/1985,Nữ,,03412,Vero Cell,VC-2109,03/09/2021"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def lot(tree):
    return vaccine_lot(tree.commune, "VC", number="VC-2109")


@pytest.fixture
def namesake(tree):
    """Registered without a birth date: a file row of the same name and year cannot be matched for sure."""
    return make_person(tree.commune, "Sùng A Tủa", birth_year=1988)


@pytest.fixture
def dose_batch(tree, district_user, lot, namesake, run_import):
    """Row 2 waits for review; row 3 (a new person) was imported with the batch."""
    batch = run_import(district_user, csv_bytes(DOSES, NAMESAKE, NEWCOMER))
    assert (batch.rows_review, batch.rows_done, batch.persons_created) == (1, 1, 1)
    return batch


def _resolve(user, batch, choice, **headers):
    return client_for(user).post(reverse("imports:review", args=[batch.pk]), {"row-2": choice}, **headers)


def _status(batch, number):
    return StagedRow.objects.get(batch=batch, number=number).status


def test_picking_the_candidate_imports_the_row_for_that_person(district_user, dose_batch, namesake):
    response = _resolve(district_user, dose_batch, namesake.pk, **HTMX)
    assert response.status_code == 200
    assert "Đã xử lý 1 dòng cần xem lại." in response.content.decode()
    assert Dose.objects.filter(person=namesake).count() == 1
    assert Dose.objects.count() == 2  # the row imported with the batch is not written again
    assert VaccinationStatus.objects.get(person=namesake).doses == 1
    dose_batch.refresh_from_db()
    assert (dose_batch.rows_review, dose_batch.rows_done, dose_batch.persons_created) == (0, 2, 1)
    assert (_status(dose_batch, 2), _status(dose_batch, 3)) == (RowStatus.VALID, RowStatus.VALID)
    assert not ImportBatch.objects.exclude(pk=dose_batch.pk).exists()


def test_the_file_of_outcomes_shows_the_resolved_row_as_imported(district_user, dose_batch, namesake):
    _resolve(district_user, dose_batch, namesake.pk)
    response = client_for(district_user).get(reverse("imports:results", args=[dose_batch.pk]))
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()  # type: ignore[attr-defined]
    assert "Đã nhập" in lines[1]
    assert "Cần xem lại" not in lines[1]


def test_a_row_resolved_as_a_new_person_creates_that_person(district_user, dose_batch, namesake):
    response = _resolve(district_user, dose_batch, "new")
    assert response.status_code == 302
    newcomer = Person.objects.exclude(pk=namesake.pk).get(full_name="Sùng A Tủa")
    assert list(newcomer.doses.values_list("number", flat=True)) == [1]
    assert not Dose.objects.filter(person=namesake).exists()
    dose_batch.refresh_from_db()
    assert (dose_batch.rows_review, dose_batch.rows_done, dose_batch.persons_created) == (0, 2, 2)


def test_clicking_twice_writes_the_rows_once(district_user, dose_batch, namesake):
    _resolve(district_user, dose_batch, namesake.pk, **HTMX)
    second = _resolve(district_user, dose_batch, "new", **HTMX)
    assert second.status_code == 200
    assert "Không có dòng nào mới được xem xét" in second.content.decode()
    assert Dose.objects.filter(person__full_name="Sùng A Tủa").count() == 1
    assert Person.objects.filter(full_name="Sùng A Tủa").count() == 1
    assert AuditEvent.objects.filter(summary__startswith="Xem xét 1 dòng").count() == 1
    dose_batch.refresh_from_db()
    assert (dose_batch.rows_done, dose_batch.persons_created) == (2, 1)


def test_a_row_left_for_later_stays_in_review(district_user, dose_batch):
    response = _resolve(district_user, dose_batch, "")
    assert response.status_code == 302
    assert _status(dose_batch, 2) == RowStatus.REVIEW
    assert Dose.objects.count() == 1
    assert not AuditEvent.objects.filter(summary__startswith="Xem xét").exists()


def test_a_person_who_is_not_a_candidate_of_the_row_is_refused_naming_the_row(
    tree, district_user, dose_batch
):
    elsewhere = make_person(tree.other_commune, "Sùng A Tủa", birth_year=1988)
    response = _resolve(district_user, dose_batch, elsewhere.pk)
    assert response.status_code == 400
    assert "Dòng 2: hãy chọn một người trong danh sách có thể trùng." in response.content.decode()
    assert _status(dose_batch, 2) == RowStatus.REVIEW
    assert Dose.objects.count() == 1


def test_a_new_person_is_refused_when_the_registry_holds_the_rows_cccd(tree, district_user, lot, run_import):
    known = make_person(tree.commune, "Lò Văn Pọm", birth_year=1970, national_id="012070000123")
    row = "1,Lò Văn Páo,1970,Nam,012070000123,03412,Vero Cell,VC-2109,02/09/2021"
    batch = run_import(district_user, csv_bytes(DOSES, row))
    refused = _resolve(district_user, batch, "new", **HTMX)
    assert "Dòng 2: số CCCD 012070000123 đã có trong sổ" in refused.content.decode()
    assert _status(batch, 2) == RowStatus.REVIEW
    _resolve(district_user, batch, known.pk, **HTMX)
    assert Dose.objects.get().person == known


def test_a_person_row_resolved_to_its_candidate_counts_as_already_registered(
    tree, commune_user, namesake, run_import
):
    batch = run_import(commune_user, csv_bytes("Họ và tên,Ngày sinh,Giới tính", "Sùng A Tủa,12/04/1988,Nam"),
                       kind="persons")  # fmt: skip
    assert batch.rows_review == 1
    _resolve(commune_user, batch, namesake.pk)
    batch.refresh_from_db()
    assert (batch.rows_review, batch.rows_existing, batch.persons_created) == (0, 1, 0)
    assert Person.objects.count() == 1


def test_the_batch_page_offers_a_choice_for_each_review_row(district_user, dose_batch, namesake):
    page = client_for(district_user).get(reverse("imports:batch", args=[dose_batch.pk])).content.decode()
    assert f'name="row-2" value="{namesake.pk}"' in page
    assert 'name="row-2" value="new"' in page
    assert "Nhập các dòng đã xem xét" in page


def test_it_returns_404_outside_jurisdiction(outsider, dose_batch, namesake):
    assert _resolve(outsider, dose_batch, namesake.pk).status_code == 404
    assert _status(dose_batch, 2) == RowStatus.REVIEW
    assert not Dose.objects.filter(person=namesake).exists()


def test_a_colleague_who_may_not_record_doses_cannot_resolve_a_dose_batch(
    district_user, dose_batch, namesake
):
    colleague = UserFactory(
        username="todoi", role=Role.COMMUNITY_TEAM, organisation=district_user.organisation
    )
    assert _resolve(colleague, dose_batch, namesake.pk).status_code in (403, 404)
    assert _status(dose_batch, 2) == RowStatus.REVIEW
