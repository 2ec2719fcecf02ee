"""The wave before the demo's outbreak: a few thousand ended cases, loaded set-based.

In the weeks before the live outbreak the province had a larger wave, now over: a market, a village and
the district health centre were clusters, and people back from Hồ Chí Minh City and Bình Dương started
chains of their own. Every case has ended (recovered, a few deceased), every F1 and F2 has been released.
It is simulated in memory (who named whom, who tested positive from whom, when) and written through the
set-based loaders the Excel import reuses: ``cases.bulk.cases_bulk_load`` then
``contacts.bulk.exposures_bulk_load``, which derives the F1/F2 rows and chains as the services would.

The window is set by the rule sets: home-care criteria are consulted on every registration (in force from
21/8/2021) and release criteria on every recovery (from 6/10/2021, 4689/QĐ-BYT), so the wave is reported
from late September and ends from 6 October on.
"""

import datetime as dt
import heapq
import random
from dataclasses import dataclass, field

from django.utils import timezone

from phaodai.cases import clusters as cluster_services
from phaodai.cases.bulk import ClosedCaseRow, cases_bulk_load
from phaodai.cases.models import Cluster
from phaodai.cases.reference import CaseStatus, ClusterSetting, ClusterStatus, Detection, PlaceOfCare
from phaodai.contacts.bulk import Naming, exposures_bulk_load
from phaodai.contacts.reference import ExposureSetting
from phaodai.core.scoping import Jurisdiction
from phaodai.demo.context import DemoContext
from phaodai.demo.outbreak import SYMPTOMS
from phaodai.demo.places import unit_phrase
from phaodai.geo.models import AdminUnit
from phaodai.people.models import Person

CASES_AT_FULL_SCALE = 3000
WAVE_END = 36  # days before "today": the last case of the wave was reported on 15/10/2021
WAVE_DAYS = 24
HOUSEHOLD_ATTACK = 0.35  # share of the named household members who test positive
OTHER_ATTACK = 0.12
FRAIL_DEATHS = 0.08  # share of the cases aged 65+ or with a comorbidity who died
ATTACK_CAP = 25  # per cent of a commune's residents


@dataclass
class Focus:
    """Where one part of the wave spread: a cluster (or none), its commune, and its share of the cases."""

    commune: AdminUnit
    setting: str
    target: int
    cluster: Cluster | None = None
    imported: bool = False


@dataclass
class Infection:
    person_id: int
    day: dt.date
    source: int | None  # the person who named them
    focus: Focus
    named: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Pools:
    """The residents of the communes the wave reaches, read once: (id, household) and households."""

    ctx: DemoContext
    by_commune: dict[int, list[int]] = field(default_factory=dict)
    household: dict[int, int | None] = field(default_factory=dict)
    members: dict[int, list[int]] = field(default_factory=dict)

    def residents(self, commune: AdminUnit) -> list[int]:
        if commune.pk not in self.by_commune:
            rows = sorted(
                Person.objects.visible_to(Jurisdiction.of([commune.path])).values_list("id", "household_id")
            )
            self.by_commune[commune.pk] = [pk for pk, _home in rows]
            for pk, home in rows:
                self.household[pk] = home
                if home is not None:
                    self.members.setdefault(home, []).append(pk)
        return self.by_commune[commune.pk]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _foci(ctx: DemoContext, target: int, start: dt.date) -> list[Focus]:
    rng, jurisdiction = ctx.rng, Jurisdiction.of([ctx.province.path])
    by_size = sorted(range(len(ctx.communes)), key=lambda i: (-ctx.commune_population[i], i))
    communes = [ctx.communes[i] for i in rng.sample(by_size[:12], min(6, len(by_size)))]  # towns, markets
    plans = [
        (ClusterSetting.MARKET, "Ổ dịch chợ trung tâm {commune}", "Chợ trung tâm {commune}", 0.3),
        (ClusterSetting.VILLAGE, "Ổ dịch khu dân cư {commune}", "Khu dân cư trung tâm {commune}", 0.25),
        (
            ClusterSetting.HEALTH_FACILITY,
            "Ổ dịch Trung tâm Y tế {district}",
            "Trung tâm Y tế {district}",
            0.05,
        ),
    ]
    foci = []
    for index, (setting, name, place, share) in enumerate(plans):
        commune = communes[index % len(communes)]
        names = {"commune": unit_phrase(commune), "district": unit_phrase(ctx.district_of(commune))}
        cluster = cluster_services.cluster_create(
            actor=ctx.actor, jurisdiction=jurisdiction, name=name.format(**names), setting=setting,
            unit=commune, place_name=place.format(**names), opened_on=start,
        )  # fmt: skip
        foci.append(Focus(commune, setting, int(target * share), cluster))
    rest = target - sum(focus.target for focus in foci)
    returnees = communes[len(plans) :] or communes
    for index, commune in enumerate(returnees):
        share = rest // len(returnees) + (index < rest % len(returnees))
        foci.append(Focus(commune, ClusterSetting.OTHER, share, imported=True))
    return foci


