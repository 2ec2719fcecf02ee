"""Recording an exposure: refused on its field with nothing saved, one edge per pair, audited, and the
tracer's "reached" step."""

import datetime as dt

import pytest

from phaodai.cases.tests.factories import TODAY, register
from phaodai.contacts.models import ChainNode, Contact, Exposure
from phaodai.contacts.reference import ExposureSetting, TraceStatus
from phaodai.contacts.services import Named, contact_mark_reached, exposure_add, exposures_add
from phaodai.contacts.tests.factories import expose
from phaodai.core import clock
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _today():
    with clock.pinned(TODAY):
        yield


@pytest.fixture
def f0(tree):
    return register(make_person(tree.commune, "Lò Văn Pọm"), report_date=D(2021, 11, 18))


@pytest.fixture
def wife(tree):
    return make_person(tree.commune, "Giàng Thị Mai", sex="F")


def refused(tree, source, contact, **fields) -> dict:
    values = {"setting": ExposureSetting.HOUSEHOLD, "last_exposure_date": D(2021, 11, 18), **fields}
    with pytest.raises(DomainError) as caught:
        exposure_add(
            actor=None,
            jurisdiction=Jurisdiction.of([tree.commune.path]),
            source=source,
            contact=contact,
            **values,
        )
    return caught.value.errors


def nothing_saved() -> bool:
    return not (Exposure.objects.exists() or Contact.objects.exists() or ChainNode.objects.exists())


def test_a_person_cannot_be_their_own_contact(tree, f0):
    errors = refused(tree, f0.person, f0.person)
    assert errors == {"contact": ["Một người không thể là tiếp xúc của chính mình."]}
    assert nothing_saved()


def test_an_exposure_date_in_the_future_is_refused(tree, f0, wife):
    errors = refused(tree, f0.person, wife, last_exposure_date=TODAY + dt.timedelta(days=1))
    assert errors == {"last_exposure_date": ["Ngày tiếp xúc cuối không được sau ngày hôm nay."]}
    assert nothing_saved()


def test_an_exposure_date_before_2020_is_refused(tree, f0, wife):
    errors = refused(tree, f0.person, wife, last_exposure_date=D(2019, 12, 31))
    assert errors == {"last_exposure_date": ["Ngày tiếp xúc cuối không được trước năm 2020."]}


def test_an_unknown_setting_is_refused(tree, f0, wife):
    assert refused(tree, f0.person, wife, setting="karaoke") == {"setting": ["Chọn hoàn cảnh tiếp xúc."]}


def test_a_contact_outside_the_jurisdiction_is_refused(tree, f0):
    stranger = make_person(tree.other_commune, "Vàng A Sủ")
    errors = refused(tree, f0.person, stranger)
    assert errors == {"contact": ["Người tiếp xúc không thuộc địa bàn bạn quản lý."]}
    assert nothing_saved()


def test_the_same_pair_again_updates_the_one_edge_to_the_later_date(tree, f0, wife, commune_user):
    first = expose(f0.person, wife, day=D(2021, 11, 16), actor=commune_user)
    again = expose(f0.person, wife, day=D(2021, 11, 18), actor=commune_user)
    earlier = expose(f0.person, wife, day=D(2021, 11, 15), actor=commune_user)
    assert first.pk == again.pk == earlier.pk
    assert Exposure.objects.get().last_exposure_date == D(2021, 11, 18)
    assert Contact.objects.get(person=wife).last_exposure_date == D(2021, 11, 18)
    actions = AuditEvent.objects.filter(entity="contacts.exposure").values_list("action", flat=True)
    assert sorted(actions) == [AuditAction.CREATE, AuditAction.UPDATE]


def test_the_edge_keeps_the_source_case_and_is_placed_where_the_contact_lives(tree, f0):
    colleague = make_person(tree.neighbour_commune, "Vàng A Sủ")
    exposure = expose(f0.person, colleague)
    assert exposure.source_case == f0
    assert exposure.unit_path == tree.neighbour_commune.path


def test_deriving_an_f1_is_audited_with_the_actor(tree, f0, wife, commune_user):
    expose(f0.person, wife, actor=commune_user)
    event = AuditEvent.objects.get(entity="contacts.contact")
    assert event.actor == commune_user
    assert "1 mới" in event.summary


class TestReached:
    def test_reaching_a_listed_contact_records_when_and_who(self, f0, wife, commune_user):
        expose(f0.person, wife)
        contact = contact_mark_reached(actor=commune_user, contact=Contact.objects.get(person=wife))
        contact.refresh_from_db()
        assert (contact.status, contact.reached_by) == (TraceStatus.REACHED, commune_user)
        assert contact.reached_at is not None
        assert AuditEvent.objects.filter(
            entity="contacts.contact", action=AuditAction.UPDATE, entity_id=contact.pk
        )

    def test_reaching_them_twice_changes_nothing(self, f0, wife, commune_user):
        expose(f0.person, wife)
        contact = contact_mark_reached(actor=commune_user, contact=Contact.objects.get(person=wife))
        at = contact.reached_at
        assert contact_mark_reached(actor=commune_user, contact=contact).reached_at == at

    def test_a_contact_no_longer_traced_cannot_be_reached(self, f0, wife, commune_user):
        expose(f0.person, wife)
        register(wife)
        with pytest.raises(DomainError) as caught:
            contact_mark_reached(actor=commune_user, contact=Contact.objects.get(person=wife))
        assert "Đã trở thành F0" in caught.value.errors["status"][0]


def test_a_household_named_at_once_are_all_f1_with_one_audit_row_per_edge(tree):
    with clock.pinned(TODAY):
        case = register(make_person(tree.commune, "Lò Văn Pọm", birth_year=1970))
        family = [make_person(tree.commune, name, birth_year=1995) for name in ("Lò Thị Ún", "Lò Văn Sáu")]
        exposures_add(
            actor=None, jurisdiction=Jurisdiction.of([tree.district.path]), source=case.person,
            named=[Named(p, ExposureSetting.HOUSEHOLD) for p in family], last_exposure_date=TODAY,
        )  # fmt: skip
    assert {c.person_id: c.level for c in Contact.objects.all()} == {p.pk: "F1" for p in family}
    assert AuditEvent.objects.filter(entity="contacts.exposure").count() == 2


def test_one_bad_name_in_a_batch_saves_nothing_and_says_whom_it_concerns(tree):
    with clock.pinned(TODAY):
        case = register(make_person(tree.commune, "Lò Văn Pọm", birth_year=1970))
        outsider = make_person(tree.other_commune, "Tẩn Láo Lở", birth_year=1990)
        neighbour = make_person(tree.commune, "Lò Thị Ún", birth_year=1995)
        with pytest.raises(DomainError) as refused:
            exposures_add(
                actor=None, jurisdiction=Jurisdiction.of([tree.district.path]), source=case.person,
                named=[Named(p, ExposureSetting.HOUSEHOLD) for p in (neighbour, outsider)],
                last_exposure_date=TODAY,
            )  # fmt: skip
    assert refused.value.errors["contact"][0].startswith("Tẩn Láo Lở: ")
    assert not Exposure.objects.exists()
