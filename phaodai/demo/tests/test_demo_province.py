"""``manage.py demo_province`` on the real units of the three-tier map, at a small scale.

The units and one Lai Châu demo are built once for the module inside a transaction that is rolled back
at the end, so the other apps' tests (and their small Lai Châu tree) never see them.
"""

import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Sum

from phaodai.accounts.models import Organisation, OrganisationKind, User
from phaodai.accounts.roles import Role
from phaodai.cases.models import Case, Cluster, Escalation, MonitoringEntry
from phaodai.command.models import DailyCount
from phaodai.contacts.models import Chain, ChainNode, Contact, Exposure
from phaodai.demo.models import DemoRun
from phaodai.demo.tables import DEMO_PASSWORD
from phaodai.facilities.models import Facility, Stay
from phaodai.geo.models import AdminUnit, Population, UnitLevel
from phaodai.geo.services import units_load
from phaodai.people.models import Household, Person
from phaodai.quarantine.models import Order

pytestmark = pytest.mark.django_db

SCALE = 0.002
LAI_CHAU = "L/12/"
EXPECTED_PERSONS = round(460_000 * SCALE)


def build(*, province: str = "12", seed: int = 2021, scale: float = SCALE) -> str:
    out = io.StringIO()
    call_command("demo_province", province=province, scale=scale, seed=seed, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        units_load(unit_map="L")
        yield build()
        transaction.set_rollback(True)


def in_lai_chau(queryset, field="unit_path"):
    return queryset.filter(**{f"{field}__gte": LAI_CHAU, f"{field}__lt": "L/120"})


def person_rows():
    return list(
        Person.objects.order_by("pk").values_list(
            "full_name", "birth_year", "birth_date", "sex", "national_id", "phone", "ethnicity", "unit_path"
        )
    )


def delete_all(*models):
    """Delete every row of each model, in the order given (later ones are protected by earlier ones)."""
    for model in models:
        model._default_manager.all().delete()


def remove_command_and_readiness():
    """Counts, levels, reports and boundaries sit on the demo's villages and communes; teams hold members."""
    from phaodai.command import models as command
    from phaodai.readiness import models as readiness

    delete_all(command.RiskAssessment, command.DailyReport, command.BoundarySet)
    delete_all(readiness.TeamMember, readiness.Team, readiness.StaffingReport)


def remove_demo():
    """Everything the demo created, so that it can be built again on the same units."""
    remove_command_and_readiness()
    remove_checkpoints()
    remove_support()
    remove_vaccination()
    outbreak = (Order, Contact, Exposure, ChainNode, Chain, Escalation, MonitoringEntry, Case, Cluster, Stay)
    for model in (*outbreak, Facility):
        model.objects.all().delete()
    Person.objects.all().delete()
    Household.objects.all().delete()
    Population.objects.all().delete()
    User.objects.all().delete()
    Organisation.objects.all().delete()
    DemoRun.objects.all().delete()
    DailyCount.objects.all().delete()  # the deletions above were counted too: the cells go last
    AdminUnit.objects.filter(level=UnitLevel.VILLAGE).delete()


def test_persons_live_only_in_the_provinces_villages(demo_output):
    assert Person.objects.count() == EXPECTED_PERSONS
    assert in_lai_chau(Person.objects).count() == EXPECTED_PERSONS
    assert not Person.objects.exclude(unit__level=UnitLevel.VILLAGE).exists()
    assert not Person.objects.exclude(unit_path=F("unit__path")).exists()
    assert not Household.objects.exclude(unit_path=F("unit__path")).exists()


def test_each_commune_has_5_to_15_villages_coded_below_it(demo_output):
    communes = in_lai_chau(AdminUnit.objects, "path").filter(level=UnitLevel.COMMUNE)
    per_commune = communes.annotate(villages=Count("children")).values_list("villages", flat=True)
    assert len(per_commune) == 106
    assert min(per_commune) >= 5
    assert max(per_commune) <= 15
    for village in AdminUnit.objects.filter(level=UnitLevel.VILLAGE).select_related("parent")[:300]:
        assert re.fullmatch(r"T\d{3}", village.code)
        assert village.path == f"{village.parent.path}{village.code}/"
        assert village.name.startswith(("Bản ", "Thôn ", "Tổ dân phố "))


def test_population_rows_add_up_to_the_persons(demo_output):
    rows = Population.objects.filter(year=2021)
    assert rows.count() == 106 * 6
    assert rows.aggregate(total=Sum("count"))["total"] == EXPECTED_PERSONS
    commune = AdminUnit.objects.get(unit_map="L", code="03571")
    in_commune = Person.objects.filter(unit_path__gte=commune.path, unit_path__lt=commune.path[:-1] + "0")
    assert rows.filter(unit=commune).aggregate(total=Sum("count"))["total"] == in_commune.count()
    under_five = in_commune.filter(birth_year__gte=2017).count()
    assert rows.get(unit=commune, band="0-4").count == under_five


def test_identity_numbers_are_shaped_like_real_ones_and_unique(demo_output):
    ids = list(Person.objects.exclude(national_id="").values_list("national_id", "sex", "birth_year"))
    assert len({number for number, _, _ in ids}) == len(ids)
    cccds = [(n, sex, year) for n, sex, year in ids if len(n) == 12]
    assert len(cccds) > EXPECTED_PERSONS * 0.35
    for number, sex, year in cccds:
        assert number.isdigit()
        assert number[:3] == "012"
        assert int(number[3]) == (0 if year < 2000 else 2) + (sex == "F")
        assert number[4:6] == f"{year % 100:02d}"
    assert all(len(n) == 9 and n.isdigit() for n, _, _ in ids if len(n) != 12)
    assert not Person.objects.filter(birth_year__gt=2021 - 14).exclude(national_id="").exists()
    phones = Person.objects.exclude(phone="").values_list("phone", flat=True)
    assert phones
    assert all(re.fullmatch(r"0[35789]\d{8}", phone) for phone in phones)


def test_no_pregnant_men_and_pregnancies_only_at_childbearing_age(demo_output):
    assert not Person.objects.filter(pregnant=True, sex="M").exists()
    ages = [2021 - year for year in Person.objects.filter(pregnant=True).values_list("birth_year", flat=True)]
    assert all(18 <= age <= 45 for age in ages)


def test_the_population_is_young_and_mostly_thai_and_mong(demo_output):
    years = Person.objects.values_list("birth_year", flat=True)
    children = sum(1 for year in years if 2021 - year < 15)
    assert 0.25 < children / EXPECTED_PERSONS < 0.45
    peoples = Counter(Person.objects.values_list("ethnicity", flat=True))
    assert {code for code, _ in peoples.most_common(2)} == {"03", "08"}  # Thái, Mông
    sexes = Counter(Person.objects.values_list("sex", flat=True))
    assert abs(sexes["M"] - sexes["F"]) < EXPECTED_PERSONS * 0.1


def test_households_have_their_head_among_their_members(demo_output):
    households = Household.objects.annotate(members_count=Count("members"))
    assert households.count() > EXPECTED_PERSONS / 8
    assert not households.filter(members_count=0).exists()
    assert not Household.objects.filter(head__isnull=True).exists()
    assert not Household.objects.exclude(head__household=F("pk")).exists()


def test_every_role_has_a_login_with_an_organisation(demo_output):
    users = {user.role: user for user in User.objects.select_related("organisation")}
    assert set(users) == set(Role.values)
    organisations = {}
    for role, user in users.items():
        assert user.organisation is not None
        assert user.organisation.unit_path.startswith(LAI_CHAU)
        assert user.check_password(DEMO_PASSWORD)
        assert f"{user.username} " in demo_output
        organisations[role] = user.organisation
    assert organisations[Role.COMMUNE_HEALTH].name == "Trạm Y tế xã Dào San"
    assert organisations[Role.COMMUNITY_TEAM].unit == organisations[Role.COMMUNE_HEALTH].unit
    assert organisations[Role.DISTRICT_HEALTH].name == "Trung tâm Y tế huyện Phong Thổ"
    assert organisations[Role.SYSTEM_ADMIN].unit_path == LAI_CHAU
    assert DEMO_PASSWORD in demo_output


def test_organisations_are_named_after_the_real_units(demo_output):
    names = set(Organisation.objects.values_list("name", flat=True))
    assert "Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh Lai Châu" in names
    assert "Bệnh viện Đa khoa tỉnh Lai Châu" in names
    assert "Trung tâm Y tế thành phố Lai Châu" in names
    assert "Tổ COVID cộng đồng phường Tân Phong" in names
    assert Organisation.objects.filter(kind=OrganisationKind.COMMUNE_HEALTH_STATION).count() == 106
    checkpoint = Organisation.objects.get(name__contains="Ma Lù Thàng")
    assert checkpoint.unit.code == "03574"
    assert list(checkpoint.served_units.values_list("name", flat=True)) == ["Huyện Phong Thổ"]


def test_running_it_again_adds_nothing(demo_output):
    models = (Person, Household, AdminUnit, Population, Organisation, User, DemoRun)
    before = [model.objects.count() for model in models]
    output = build()
    assert [model.objects.count() for model in models] == before
    assert "đã có từ trước" in output
    assert "quantri" in output


def test_the_outbreak_has_clusters_cases_contacts_checks_facilities_and_quarantine(demo_output):
    live = Cluster.objects.filter(status="active")  # the earlier wave's clusters are closed (demo/history.py)
    assert live.count() == 3
    assert set(live.values_list("setting", flat=True)) == {"factory", "school", "village"}
    assert Case.objects.count() >= 20
    assert Case.objects.filter(source_case__isnull=False).exists()  # chains, not isolated cases
    assert Contact.objects.filter(level="F1").exists()
    assert MonitoringEntry.objects.exists()
    assert Case.objects.filter(status="recovered", release_rules__isnull=False).exists()
    assert Facility.objects.count() == 4
    assert Order.objects.filter(kind="f1").exists()
    assert Contact.objects.filter(status="reached").exists()


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows(demo_output):
    first = person_rows()
    with transaction.atomic():
        remove_demo()
        build()
        assert person_rows() == first
        remove_demo()
        build(seed=7)
        assert [row[0] for row in person_rows()] != [row[0] for row in first]
        transaction.set_rollback(True)


def test_another_province_gets_a_kinh_majority_and_its_own_logins(demo_output):
    with transaction.atomic():
        output = build(province="06", scale=0.001)  # Bắc Kạn, 314,000 at the 2019 census
        persons = Person.objects.filter(unit_path__gte="L/06/", unit_path__lt="L/060")
        assert persons.count() == 314
        assert Counter(persons.values_list("ethnicity", flat=True)).most_common(1)[0][0] == "01"
        assert all(n.startswith("006") for n in persons.values_list("national_id", flat=True) if len(n) == 12)
        assert "soyte_06" in output
        organisation = User.objects.get(username="soyte_06").organisation
        assert organisation is not None
        assert organisation.name == "Sở Y tế tỉnh Bắc Kạn"
        transaction.set_rollback(True)


def test_the_testing_step_leaves_kits_labs_tests_pools_a_round_and_a_factory(demo_output):
    from phaodai.diagnostics.models import Enterprise, Lab, Pool, Result, Round, Shift
    from phaodai.inventory.models import Movement

    assert Lab.objects.count() == 2
    assert (
        Result.objects.filter(sample__kind="rat_staff").count()
        == Movement.objects.filter(kind="use", item__kind="rapid_test").count()
        > 0
    )
    assert Result.objects.filter(sample__kind="pcr_single", sample__reason="f1").exists()
    assert Pool.objects.filter(outcome="negative", status="closed").exists()
    assert Pool.objects.filter(outcome="positive", status="closed").exists()  # members retested
    round_ = Round.objects.get()
    assert round_.resulted == Result.objects.filter(sample__round=round_).count() > 0
    assert Enterprise.objects.get().name == "Công ty TNHH May Tân Phong"
    assert Shift.objects.filter(workers__isnull=False).distinct().count() == 8


def remove_vaccination():
    """Doses keep their persons and lots (PROTECT): they go first, with the vaccine stock."""
    from phaodai.inventory.models import Balance, Lot, Movement
    from phaodai.vaccination.models import CoverageCount, Dose, Session

    Dose.objects.all().delete()
    Session.objects.all().delete()
    CoverageCount.objects.all().delete()
    for model in (Movement, Balance, Lot):
        model.objects.filter(**{"lot__item__kind" if model is not Lot else "item__kind": "vaccine"}).delete()


def test_the_vaccination_step_leaves_doses_stock_counters_sessions_and_sweep_gaps(demo_output):
    from phaodai.inventory.models import Balance, Movement
    from phaodai.vaccination.models import Contraindication, CoverageCount, Dose, Session, VaccinationStatus

    adults = in_lai_chau(Person.objects).filter(birth_year__lte=2003).count()
    first = Dose.objects.filter(number=1)
    assert adults * 0.5 < first.filter(birth_year__lte=2003).count() < adults
    assert Dose.objects.filter(number=2).exists()
    assert CoverageCount.objects.aggregate(n=Sum("count"))["n"] == Dose.objects.count()
    assert VaccinationStatus.objects.count() == first.count()
    assert VaccinationStatus.objects.filter(next_due_on__lte="2021-11-20").exists()  # overdue second doses
    used = Movement.objects.filter(kind="use", lot__item__kind="vaccine").aggregate(n=Sum("quantity"))["n"]
    assert -used == Dose.objects.count()
    assert Balance.objects.filter(lot__item__kind="vaccine", lot__expires_on__lte="2021-12-20").exists()
    assert Session.objects.filter(given__gt=0).exists()
    assert Contraindication.objects.exists()


def test_the_directives_step_assigns_followed_up_tasks_to_the_provinces_organisations(demo_output):
    from phaodai.demo.tables import DEMO_TODAY
    from phaodai.directives.models import Assignment, Directive, Notification

    assert sorted(Directive.objects.values_list("symbol", flat=True)) == ["SYT-NVY", "TB-BCĐ"]
    centres = Organisation.objects.filter(kind=OrganisationKind.DISTRICT_HEALTH_CENTRE).count()
    assert Assignment.objects.filter(task__ref="2", task__directive__symbol="TB-BCĐ").count() == centres == 8
    assert Assignment.objects.filter(status="open", due_on__lt=DEMO_TODAY).exists()  # overdue
    assert Assignment.objects.filter(status="closed", completed_on__gt=F("due_on")).exists()  # late
    assert Assignment.objects.filter(status="reported", completed_on__lte=F("due_on")).exists()  # on time
    assert Notification.objects.filter(kind="due_soon").exists()


def remove_support():
    """Support lines keep their persons and villages (PROTECT): they go first, with the fund."""
    from phaodai.support import models as support

    delete_all(support.Payment, support.Conflict, support.Beneficiary, support.BeneficiaryList)
    delete_all(support.Spending, support.Allocation, support.Donation)


def test_the_support_step_leaves_lists_at_each_step_omissions_conflicts_payments_and_a_fund(demo_output):
    from phaodai.core.scoping import Jurisdiction
    from phaodai.support.models import Beneficiary, BeneficiaryList, Conflict, Donation, Payment, Programme
    from phaodai.support.selectors import fund_summary, omissions

    assert set(BeneficiaryList.objects.values_list("status", flat=True)) >= {"draft", "submitted", "approved"}
    assert Beneficiary.objects.filter(person__isnull=False, days__gt=0).exists()
    assert Conflict.objects.filter(resolved_at__isnull=True).exists()  # declared twice, left for a person
    paid = Payment.objects.select_related("entry")
    assert paid.exists()
    assert all(p.amount <= p.entry.amount for p in paid)
    assert not paid.exclude(entry__beneficiary_list__status="approved").exists()
    left_off = [
        omissions(
            jurisdiction=Jurisdiction.of([LAI_CHAU]),
            programme=programme,
            start=lst.period_start,
            end=lst.period_end,
        )
        for programme in Programme.objects.filter(code__in=["NQ68-F0-TIEN-AN", "NQ68-F1-TIEN-AN"])
        for lst in BeneficiaryList.objects.filter(programme=programme)[:1]
    ]
    assert any(found is not None and found.exists() for found in left_off)  # the worklist has work
    summary = fund_summary(jurisdiction=Jurisdiction.of([LAI_CHAU]))
    assert summary.received == Donation.objects.aggregate(n=Sum("amount"))["n"]
    assert 0 < summary.spent <= summary.allocated <= summary.received
    assert "laodong_huyen" in demo_output


def remove_checkpoints():
    """Checkpoints keep their organisations (PROTECT): their rows go first."""
    from phaodai.checkpoints import models as checkpoints

    delete_all(checkpoints.FollowUp, checkpoints.PassageCount, checkpoints.OriginCount, checkpoints.DutyShift)
    delete_all(checkpoints.Passage, checkpoints.Route, checkpoints.CrewMember, checkpoints.Vehicle)
    delete_all(checkpoints.TransportCompany, checkpoints.Checkpoint, checkpoints.Zone)


def test_the_checkpoints_step_leaves_border_checkpoints_passages_counted_and_arrivals_followed(demo_output):
    from phaodai.checkpoints.models import Checkpoint, FollowUp, Passage, PassageCount

    names = set(Checkpoint.objects.values_list("name", flat=True))
    assert "Chốt kiểm soát dịch bệnh cửa khẩu quốc tế Ma Lù Thàng" in names
    assert Passage.objects.count() == PassageCount.objects.aggregate(n=Sum("passages"))["n"] > 0
    days = Passage.objects.values_list("day", flat=True)
    assert (max(days) - min(days)).days >= 14  # a few weeks
    assert FollowUp.objects.filter(status="closed").exists()
    assert not FollowUp.objects.exclude(unit_path__startswith=LAI_CHAU).exists()  # the province's communes
    assert Passage.objects.exclude(flags=[]).filter(vehicle__isnull=True).count() == 0
