"""No double benefit: programmes that exclude each other, one household per household benefit, the
registry's own suspected duplicates; the conflict page shows both lines and is scoped."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from phaodai.core.scoping import Jurisdiction
from phaodai.people.models import DuplicateReview, Household
from phaodai.people.tests.factories import make_person
from phaodai.quarantine.tests.factories import issue_f1
from phaodai.support import services
from phaodai.support.models import Beneficiary, Conflict
from phaodai.support.reference import MatchBasis
from phaodai.support.tests.factories import add, labour_user, make_list

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_shipped_exclusive_programmes_conflict_with_each_other(tree):
    worker = make_person(tree.village, "Lò Văn Sáng", birth_year=1990, national_id="012090000456")
    first = add(make_list(tree.commune, "NQ68-TAM-HOAN-15"), worker)
    second = add(make_list(tree.commune, "NQ68-TAM-HOAN-30"), worker)
    conflict = Conflict.objects.get()
    assert (conflict.entry, conflict.other, conflict.basis) == (second, first, MatchBasis.SAME_PERSON)
    assert conflict.unit_path == tree.commune.path


def test_programmes_that_do_not_exclude_each_other_raise_nothing(tree):
    worker = make_person(tree.village, "Lò Văn Sáng", birth_year=1990)
    add(make_list(tree.commune, "NQ68-NGUNG-VIEC"), worker)
    add(make_list(tree.commune, "NQ68-CHAM-DUT-HD"), worker)
    assert not Conflict.objects.exists()


def test_one_household_business_benefit_per_household(tree):
    head = make_person(tree.village, "Lò Văn Sáng", birth_year=1970)
    spouse = make_person(tree.village, "Tao Thị Mai", birth_year=1972)
    household = Household.objects.create(unit=tree.village, unit_path=tree.village.path, code="H1")
    for member in (head, spouse):
        member.household = household
        member.save(update_fields=["household"])
    add(make_list(tree.commune, "NQ68-HO-KINH-DOANH"), head)
    add(make_list(tree.commune, "NQ68-HO-KINH-DOANH"), spouse)
    assert Conflict.objects.get().basis == MatchBasis.SAME_HOUSEHOLD


def test_a_pair_the_registry_holds_as_possible_duplicates_is_a_conflict(tree):
    one = make_person(tree.village, "Lò Văn Pọm", birth_year=1980)
    other = make_person(tree.other_commune, "Lò Văn Pom", birth_year=1981)
    DuplicateReview.objects.create(
        tier="same_name_year", existing=one, candidate=other, unit=one.unit, unit_path=one.unit_path,
        created_at=one.created_at,
    )  # fmt: skip
    issue_f1(one, start_date=D(2021, 11, 10))
    issue_f1(other, start_date=D(2021, 11, 11))
    add(make_list(tree.commune), one)
    add(make_list(tree.other_commune), other)
    assert Conflict.objects.get().basis == MatchBasis.SUSPECTED


def test_a_person_listed_elsewhere_by_cccd_is_not_added_again_from_the_registry(tree):
    person = make_person(tree.village, "Lò Văn Pọm", birth_year=1980, national_id="012080000123")
    issue_f1(person, start_date=D(2021, 11, 10))
    typed = make_list(tree.other_commune)
    # A line Pa Tần typed before the person had a registry record: only the CCCD links them.
    Beneficiary.objects.create(
        beneficiary_list=typed, programme=typed.programme, unit=tree.other_commune,
        unit_path=tree.other_commune.path, full_name="Lò Văn Pọm", name_folded="lo van pom",
        national_id="012080000123", birth_year=1980, period_start=typed.period_start,
        period_end=typed.period_end, amount=80_000, source="import", created_at=person.created_at,
    )  # fmt: skip
    assert services.entries_fill_from_registry(actor=None, blist=make_list(tree.commune)) == 0


@pytest.fixture
def conflict(tree):
    person = make_person(tree.village, "Lò Văn Pọm", birth_year=1980, national_id="012080000123")
    namesake = make_person(tree.neighbour_commune, "Lò Văn Pọm", birth_year=1980)
    issue_f1(person, start_date=D(2021, 11, 10))
    issue_f1(namesake, start_date=D(2021, 11, 12))
    add(make_list(tree.commune), person)
    add(make_list(tree.neighbour_commune), namesake)
    return Conflict.objects.get()


def test_the_conflict_page_shows_both_lines_side_by_side(tree, conflict):
    client = client_for(labour_user(tree.district, "ldhuyen"))
    page = client.get(reverse("support:conflict", args=[conflict.pk])).content.decode()
    assert "Xã Dào San" in page
    assert "Xã Sì Lở Lầu" in page
    assert "012080000123" in page
    response = client.post(reverse("support:conflict", args=[conflict.pk]), {"decision": "keep_both"})
    assert "Cần ghi lý do" in response.content.decode()
    client.post(
        reverse("support:conflict", args=[conflict.pk]), {"decision": "keep_both", "reason": "Hai người"}
    )
    conflict.refresh_from_db()
    assert conflict.resolved_at is not None


def test_it_returns_404_outside_jurisdiction(tree, conflict, outsider):
    assert (
        client_for(labour_user(tree.other_district, "ldsinho"))
        .get(reverse("support:conflict", args=[conflict.pk]))
        .status_code
        == 404
    )
    commune = labour_user(tree.commune, "ldxa")  # sees its own line flagged, not the other commune's
    assert client_for(commune).get(reverse("support:conflict", args=[conflict.pk])).status_code == 404
    assert client_for(outsider).get(reverse("support:conflicts")).status_code == 200


def test_the_list_page_reads_in_a_fixed_number_of_queries(tree, commune_user):
    blist = make_list(tree.commune)
    client = client_for(commune_user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("support:list", args=[blist.pk])).status_code == 200
        return len(queries)

    few = count()
    for n in range(5):
        person = make_person(tree.village, f"Lò Văn Số {n}", birth_year=1980 + n)
        issue_f1(person, start_date=D(2021, 11, 10))
    services.entries_fill_from_registry(actor=None, blist=blist)
    assert blist.entries.count() == 5
    assert count() == few
    assert Jurisdiction.of([tree.commune.path]).contains(blist.unit_path)
