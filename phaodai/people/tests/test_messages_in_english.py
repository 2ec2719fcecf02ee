"""Service messages follow the active language: Vietnamese by default, English when English is active."""

import pytest
from django.utils import translation

from phaodai.core.errors import DomainError
from phaodai.core.scoping import Jurisdiction
from phaodai.people.models import Person
from phaodai.people.services import PersonInput, person_create

pytestmark = pytest.mark.django_db


def _create_with_short_id(tree):
    data = PersonInput(
        full_name="Lò Thị Xuân", birth_year=1990, sex="F", unit=tree.village, national_id="12345"
    )
    with pytest.raises(DomainError) as caught:
        person_create(actor=None, jurisdiction=Jurisdiction.of([tree.district.path]), data=data)
    assert Person.objects.count() == 0
    return caught.value


def test_a_validation_error_comes_out_in_english_when_english_is_active(tree):
    with translation.override("en"):
        error = _create_with_short_id(tree)
    expected = (
        "A citizen ID number must have 12 digits (old ID card: 9 digits); the number entered has 5 digits."
    )
    assert error.errors["national_id"] == [expected]
    assert error.message == expected


def test_the_same_error_is_vietnamese_by_default(tree):
    translation.deactivate()  # nothing activated: the project's LANGUAGE_CODE applies
    error = _create_with_short_id(tree)
    expected = "Số CCCD phải có 12 chữ số (CMND cũ: 9 chữ số); số đã nhập có 5 chữ số."
    assert error.errors["national_id"] == [expected]
    assert error.message == expected
