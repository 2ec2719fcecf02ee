"""The demo's outbreak: facilities, three clusters (a garment workshop, a school, a village) growing from
their first case through household and workplace contacts over the month before the demo's "today",
a few sporadic community cases, daily monitoring with warnings, recoveries and transfers.

Everything goes through the real services (case registration, exposures, monitoring, transfers), so the
derived state the pages read (F1/F2 status, chains, cluster counters, escalations, facility occupancy)
is exactly what users would have produced. That costs per-row writes, so the outbreak is kept to about
a thousand cases (591 took 45 s on an idle 2-core machine, 1,911 about 200 s: each refresh of the
derived contacts grows with the chains). The earlier, closed wave goes in set-based instead
(``demo/history.py``), which brings the province to about 4,000 cases.
"""

import datetime as dt
import random
from contextlib import suppress
from dataclasses import dataclass, field

from phaodai.cases import clusters as cluster_services
from phaodai.cases import monitoring
from phaodai.cases import services as case_services
from phaodai.cases.models import Case, Cluster
from phaodai.cases.reference import CaseStatus, ClusterSetting, Detection, PlaceOfCare, Symptom, TestKind
from phaodai.contacts.models import Contact
from phaodai.contacts.reference import ContactLevel, ExposureSetting, TraceStatus
from phaodai.contacts.services import Named, contact_mark_reached, exposures_add
from phaodai.core import clock
from phaodai.core.errors import DomainError
from phaodai.core.scoping import Jurisdiction
from phaodai.demo.context import DemoContext
from phaodai.demo.organisations import showcase_units
from phaodai.demo.places import unit_phrase
from phaodai.facilities import services as facility_services
from phaodai.facilities.models import Facility, FacilityKind, TreatmentTier
from phaodai.geo.models import AdminUnit
from phaodai.people.models import Person
from phaodai.quarantine.reference import OrderPlace
from phaodai.quarantine.services import order_issue_f1

DAYS = 30
CASES_AT_FULL_SCALE = 1000
WORSENING = 0.1  # share of open cases whose last checks show warning signs
SYMPTOMS = [
    s.value for s in (Symptom.FEVER, Symptom.COUGH, Symptom.FATIGUE, Symptom.SORE_THROAT, Symptom.HEADACHE)
]


@dataclass
class Seat:
    """One cluster being simulated: where it is and who it can still reach."""

    cluster: Cluster
    commune: AdminUnit
    setting: str
    target: int
    cases: list[Case] = field(default_factory=list)


def _pick(ctx: DemoContext, unit_path: str, count: int, *, adults_in: int = 0) -> list[Person]:
    """``count`` random residents of a commune (adults only when ``adults_in`` is a year), drawn from
    its ids read once per build: a random sort of the commune for every pick was most of the step's time."""
    commune = unit_path if unit_path.count("/") <= 4 else unit_path.rsplit("/", 2)[0] + "/"
    if commune not in ctx.residents:
        rows = Person.objects.visible_to(Jurisdiction.of([commune])).values_list("id", "birth_year")
        ctx.residents[commune] = sorted(rows)
    pool = [pid for pid, year in ctx.residents[commune] if not adults_in or year <= adults_in - 18]
    chosen = ctx.rng.sample(pool, min(count, len(pool)))
    return list(Person.objects.filter(pk__in=chosen).order_by("pk"))


def _at(day: dt.date, hour: int) -> dt.datetime:
    return clock.now().replace(year=day.year, month=day.month, day=day.day, hour=hour, minute=0, second=0)


def _facility(ctx: DemoContext, unit: AdminUnit, name: str, kind: str, beds: int, tier: int = 0) -> Facility:
    data = facility_services.FacilityInput(
        name=name, kind=kind, unit=unit, opened_on=ctx.today - dt.timedelta(days=60), beds=beds,
        icu_beds=beds // 10 if tier == TreatmentTier.TIER_3 else 0, oxygen_points=beds // 4 if tier else 0,
        treatment_tier=tier,
    )  # fmt: skip
    return facility_services.facility_create(
        actor=ctx.actor, jurisdiction=Jurisdiction.of([ctx.province.path]), data=data
    )


