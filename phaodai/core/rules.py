"""Versioned rule sets: which version of a rule was in force on a date, for a place.

Each domain app ships its rule sets as data (:func:`ship`, called from its ``ready()``); they are
installed after every ``migrate`` (missing ones only: an edited or adopted version is never
overwritten). Code reads parameters from the version in force and stores that version on the record it
decides, so "which rule said 14 days?" always has an answer.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from phaodai.core import audit, clock
from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction, RuleSet, RuleStatus
from phaodai.core.scoping import PATH_SEPARATOR

StrOrPromise = str | Promise


@dataclass(frozen=True)
class ShippedRuleSet:
    kind: str
    code: str
    title: str
    document: str
    effective_from: dt.date
    status: RuleStatus
    params: dict[str, Any]
    note: str = ""


_shipped: dict[tuple[str, str], ShippedRuleSet] = {}


@dataclass(frozen=True)
class RuleKind:
    """A kind of rule and what its parameters mean, for the rule pages; ``check`` (optional) returns what
    is wrong with a set of parameters beyond their shape (thresholds out of order, a table too short)."""

    kind: str
    label: StrOrPromise
    owner: str
    params: dict[str, StrOrPromise] = field(default_factory=dict)
    check: Callable[[dict[str, Any]], list[str]] | None = None


def problems(version: RuleSet) -> list[str]:
    """What the kind's own check finds wrong with a stored version (empty: usable)."""
    kind = _kinds.get(version.kind)
    return kind.check(version.params) if kind is not None and kind.check is not None else []


_kinds: dict[str, RuleKind] = {}


def ship(kind: RuleKind, *versions: ShippedRuleSet) -> None:
    """Declare a rule kind and the versions the platform ships for it (idempotent)."""
    _kinds[kind.kind] = kind
    for version in versions:
        if version.kind != kind.kind:
            raise ValueError(f"{version.code} is a {version.kind} rule, not {kind.kind}")
        _shipped[(version.kind, version.code)] = version


def kinds() -> list[RuleKind]:
    return sorted(_kinds.values(), key=lambda k: k.kind)


def kind_label(kind: str) -> str:
    return str(_kinds[kind].label) if kind in _kinds else kind


def install_shipped(**_: Any) -> int:
    """Insert the shipped versions that are missing (a ``post_migrate`` receiver). Returns how many."""
    existing = set(RuleSet.objects.filter(unit_path="").values_list("kind", "code"))
    missing = [version for key, version in _shipped.items() if key not in existing]
    RuleSet.objects.bulk_create(
        [
            RuleSet(
                kind=v.kind,
                code=v.code,
                title=v.title,
                document=v.document,
                effective_from=v.effective_from,
                status=v.status,
                params=v.params,
                note=v.note,
                shipped=True,
                created_at=clock.now(),
            )
            for v in missing
        ]
    )
    return len(missing)


def path_prefixes(unit_path: str) -> list[str]:
    """``L/12/106/`` -> ``["", "L/", "L/12/", "L/12/106/"]``: the national level and every ancestor."""
    parts = [p for p in unit_path.split(PATH_SEPARATOR) if p]
    return ["", *(PATH_SEPARATOR.join(parts[: i + 1]) + PATH_SEPARATOR for i in range(len(parts)))]


def in_force(kind: str, *, on: dt.date, unit_path: str = "") -> RuleSet:
    """The version of ``kind`` in force on ``on`` for a place; a clear error when none is."""
    candidates = RuleSet.objects.filter(
        Q(unit_path__in=path_prefixes(unit_path)), kind=kind, effective_from__lte=on
    ).order_by("-effective_from")
    best: RuleSet | None = None
    for candidate in candidates[:20]:
        if best is not None and candidate.effective_from < best.effective_from:
            break
        if best is None or len(candidate.unit_path) > len(best.unit_path):
            best = candidate
    if best is None:
        raise DomainError(
            _("Chưa có bộ quy tắc «%(kind)s» có hiệu lực ngày %(date)s: quản trị viên cần bổ sung.")
            % {"kind": kind_label(kind), "date": f"{on:%d/%m/%Y}"}
        )
    return best


def history(kind: str, *, unit_path: str = "") -> list[RuleSet]:
    """Every version of a kind that applies to a place, newest first."""
    return list(RuleSet.objects.filter(kind=kind, unit_path__in=path_prefixes(unit_path)))


def _check_params(base: dict[str, Any], params: dict[str, Any]) -> None:
    """A variant keeps the shape of the version it adapts: same keys, same kinds of value."""
    errors = [
        _("Tham số «%(key)s» phải cùng kiểu với bản gốc.") % {"key": key}
        for key, value in base.items()
        if key not in params or (type(params[key]) is not type(value) and value is not None)
    ]
    errors += [
        _("Tham số «%(key)s» không có trong bản gốc.") % {"key": key} for key in params if key not in base
    ]
    if errors:
        raise DomainError(errors[0], errors={"params": errors})


def adopt_variant(
    *,
    actor: Any,
    base: RuleSet,
    unit_path: str,
    code: str,
    effective_from: dt.date,
    params: dict[str, Any],
    note: str,
) -> RuleSet:
    """A province adopts its own adjusted version of a rule (Resolution 128 lets it), audited."""
    if not unit_path:
        raise DomainError(_("Bản điều chỉnh phải gắn với một tỉnh."), field="unit_path")
    if effective_from < base.effective_from:
        raise DomainError(
            _("Ngày hiệu lực không được trước ngày hiệu lực của bản gốc (%(date)s).")
            % {"date": f"{base.effective_from:%d/%m/%Y}"},
            field="effective_from",
        )
    if not note.strip():
        raise DomainError(_("Ghi rõ văn bản của tỉnh và lý do điều chỉnh."), field="note")
    _check_params(base.params, params)
    kind = _kinds.get(base.kind)
    if kind is not None and kind.check is not None and (found := kind.check(params)):
        raise DomainError(found[0], errors={"params": found})
    with transaction.atomic():
        if RuleSet.objects.filter(kind=base.kind, code=code, unit_path=unit_path).exists():
            raise DomainError(_("Đã có bản điều chỉnh mang số hiệu này."), field="code")
        variant = RuleSet.objects.create(
            kind=base.kind,
            code=code,
            title=base.title,
            document=note.strip()[:255],
            effective_from=effective_from,
            unit_path=unit_path,
            status=base.status,
            params=params,
            note=note.strip(),
            based_on=base,
            created_at=clock.now(),
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=variant,
            summary=_("Điều chỉnh quy tắc %(kind)s theo %(code)s")
            % {"kind": kind_label(base.kind), "code": code},
            changes=audit.diff(base.params, params),
        )
    return variant


def versions_by_id(ids: Iterable[int]) -> dict[int, RuleSet]:
    return {rule.pk: rule for rule in RuleSet.objects.filter(pk__in=set(ids))}
