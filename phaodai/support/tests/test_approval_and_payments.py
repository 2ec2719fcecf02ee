"""The approval path, duplicates across communes, and payments never above the approved amount."""

import datetime as dt

import pytest

from phaodai.core.errors import DomainError
from phaodai.core.models import AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.people.tests.factories import make_person
from phaodai.quarantine.tests.factories import issue_f1, release
from phaodai.support import services
from phaodai.support.models import Conflict, Payment
from phaodai.support.reference import ConflictDecision, EntryStatus, ListStatus, MatchBasis
from phaodai.support.tests.factories import add, approve, make_list

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def listed(tree):
    person = make_person(tree.village, "Lò Văn Pọm", birth_year=1980, national_id="012080000123")
    release(issue_f1(person, start_date=D(2021, 11, 5)), released_on=D(2021, 11, 18))
    blist = make_list(tree.commune)
    return add(blist, person)


def _move(blist, unit, to_status, comment=""):
    return services.list_transition(
        actor=None,
        jurisdiction=Jurisdiction.of([unit.path]),
        blist=blist,
        to_status=to_status,
        comment=comment,
    )


def test_the_list_goes_commune_district_province_each_step_audited(tree, listed):
    blist = _move(listed.beneficiary_list, tree.commune, ListStatus.SUBMITTED)
    with pytest.raises(DomainError, match="cấp Huyện"):
        _move(blist, tree.commune, ListStatus.DISTRICT_APPROVED)
    blist = _move(blist, tree.district, ListStatus.RETURNED, "Bổ sung số ngày")
    with pytest.raises(DomainError, match="Không thể chuyển"):
        _move(blist, tree.province, ListStatus.APPROVED)
    blist = approve(blist, tree)
    assert blist.status == ListStatus.APPROVED
    steps = [s.to_status for s in blist.steps.all()]
    assert steps == ["submitted", "returned", "submitted", "district_approved", "approved"]
    assert blist.steps.get(to_status="returned").comment == "Bổ sung số ngày"
    audited = AuditEvent.objects.filter(entity="support.beneficiarylist", entity_id=str(blist.pk))
    assert audited.count() == 6  # created, then five moves
    with pytest.raises(DomainError, match="không sửa được"):
        add(blist, full_name="Vàng A Sử")


def test_returning_a_list_needs_a_comment(tree, listed):
    blist = services.list_transition(
        actor=None,
        jurisdiction=Jurisdiction.of([tree.commune.path]),
        blist=listed.beneficiary_list,
        to_status=ListStatus.SUBMITTED,
    )
    with pytest.raises(DomainError) as refused:
        services.list_transition(
            actor=None,
            jurisdiction=Jurisdiction.of([tree.district.path]),
            blist=blist,
            to_status=ListStatus.RETURNED,
        )
    assert "comment" in refused.value.errors


def test_the_same_person_listed_in_another_district_is_a_conflict_a_person_resolves(tree, listed):
    # The same CCCD declared in Pa Tần (another district) as a person not in the registry, on a
    # programme that needs no platform check: only the CCCD ties the two lines together.
    other = make_list(tree.other_commune, "NQ68-NGUNG-VIEC")
    other.programme.excludes.add(listed.programme)
    twin = add(other, full_name="Lò Văn Pọm", national_id="012080000123", birth_year=1980)
    conflict = Conflict.objects.get()
    assert (conflict.entry, conflict.other, conflict.basis) == (twin, listed, MatchBasis.NATIONAL_ID)
    assert conflict.unit_path == tree.province.path  # only the province sees both lines
    assert not Conflict.objects.visible_to(Jurisdiction.of([tree.district.path])).exists()
    submitted = services.list_transition(
        actor=None,
        jurisdiction=Jurisdiction.of([tree.other_commune.path]),
        blist=other,
        to_status=ListStatus.SUBMITTED,
    )
    forwarded = services.list_transition(
        actor=None,
        jurisdiction=Jurisdiction.of([tree.other_district.path]),
        blist=submitted,
        to_status=ListStatus.DISTRICT_APPROVED,
    )
    with pytest.raises(DomainError, match="hưởng trùng"):
        services.list_transition(
            actor=None,
            jurisdiction=Jurisdiction.of([tree.province.path]),
            blist=forwarded,
            to_status=ListStatus.APPROVED,
        )
    with pytest.raises(DomainError) as refused:
        services.conflict_resolve(
            actor=None, conflict=conflict, decision=ConflictDecision.REMOVE_NEW, reason=""
        )
    assert "reason" in refused.value.errors
    services.conflict_resolve(
        actor=None, conflict=conflict, decision=ConflictDecision.REMOVE_NEW, reason="Đã nhận ở Dào San"
    )
    twin.refresh_from_db()
    assert twin.status == EntryStatus.REMOVED
    assert "Dào San" in twin.removed_reason
    trail = AuditEvent.objects.filter(entity=twin._meta.label_lower, entity_id=str(twin.pk))
    assert trail.filter(unit_path=twin.unit_path).exists()  # the line's own row, where its list is


def test_same_name_and_birth_year_in_another_commune_is_flagged_not_merged(tree, listed):
    namesake = make_person(tree.neighbour_commune, "Lò Văn Pọm", birth_year=1980)
    issue_f1(namesake, start_date=D(2021, 11, 6))
    add(make_list(tree.neighbour_commune), namesake)
    conflict = Conflict.objects.get()
    assert conflict.basis == MatchBasis.NAME_YEAR
    assert conflict.unit_path == tree.district.path
    assert conflict.resolved_at is None


def test_two_different_cccd_are_never_the_same_person(tree, listed):
    other = make_person(tree.neighbour_commune, "Lò Văn Pọm", birth_year=1980, national_id="012080000999")
    issue_f1(other, start_date=D(2021, 11, 6))
    add(make_list(tree.neighbour_commune), other)
    assert not Conflict.objects.exists()


def _pay(entry, **fields):
    values = {
        "amount": 500_000,
        "paid_on": D(2021, 11, 20),
        "method": "cash",
        "receiver_name": "Lò Văn Pọm",
        "signed": True,
    }
    return services.payment_record(actor=None, entry=entry, **{**values, **fields})


def test_payment_waits_for_approval_and_never_exceeds_the_approved_amount(tree, listed):
    with pytest.raises(DomainError, match="chưa được tỉnh phê duyệt"):
        _pay(listed)
    approve(listed.beneficiary_list, tree)
    _pay(listed, amount=1_000_000)
    with pytest.raises(DomainError) as refused:
        _pay(listed, amount=200_000)
    assert "vượt số còn lại được duyệt 120.000 đ" in refused.value.errors["amount"][0]
    with pytest.raises(DomainError) as refused:
        _pay(listed, amount=120_000, method="transfer", signed=False)
    assert "transfer_reference" in refused.value.errors
    _pay(listed, amount=120_000, method="transfer", transfer_reference="FT2111200001")
    assert sum(Payment.objects.values_list("amount", flat=True)) == listed.amount
