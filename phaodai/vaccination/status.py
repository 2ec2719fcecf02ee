"""The maintained rows a dose changes besides itself: the person's status and the coverage counters.

Both are written in the dose's transaction by :func:`dose_effects`, and rebuilt from the dose rows by
:func:`rebuild` (``manage.py vaccination_rebuild``) after a bulk load or a change of rules.
"""

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, F

from phaodai.core import clock
from phaodai.core.bulk import bulk_insert
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.people.models import Person
from phaodai.vaccination.bundle import Bundle, Rulebook
from phaodai.vaccination.models import CoverageCount, Dose, Session, VaccinationStatus
from phaodai.vaccination.schedule import Given, Next, age_class, age_on, next_dose, primary_complete


def home_commune(person: Person) -> AdminUnit:
    """The commune a person lives in (their unit, or its parent for a village)."""
    return person.unit.parent if person.unit.level == UnitLevel.VILLAGE else person.unit  # type: ignore[return-value]


def history_of(person: Person) -> list[Given]:
    rows = Dose.objects.filter(person=person).order_by("number")
    return [Given(d.number, d.kind, d.product, d.given_on) for d in rows]


STATUS_COLUMNS = (
    "person_id", "unit_id", "unit_path", "doses", "series_product", "last_product", "last_given_on",
    "primary_complete", "next_number", "next_kind", "next_due_on", "overdue_on", "rules_id", "updated_at",
)  # fmt: skip
RESIDENT_FIELDS = ("pk", "unit_id", "unit_path", "birth_year", "birth_date")
Resident = tuple[int, int, str, int, dt.date | None]  # RESIDENT_FIELDS of a person


def status_values(
    resident: Resident, history: list[Given], bundle: Bundle, now: dt.datetime, upcoming: Next | None
) -> tuple[object, ...]:
    """The status row (``STATUS_COLUMNS``) of a person after ``history`` (at least one dose) with its
    next dose as the rules of ``bundle`` decide it: one function for the per-dose path and the rebuild."""
    person_id, unit_id, unit_path, _birth_year, _birth_date = resident
    last = history[-1]
    return (
        person_id, unit_id, unit_path, len(history), history[0].product, last.product, last.given_on,
        primary_complete(history, bundle.catalogue),
        upcoming.number if upcoming else None,
        upcoming.kind if upcoming else "",
        upcoming.earliest if upcoming else None,
        (upcoming.latest or upcoming.earliest) if upcoming else None,
        bundle.products_rules.pk,
        now,
    )  # fmt: skip


def _age(resident: Resident, history: list[Given]) -> int:
    return age_on(birth_year=resident[3], birth_date=resident[4], day=history[-1].given_on)


def upcoming_of(resident: Resident, history: list[Given], bundle: Bundle) -> Next | None:
    age = _age(resident, history)
    return next_dose(history, bundle.catalogue, bundle.mixing, bundle.booster_timeline, age=age)


def dose_effects(dose: Dose, person: Person, history: list[Given], bundle: Bundle) -> VaccinationStatus:
    """Inside the dose's transaction: the person's status, the coverage counter, the session's count."""
    resident = (person.pk, person.unit_id, person.unit_path, person.birth_year, person.birth_date)
    history = [*history, Given(dose.number, dose.kind, dose.product, dose.given_on)]
    values = status_values(resident, history, bundle, clock.now(), upcoming_of(resident, history, bundle))
    status = VaccinationStatus(**dict(zip(STATUS_COLUMNS, values, strict=True)))
    status.save(force_insert=len(history) == 1, force_update=len(history) > 1)
    commune = home_commune(person)
    counter, _created = CoverageCount.objects.select_for_update().get_or_create(
        unit=commune,
        birth_year=person.birth_year,
        number=dose.number,
        defaults={"unit_path": commune.path},
    )
    CoverageCount.objects.filter(pk=counter.pk).update(count=F("count") + 1)
    if dose.session_id:
        Session.objects.filter(pk=dose.session_id).update(given=F("given") + 1)
    return status


def rebuild_counters(*, under: str = "") -> int:
    """Recount the coverage counters (of the communes under a path prefix) from the dose rows."""
    doses = Dose.objects.filter(home_path__startswith=under) if under else Dose.objects.all()
    grouped = doses.values_list("home_path", "birth_year", "number").annotate(n=Count("pk")).order_by()
    units = dict(AdminUnit.objects.filter(level=UnitLevel.COMMUNE).values_list("path", "pk"))
    rows = [
        CoverageCount(unit_id=units[path], unit_path=path, birth_year=year, number=number, count=n)
        for path, year, number, n in grouped
        if path in units
    ]
    with transaction.atomic():
        old = CoverageCount.objects.filter(unit_path__startswith=under) if under else CoverageCount.objects
        old.all().delete()
        CoverageCount.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _histories(chunk: list[int]) -> dict[int, list[Given]]:
    """The doses of the (sorted) persons of ``chunk``, read by id range: a long ``IN`` list costs more
    to send than the few rows of other persons the range also reads."""
    wanted, found = set(chunk), defaultdict(list)
    rows = Dose.objects.filter(person_id__gte=chunk[0], person_id__lte=chunk[-1]).order_by(
        "person_id", "number"
    )
    for pid, number, kind, product, given_on in rows.values_list(
        "person_id", "number", "kind", "product", "given_on"
    ):
        if pid in wanted:
            found[pid].append(Given(number, kind, product, given_on))
    return found


def _province(path: str) -> str:
    return "/".join(path.split("/")[:2]) + "/"


class StatusBuilder:
    """Status rows for many persons: rule books per province, bundles per (day, province), and next doses
    shared by persons with the same doses, last day and age class."""

    def __init__(self) -> None:
        self.now = clock.now()
        self.books: dict[str, Rulebook] = {}
        self.bundles: dict[tuple[dt.date, str], Bundle] = {}
        self.upcoming: dict[tuple[object, ...], Next | None] = {}

    def _bundle(self, day: dt.date, province: str) -> Bundle:
        if (day, province) not in self.bundles:
            if province not in self.books:
                self.books[province] = Rulebook(unit_path=province)
            self.bundles[(day, province)] = self.books[province].on(day)
        return self.bundles[(day, province)]

    def row(self, resident: Resident, history: list[Given]) -> tuple[object, ...]:
        province = _province(resident[2])
        bundle = self._bundle(history[-1].given_on, province)
        key = (history[-1].given_on, province, tuple((d.kind, d.product) for d in history),
               age_class(_age(resident, history), bundle.booster_timeline))  # fmt: skip
        if key not in self.upcoming:
            self.upcoming[key] = upcoming_of(resident, history, bundle)
        return status_values(resident, history, bundle, self.now, self.upcoming[key])


def rebuild_statuses(*, person_ids: list[int], batch: int = 20_000) -> int:
    """Recompute the status rows of these persons from their doses (rules of each last dose's day)."""
    rebuild, written, ordered = StatusBuilder(), 0, sorted(set(person_ids))
    for start in range(0, len(ordered), batch):
        chunk = ordered[start : start + batch]
        histories = _histories(chunk)
        residents = Person.objects.filter(pk__gte=chunk[0], pk__lte=chunk[-1]).values_list(*RESIDENT_FIELDS)
        rows = [
            rebuild.row(resident, histories[resident[0]])
            for resident in residents
            if resident[0] in histories
        ]
        VaccinationStatus.objects.filter(person_id__in=chunk).delete()
        written += bulk_insert(VaccinationStatus, STATUS_COLUMNS, rows)
    return written