EXPOSURE_SETTING: dict[str, str] = {
    ClusterSetting.MARKET: ExposureSetting.OTHER,
    ClusterSetting.VILLAGE: ExposureSetting.OTHER,
    ClusterSetting.HEALTH_FACILITY: ExposureSetting.HEALTH_FACILITY,
    ClusterSetting.OTHER: ExposureSetting.WORKPLACE,
}


class Wave:
    """A branching process per focus: each case names its household and a few others from its commune;
    some of them test positive two to six days later; seeds keep coming while the focus is short."""

    def __init__(self, ctx: DemoContext, start: dt.date, end: dt.date) -> None:
        self.ctx, self.rng, self.start, self.end = ctx, ctx.rng, start, end
        self.pools = Pools(ctx)
        self.infections: list[Infection] = []
        self.taken: set[int] = set(ctx.infected)

    def _name(self, infection: Infection) -> list[tuple[int, str]]:
        home = self.pools.household.get(infection.person_id)
        household = (
            [p for p in self.pools.members.get(home, []) if p != infection.person_id][:6] if home else []
        )
        pool = self.pools.residents(infection.focus.commune)
        others = [p for p in self.rng.sample(pool, min(3, len(pool))) if p != infection.person_id]
        setting = EXPOSURE_SETTING[infection.focus.setting]
        named = [(p, ExposureSetting.HOUSEHOLD) for p in household]
        return named + [(p, setting) for p in others if p not in household][: self.rng.randrange(1, 4)]

    def _seed(self, focus: Focus, queue: list[tuple[dt.date, int, int, int | None]], serial: int) -> int:
        pool = [p for p in self.pools.residents(focus.commune) if p not in self.taken]
        if not pool:
            return serial
        day = self.start + dt.timedelta(days=self.rng.randrange(WAVE_DAYS * 2 // 3))
        heapq.heappush(queue, (day, serial, self.rng.choice(pool), None))
        return serial + 1

    def spread(self, focus: Focus) -> None:
        """Up to the focus's share, and never more than a quarter of its commune (small scales)."""
        queue: list[tuple[dt.date, int, int, int | None]] = []
        serial = count = seeds = 0
        target = min(focus.target, len(self.pools.residents(focus.commune)) * ATTACK_CAP // 100)
        while count < target:
            if not queue or seeds < max(1, target // 40):
                if seeds >= target:
                    return  # the commune has nobody left to infect
                serial, seeds = self._seed(focus, queue, serial), seeds + 1
                continue
            day, _serial, person, source = heapq.heappop(queue)
            if person in self.taken or day > self.end:
                continue
            self.taken.add(person)
            infection = Infection(person, day, source, focus)
            infection.named = self._name(infection)
            self.infections.append(infection)
            count += 1
            for contact, setting in infection.named:
                attack = HOUSEHOLD_ATTACK if setting == ExposureSetting.HOUSEHOLD else OTHER_ATTACK
                if contact not in self.taken and self.rng.random() < attack:
                    later = day + dt.timedelta(days=self.rng.randrange(2, 7))
                    heapq.heappush(queue, (later, serial, contact, person))
                    serial += 1


def _case_row(
    rng: random.Random, infection: Infection, person: Person, source: int | None, today: dt.date
) -> ClosedCaseRow:
    day = infection.day
    age = day.year - person.birth_year
    doses = rng.choice((0, 0, 0, 1, 1, 2)) if age >= 18 else 0
    frail = age >= 65 or bool(person.comorbidities)
    died = frail and rng.random() < FRAIL_DEATHS
    outcome_day = day + dt.timedelta(days=rng.randrange(6, 14) if died else rng.randrange(14, 21))
    outcome_day = min(outcome_day, today - dt.timedelta(days=1))
    first = infection.source is None
    return ClosedCaseRow(
        person=person, report_date=day, registered_at=_at(day, 9, rng.randrange(60)),
        outcome=CaseStatus.DECEASED if died else CaseStatus.RECOVERED, outcome_date=outcome_day,
        closed_at=_at(outcome_day, 15, rng.randrange(60)),
        detected_in=(Detection.IMPORTED if infection.focus.imported else Detection.COMMUNITY) if first
        else rng.choice((Detection.QUARANTINE, Detection.COMMUNITY)),
        place_of_care=PlaceOfCare.COMMUNE_STATION if frail else PlaceOfCare.HOME,
        sample_date=day - dt.timedelta(days=rng.randrange(2)),
        onset_date=day - dt.timedelta(days=rng.randrange(1, 3)) if rng.random() < 0.6 else None,
        symptoms=tuple(rng.sample(SYMPTOMS, rng.randrange(3))), vaccine_doses=doses,
        last_dose_date=day - dt.timedelta(days=rng.randrange(20, 90)) if doses else None,
        spo2=rng.choice((91, 93) if died else (96, 97, 98, 98, 99)), resp_rate=rng.choice((16, 18, 18, 20)),
        source=source, cluster=infection.focus.cluster if first else None, is_f1=not first,
        note="Tử vong do COVID-19" if died else "",
    )  # fmt: skip


def _rows(ctx: DemoContext, infections: list[Infection]) -> list[ClosedCaseRow]:
    """In registration order, so that a source is always an earlier row."""
    persons = Person.objects.in_bulk([i.person_id for i in infections])
    rows: list[ClosedCaseRow] = []
    index_of: dict[int, int] = {}
    for infection in sorted(infections, key=lambda i: (i.day, i.person_id)):
        source = index_of.get(infection.source) if infection.source is not None else None
        index_of[infection.person_id] = len(rows)
        rows.append(_case_row(ctx.rng, infection, persons[infection.person_id], source, ctx.today))
    return rows


def _namings(infections: list[Infection], rows: list[ClosedCaseRow]) -> list[Naming]:
    by_person = {row.person.pk: row for row in rows}
    return [
        Naming(
            at=by_person[i.person_id].registered_at + dt.timedelta(hours=1),
            source_id=i.person_id,
            named=tuple(i.named),
            last_exposure_date=by_person[i.person_id].sample_date or i.day,
        )
        for i in infections
        if i.named
    ]


def _close_clusters(ctx: DemoContext, infections: list[Infection], rows: list[ClosedCaseRow]) -> None:
    """A cluster ends two weeks after its last case has: the wave's clusters are all over."""
    ends: dict[int, list[dt.date]] = {}
    outcome = {row.person.pk: row.outcome_date for row in rows}
    for infection in infections:
        if infection.focus.cluster is not None:
            ends.setdefault(infection.focus.cluster.pk, []).append(outcome[infection.person_id])
    for cluster in Cluster.objects.filter(pk__in=ends).order_by("pk"):
        on = min(max(ends[cluster.pk]) + dt.timedelta(days=14), ctx.today)
        cluster_services.cluster_set_status(
            actor=ctx.actor, cluster=cluster, status=ClusterStatus.CLOSED, on=on
        )


def create_history(ctx: DemoContext) -> None:
    end = ctx.today - dt.timedelta(days=WAVE_END)
    start = end - dt.timedelta(days=WAVE_DAYS - 1)
    target = max(40, int(CASES_AT_FULL_SCALE * min(1.0, ctx.scale * 20)))
    wave = Wave(ctx, start, end)
    foci = _foci(ctx, target, start)
    for focus in foci:
        wave.spread(focus)
    rows = _rows(ctx, wave.infections)
    jurisdiction = Jurisdiction.of([ctx.province.path])
    summary = "Đợt dịch tháng 9-10/2021 (dữ liệu minh hoạ)"
    cases_bulk_load(
        actor=ctx.actor, jurisdiction=jurisdiction, rows=rows, summary=summary, unit_path=ctx.province.path
    )
    load = exposures_bulk_load(
        actor=ctx.actor, jurisdiction=jurisdiction, namings=_namings(wave.infections, rows), summary=summary,
        reached_after=dt.timedelta(hours=6), unit_path=ctx.province.path,
    )  # fmt: skip
    _close_clusters(ctx, wave.infections, rows)
    ctx.infected.update(row.person.pk for row in rows)
    ctx.counts["history_cases"] = len(rows)
    ctx.counts["history_exposures"] = load.exposures
    ctx.counts["history_chains"] = load.chains
