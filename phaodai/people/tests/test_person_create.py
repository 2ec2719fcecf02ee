"""Registering a person: validation, NFC storage, the duplicate tiers and the audit row."""

import datetime as dt
import unicodedata

import pytest

from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.people.models import DuplicateReview, DuplicateTier, Person
from phaodai.people.services import Outcome, PersonInput, SimilarPersonError, person_create, person_update
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _create(tree, actor=None, confirm=False, **fields):
    data = PersonInput(
        full_name=fields.pop("full_name", "Lò Thị Xuân"),
        birth_year=fields.pop("birth_year", 1990),
        sex=fields.pop("sex", "F"),
        unit=fields.pop("unit", tree.village),
        **fields,
    )
    return person_create(
        actor=actor, jurisdiction=Jurisdiction.of([tree.district.path]), data=data, confirm_distinct=confirm
    )


def test_it_stores_names_in_nfc(tree):
    result = _create(tree, full_name=unicodedata.normalize("NFD", "  Lò   Thị Xuân "))
    assert result.person.full_name == "Lò Thị Xuân"
    assert unicodedata.is_normalized("NFC", result.person.full_name)


def test_it_writes_an_audit_row_with_the_fields(tree, commune_user):
    person = _create(tree, actor=commune_user).person
    event = AuditEvent.objects.get(action=AuditAction.CREATE, entity_id=str(person.pk))
    assert event.actor == commune_user
    assert event.changes["full_name"] == "Lò Thị Xuân"
    assert event.unit_path == tree.village.path


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"national_id": "12345"}, "national_id", "12 chữ số"),
        ({"national_id": "0121900abc12"}, "national_id", "chỉ gồm chữ số"),
        ({"phone": "12345"}, "phone", "10 chữ số"),
        ({"birth_year": 2040}, "birth_year", "Năm sinh phải từ 1900"),
        ({"sex": "M", "pregnant": True}, "pregnant", "giới tính nữ"),
        ({"birth_date": dt.date(1991, 1, 1)}, "birth_date", "không khớp năm sinh"),
        ({"full_name": "   "}, "full_name", "bắt buộc"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(tree, fields, field, message):
    with pytest.raises(DomainError) as caught:
        _create(tree, **fields)
    assert any(message in text for text in caught.value.errors[field])
    assert Person.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_unit_outside_the_jurisdiction_is_refused(tree):
    with pytest.raises(DomainError) as caught:
        _create(tree, unit=tree.other_commune)
    assert "unit" in caught.value.errors


def test_phone_is_stored_in_one_form(tree):
    assert _create(tree, phone="+84 912.345.678").person.phone == "0912345678"
    assert _create(tree, full_name="Lò Văn Ún", sex="M", phone="912345679").person.phone == "0912345679"


def test_same_cccd_and_same_details_is_the_same_person(tree):
    first = _create(tree, national_id="012190012345")
    again = _create(tree, full_name="LÒ THỊ XUÂN", national_id="012190012345")
    assert again.outcome == Outcome.EXISTING
    assert again.person.pk == first.person.pk
    assert Person.objects.count() == 1


def test_same_cccd_with_another_name_goes_to_review_not_merged(tree):
    first = _create(tree, national_id="012190012345")
    again = _create(tree, full_name="Tòng Thị Xuân", national_id="012190012345")
    assert again.outcome == Outcome.EXISTING_REVIEW
    assert Person.objects.count() == 1
    review = DuplicateReview.objects.get()
    assert review.tier == DuplicateTier.SAME_ID_DIFFERENT_DETAILS
    assert review.existing == first.person
    assert review.submitted["full_name"] == "Tòng Thị Xuân"


def test_same_name_and_full_birth_date_in_the_commune_asks_for_confirmation(tree):
    born = dt.date(1990, 5, 4)
    _create(tree, birth_date=born)
    with pytest.raises(SimilarPersonError):
        _create(tree, birth_date=born, unit=tree.commune)
    assert Person.objects.count() == 1
    confirmed = _create(tree, birth_date=born, confirm=True)
    assert confirmed.outcome == Outcome.CREATED
    assert Person.objects.count() == 2


def test_same_name_and_year_only_is_created_and_listed_for_review(tree):
    _create(tree)
    second = _create(tree)
    assert second.outcome == Outcome.CREATED_REVIEW
    assert Person.objects.count() == 2
    assert DuplicateReview.objects.get().tier == DuplicateTier.SAME_NAME_YEAR


def test_namesakes_in_another_commune_are_not_duplicates(tree):
    _create(tree)
    other = _create(tree, unit=tree.neighbour_commune)
    assert other.outcome == Outcome.CREATED
    assert not DuplicateReview.objects.exists()


def test_cccd_that_disagrees_with_the_record_is_a_warning_not_an_error(tree):
    result = _create(tree, national_id="012090012345")  # 4th digit 0: a man born in the 1900s
    assert result.outcome == Outcome.CREATED
    assert any("giới tính" in warning for warning in result.warnings)


def test_update_audits_only_what_changed(tree, commune_user):
    person = _create(tree, actor=commune_user).person
    data = PersonInput(
        full_name="Lò Thị Xuân", birth_year=1990, sex="F", unit=tree.village, phone="0912000111"
    )
    person_update(
        actor=commune_user, jurisdiction=Jurisdiction.of([tree.commune.path]), person=person, data=data
    )
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.changes == {"phone": ["", "0912000111"]}


def test_a_cccd_held_outside_the_jurisdiction_reveals_nothing_and_is_listed_there(tree, commune_user):
    elsewhere = make_person(
        tree.other_commune, "Tẩn Thị Mẩy", sex="F", birth_year=1990, national_id="012190012345"
    )
    mine = Jurisdiction.of([tree.commune.path])
    data = PersonInput(
        full_name="Lò Thị Xuân", birth_year=1990, sex="F", unit=tree.village, national_id="012190012345"
    )
    result = person_create(actor=commune_user, jurisdiction=mine, data=data)
    assert result.outcome == Outcome.EXISTING_ELSEWHERE
    assert result.person is None
    assert Person.objects.count() == 1
    review = DuplicateReview.objects.get()
    assert review.tier == DuplicateTier.SAME_ID_ELSEWHERE
    assert review.unit_path == elsewhere.unit_path


def test_the_api_says_the_number_is_known_elsewhere_without_the_record(tree, commune_user):
    from conftest import client_for

    make_person(tree.other_commune, "Tẩn Thị Mẩy", sex="F", birth_year=1990, national_id="012190012345")
    payload = {
        "full_name": "Lò Thị Xuân",
        "birth_year": 1990,
        "sex": "F",
        "unit": tree.village.pk,
        "national_id": "012190012345",
    }
    body = client_for(commune_user).post("/api/persons/", payload, content_type="application/json").json()
    assert body["outcome"] == "existing_elsewhere"
    assert "Tẩn" not in str(body)
    assert "full_name" not in body


def test_a_cccd_taken_in_the_meantime_is_a_conflict_on_the_field(tree, monkeypatch):
    from phaodai.core.errors import ConflictError
    from phaodai.people import services

    _create(tree, national_id="012190012345")
    monkeypatch.setattr(services, "_same_id", lambda *args: None)  # the other request checked first
    with pytest.raises(ConflictError) as caught:
        _create(tree, full_name="Tòng Thị Xuân", national_id="012190012345")
    assert "national_id" in caught.value.errors
    assert Person.objects.count() == 1
