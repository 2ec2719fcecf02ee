"""What each kind of import writes once its rows are checked and attached to persons.

``people`` creates the new persons and runs the kind's set-based checks that need them (doses already
recorded, repeated or missing earlier doses); ``write`` commits the valid rows of one range of row numbers
(the job checkpoints after each); ``finish`` brings the maintained aggregates up to date once for the
whole batch.
"""

from typing import Any

from django.utils.translation import gettext as _

from phaodai.core import clock
from phaodai.geo.models import UnitLevel
from phaodai.imports.checking import mark, run
from phaodai.imports.models import ImportBatch, ImportKind, RowStatus, StagedRow
from phaodai.imports.newpeople import create_new_persons
from phaodai.people.models import Person
from phaodai.vaccination.status import rebuild_counters, rebuild_statuses


def _valid(batch: ImportBatch, low: int, high: int) -> int:
    """How many valid rows the range holds: once written they are the imported rows (no second write of
    every staged row to say so: the batch's checkpoint says which ranges are written)."""
    return StagedRow.objects.filter(
        batch=batch, status=RowStatus.VALID, number__gt=low, number__lte=high
    ).count()


class PersonsWriter:
    """A person file: matched rows are people the registry already has; new ones were created already."""

    entity = "people.person"

    def people(self, batch: ImportBatch) -> int:
        mark(batch, RowStatus.EXISTING, _("Đã có trong sổ người dân."), "s.person_id IS NOT NULL")
        return create_new_persons(batch)

    def write(self, batch: ImportBatch, low: int, high: int, actor: Any) -> int:
        return _valid(batch, low, high)

    def finish(self, batch: ImportBatch) -> None:
        """Nothing is maintained from the registry itself."""


_SAME_DOSE = "FROM {dose} d WHERE d.person_id = s.person_id AND d.number = s.seq"
_NO_EARLIER_DOSE = (
    "s.seq > 1 "
    "AND NOT EXISTS (SELECT 1 FROM {dose} d WHERE d.person_id = s.person_id AND d.number = s.seq - 1) "
    "AND NOT EXISTS (SELECT 1 FROM {staged} o WHERE o.batch_id = s.batch_id AND o.person_id = s.person_id "
    "AND o.seq = s.seq - 1 AND o.status IN (%s, %s))"
)
_INSERT_DOSES = (
    "INSERT INTO {dose} (person_id, number, kind, product, lot_id, given_on, team, home_path, birth_year, "
    "rules_id, created_at, created_by_id, unit_id, unit_path) "
    "SELECT s.person_id, s.seq, s.variant, s.code, s.ref_id, s.day, s.extra, "
    "CASE WHEN u.level = %s THEN pu.path ELSE u.path END, p.birth_year, s.rules_id, %s, %s, s.unit_id, "
    "s.place_path "
    "FROM {staged} s JOIN {person} p ON p.id = s.person_id JOIN geo_adminunit u ON u.id = p.unit_id "
    "LEFT JOIN geo_adminunit pu ON pu.id = u.parent_id "
    "WHERE s.batch_id = %s AND s.status = %s AND s.number > %s AND s.number <= %s "
    "AND NOT EXISTS (SELECT 1 FROM {dose} d WHERE d.person_id = s.person_id AND d.number = s.seq)"
)


class DosesWriter:
    """A dose file: each valid row becomes a dose of its person (no stock moves: see the decision record)."""

    entity = "vaccination.dose"

    def people(self, batch: ImportBatch) -> int:
        created = create_new_persons(batch)
        self._check(batch)
        return created

    def _check(self, batch: ImportBatch) -> None:
        mark(
            batch,
            RowStatus.INVALID,
            _("Trùng với một dòng phía trên trong tệp (cùng người, cùng mũi)."),
            "EXISTS (SELECT 1 FROM {staged} o WHERE o.batch_id = s.batch_id AND o.person_id = s.person_id "
            "AND o.seq = s.seq AND o.number < s.number)",
        )
        mark(
            batch,
            RowStatus.EXISTING,
            _("Mũi này đã có trong sổ tiêm chủng."),
            f"EXISTS (SELECT 1 {_SAME_DOSE} AND d.given_on = s.day AND d.product = s.code)",
        )
        mark(
            batch,
            RowStatus.INVALID,
            _("Mũi số này của người này đã được ghi với ngày tiêm hoặc vắc xin khác."),
            f"EXISTS (SELECT 1 {_SAME_DOSE})",
        )
        self._missing_earlier_doses(batch)

    def _missing_earlier_doses(self, batch: ImportBatch) -> None:
        """A dose whose previous dose is neither recorded nor in the file is refused; refusing it may
        orphan the next one, so repeat until nothing changes (at most one pass per dose number)."""
        message = _("Người này chưa có mũi trước mũi này (trong sổ hoặc trong tệp).")
        while mark(
            batch,
            RowStatus.INVALID,
            message,
            _NO_EARLIER_DOSE,
            [RowStatus.VALID, RowStatus.EXISTING],
        ):
            pass

    def write(self, batch: ImportBatch, low: int, high: int, actor: Any) -> int:
        actor_id = getattr(actor, "pk", None)
        return run(
            _INSERT_DOSES, [UnitLevel.VILLAGE, clock.now(), actor_id, batch.pk, RowStatus.VALID, low, high]
        )

    def finish(self, batch: ImportBatch) -> None:
        """Each affected person's status, and the coverage counters of their provinces, recounted once."""
        done = StagedRow.objects.filter(batch=batch, status=RowStatus.VALID)
        person_ids = [pk for pk in done.values_list("person_id", flat=True).distinct() if pk is not None]
        rebuild_statuses(person_ids=person_ids)
        homes = (
            Person.objects.filter(pk__in=done.values("person_id"))
            .values_list("unit_path", flat=True)
            .distinct()
        )
        for province in sorted({"/".join(path.split("/")[:2]) + "/" for path in homes}):
            rebuild_counters(under=province)


WRITERS: dict[str, PersonsWriter | DosesWriter] = {
    ImportKind.PERSONS: PersonsWriter(),
    ImportKind.DOSES: DosesWriter(),
}