# slot, where it stands, name, kind, beds, treatment tier
FACILITY_PLAN = (
    (
        "quarantine",
        "district",
        "Khu cách ly tập trung {district} (Trường PTDTNT huyện)",
        FacilityKind.QUARANTINE_CENTRE,
        500,
        0,
    ),
    (
        "district",
        "district",
        "Cơ sở thu dung, điều trị COVID-19 {district}",
        FacilityKind.TREATMENT_FACILITY,
        150,
        1,
    ),
    ("field", "capital", "Bệnh viện dã chiến số 1 {province}", FacilityKind.FIELD_HOSPITAL, 300, 2),
    ("hospital", "capital", "Bệnh viện Đa khoa {province}", FacilityKind.HOSPITAL, 80, 3),
)


def _facilities(ctx: DemoContext, commune: AdminUnit, district: AdminUnit) -> dict[str, Facility]:
    places = {"commune": commune, "district": district, "capital": ctx.communes[0]}
    names = {
        "commune": unit_phrase(commune),
        "district": unit_phrase(district),
        "province": unit_phrase(ctx.province),
    }
    return {
        slot: _facility(ctx, places[where], name.format(**names), kind, beds, tier)
        for slot, where, name, kind, beds, tier in FACILITY_PLAN
    }


def _seats(ctx: DemoContext, commune: AdminUnit, target: int) -> list[Seat]:
    jurisdiction = Jurisdiction.of([ctx.province.path])
    start = ctx.today - dt.timedelta(days=DAYS)
    border = ctx.communes[len(ctx.communes) // 2]
    plans = [
        (ctx.communes[0], ClusterSetting.FACTORY, "Ổ dịch xưởng may Tân Phong", "Xưởng may Tân Phong", 0.4),
        (
            commune,
            ClusterSetting.SCHOOL,
            f"Ổ dịch trường THCS {commune.name}",
            f"Trường THCS {commune.name}",
            0.3,
        ),
        (
            border,
            ClusterSetting.VILLAGE,
            f"Ổ dịch bản trung tâm {border.name}",
            f"Bản trung tâm {border.name}",
            0.3,
        ),
    ]
    seats = []
    for index, (unit, setting, name, place, share) in enumerate(plans):
        cluster = cluster_services.cluster_create(
            actor=ctx.actor, jurisdiction=jurisdiction, name=name, setting=setting, unit=unit,
            place_name=place, opened_on=start + dt.timedelta(days=4 * index),
        )  # fmt: skip
        seats.append(Seat(cluster=cluster, commune=unit, setting=setting, target=int(target * share)))
    return seats


def _place_of_care(
    rng: random.Random, facilities: dict[str, Facility], case_count: int
) -> tuple[str, Facility | None]:
    roll = rng.random()
    if roll < 0.08 and case_count % 3 == 0:
        return PlaceOfCare.TREATMENT_FACILITY, facilities["field"]
    if roll < 0.15:
        return PlaceOfCare.TREATMENT_FACILITY, facilities["district"]
    return PlaceOfCare.HOME, None


def _register(
    ctx: DemoContext,
    person: Person,
    day: dt.date,
    source: Case | None,
    seat: Seat,
    facilities: dict[str, Facility],
) -> Case | None:
    rng = ctx.rng
    if person.pk in ctx.infected:
        return None
    place, facility = _place_of_care(rng, facilities, len(seat.cases))
    doses = rng.choice((0, 1, 2, 2, 2)) if day.year - person.birth_year >= 18 else 0
    data = case_services.CaseInput(
        person=person, report_date=day, test_kind=TestKind.PCR,
        sample_date=day - dt.timedelta(days=rng.randrange(2)),
        detected_in=Detection.QUARANTINE if source and rng.random() < 0.4 else Detection.COMMUNITY,
        place_of_care=place, facility=facility,
        symptoms=rng.sample(SYMPTOMS, rng.randrange(3)), vaccine_doses=doses,
        last_dose_date=day - dt.timedelta(days=rng.randrange(20, 120)) if doses else None,
        spo2=rng.choice((95, 96, 97, 97, 98, 98, 99)), resp_rate=rng.choice((16, 18, 18, 20, 22)),
        source_case=source, cluster=None if source else seat.cluster,
    )  # fmt: skip
    try:
        case = case_services.case_register(
            actor=ctx.actor, jurisdiction=Jurisdiction.of([ctx.province.path]), data=data
        )
    except DomainError:
        return None  # e.g. a facility that filled up: that person simply is not part of the demo outbreak
    ctx.infected.add(person.pk)
    return case


def _expose(ctx: DemoContext, case: Case, day: dt.date, setting: str) -> list[Person]:
    """The case names its household and two people from where it spread (school, workshop, village),
    all at once, as the tracing form records them."""
    home = case.person.household_id
    household = list(Person.objects.filter(household_id=home).exclude(pk=case.person_id)[:6]) if home else []
    others = _pick(ctx, case.person.unit_path, 2) if ctx.rng.random() < 0.7 else []
    named = [Named(p, ExposureSetting.HOUSEHOLD) for p in household]
    named += [Named(p, setting) for p in others if p.pk != case.person_id and p.household_id != home]
    try:
        exposures_add(
            actor=ctx.actor, jurisdiction=Jurisdiction.of([ctx.province.path]), source=case.person,
            named=named, last_exposure_date=day,
        )  # fmt: skip
    except DomainError:
        return []
    return [entry.person for entry in named]


EXPOSURE_SETTING: dict[str, str] = {
    ClusterSetting.FACTORY: ExposureSetting.FACTORY,
    ClusterSetting.SCHOOL: ExposureSetting.SCHOOL,
    ClusterSetting.VILLAGE: ExposureSetting.OTHER,
}


def _daily_quota(rng: random.Random, seat: Seat, day: dt.date, today: dt.date) -> int:
    """Spread the cluster's remaining cases over the days left (a random rounding of the mean), so that
    it is still growing on "today" at any scale."""
    rate = (seat.target - len(seat.cases)) / ((today - day).days + 1)
    return int(rate) + (rng.random() < rate - int(rate))


def _introduce(
    ctx: DemoContext, seat: Seat, day: dt.date, facilities: dict[str, Facility]
) -> list[tuple[Person, Case]]:
    """A case of the cluster found in the community with no known source, and the people it names."""
    person = next(iter(_pick(ctx, seat.commune.path, 1, adults_in=day.year)), None)
    if person is None or (case := _register(ctx, person, day, None, seat, facilities)) is None:
        return []
    seat.cases.append(case)
    return [(p, case) for p in _expose(ctx, case, day, EXPOSURE_SETTING[seat.setting])]


def _grow(ctx: DemoContext, seat: Seat, facilities: dict[str, Facility]) -> None:
    """Day by day, some of the contacts named so far test positive and name their own contacts; when
    nobody named is left, the cluster surfaces again in the community."""
    rng = ctx.rng
    day = seat.cluster.opened_on
    waiting = _introduce(ctx, seat, day, facilities)
    while day < ctx.today and len(seat.cases) < seat.target:
        day += dt.timedelta(days=1)
        take = min(len(waiting) // 4 or 1, _daily_quota(rng, seat, day, ctx.today))
        if take and not waiting:
            waiting = _introduce(ctx, seat, day, facilities)
            continue
        rng.shuffle(waiting)
        positives, waiting = waiting[:take], waiting[take:]
        for person, source in positives:
            if (new := _register(ctx, person, day, source, seat, facilities)) is not None:
                seat.cases.append(new)
                named = _expose(ctx, new, day, EXPOSURE_SETTING[seat.setting])
                waiting += [(p, new) for p in named if p.pk not in ctx.infected]


def _sporadic(ctx: DemoContext, count: int, facilities: dict[str, Facility]) -> list[Case]:
    rng = ctx.rng
    found = []
    for _ in range(count):
        commune = ctx.communes[rng.randrange(len(ctx.communes))]
        person = next(iter(_pick(ctx, commune.path, 1)), None)
        day = ctx.today - dt.timedelta(days=rng.randrange(DAYS))
        seat = Seat(cluster=None, commune=commune, setting=ClusterSetting.OTHER, target=1)  # type: ignore[arg-type]
        if person is not None and (case := _register(ctx, person, day, None, seat, facilities)) is not None:
            found.append(case)
    return found


def _follow(ctx: DemoContext, case: Case, facilities: dict[str, Facility]) -> None:
    """Recover the old cases; check the others twice a day, most of them already this morning; a few
    are worsening and land on the escalation list."""
    rng = ctx.rng
    age = (ctx.today - case.report_date).days
    if age >= 12:
        case_services.case_close(
            actor=ctx.actor, case=case, outcome=CaseStatus.RECOVERED,
            on=case.report_date + dt.timedelta(days=10), test_negative=True,
        )  # fmt: skip
        return
    days = [ctx.today - dt.timedelta(days=1)] + ([ctx.today] if rng.random() < 0.6 else [])
    worsening = rng.random() < WORSENING
    for day in days:
        for hour in (7, 16) if day < ctx.today else (7,):
            if not _at(case.report_date, 7) <= _at(day, hour) <= clock.now():  # the build may run at night
                continue
            spo2 = rng.choice((93, 95) if worsening else (96, 97, 97, 98, 98, 99, 99))
            breaths = rng.choice((20, 22) if worsening else (16, 18, 18, 20))
            data = monitoring.MonitoringInput(
                at=_at(day, hour), spo2=spo2, resp_rate=breaths,
                symptoms=rng.sample(SYMPTOMS, rng.randrange(2)),
            )  # fmt: skip
            monitoring.record_monitoring(actor=ctx.actor, case=case, data=data)
    case.refresh_from_db()
    if case.severity == "severe" and case.place_of_care == PlaceOfCare.HOME:
        with suppress(DomainError):  # the hospital may be full: the case then stays on the escalation list
            case_services.case_transfer(
                actor=ctx.actor, jurisdiction=Jurisdiction.of([ctx.province.path]), case=case,
                place_of_care=PlaceOfCare.HOSPITAL, facility=facilities["hospital"],
                at=min(_at(ctx.today, 9), clock.now()),
                reason="SpO₂ giảm, chuyển tầng 3",
            )  # fmt: skip


def _quarantine(ctx: DemoContext, contact: Contact, facilities: dict[str, Facility]) -> bool:
    """Quarantine an F1 at home when the plan in force allows it, else in the commune's centre (on the
    demo's 20/11/2021, 5599/BYT-MT sends every F1 there; a full centre leaves the F1 reached only)."""
    jurisdiction = Jurisdiction.of([ctx.province.path])
    start = max(contact.last_exposure_date, ctx.today - dt.timedelta(days=6))
    doses = ctx.rng.choice((0, 2, 2)) if start.year - contact.person.birth_year >= 18 else 0
    last_dose = start - dt.timedelta(days=ctx.rng.randrange(20, 150)) if doses else None
    for place, facility in ((OrderPlace.HOME, None), (OrderPlace.FACILITY, facilities["quarantine"])):
        with suppress(DomainError):
            order_issue_f1(
                actor=ctx.actor, jurisdiction=jurisdiction, contact=contact, person=contact.person,
                start_date=start, place=place, facility=facility,
                vaccine_doses=doses, last_dose_date=last_dose,
            )  # fmt: skip
            return True
    return False


def _trace(ctx: DemoContext, facilities: dict[str, Facility]) -> int:
    """The commune teams have reached the F1s listed before today and quarantined them; those named
    today are still on the tracing worklist."""
    listed = Contact.objects.filter(level=ContactLevel.F1, status=TraceStatus.LISTED).select_related("person")
    quarantined = 0
    for contact in listed.order_by("pk"):
        if contact.last_exposure_date >= ctx.today - dt.timedelta(days=1):
            continue
        contact_mark_reached(actor=ctx.actor, contact=contact)
        if contact.last_exposure_date >= ctx.today - dt.timedelta(days=14):
            quarantined += _quarantine(ctx, contact, facilities)
    return quarantined


def create_outbreak(ctx: DemoContext) -> None:
    commune, district = showcase_units(ctx)
    target = max(30, int(CASES_AT_FULL_SCALE * min(1.0, ctx.scale * 20)))
    facilities = _facilities(ctx, commune, district)
    seats = _seats(ctx, commune, int(target * 0.9))
    for seat in seats:
        _grow(ctx, seat, facilities)
    sporadic = _sporadic(ctx, target // 10, facilities)
    opened = [case for seat in seats for case in seat.cases] + sporadic
    for case in opened:
        _follow(ctx, case, facilities)
    ctx.counts["quarantine_orders"] = _trace(ctx, facilities)
    ctx.counts["cases"] = len(opened)
    ctx.counts["clusters"] = len(seats)
    ctx.counts["facilities"] = len(facilities)
