"""Writes to organisations and users: checked against the administrator's jurisdiction, audited in the same
transaction.

An organisation's units are what its users see, so every unit it is given must lie in the administrator's
jurisdiction, and a user can only be placed in an organisation the administrator manages entirely
(:func:`phaodai.accounts.selectors.organisations_managed`): nobody hands out access they do not hold.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from phaodai.accounts import selectors
from phaodai.accounts.access import awaiting_placement
from phaodai.accounts.models import Organisation, OrganisationKind, User
from phaodai.accounts.roles import Role
from phaodai.core import audit
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.models import AuditAction
from phaodai.core.scoping import Jurisdiction
from phaodai.core.text import fold, nfc
from phaodai.geo.models import AdminUnit, UnitLevel
from phaodai.geo.services import deployment_map

ORGANISATION_FIELDS = ["name", "short_name", "kind", "unit"]  # and served_units, listed by id
USER_FIELDS = ["username", "full_name", "role", "organisation", "is_active"]
HOME_LEVELS = (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE)
# ASCII only: typed on phones without a Vietnamese keyboard, and lower() agrees on SQLite and PostgreSQL.
_USERNAME = re.compile(r"^[A-Za-z0-9._@+-]+$")


class _Errors(dict[str, list[str]]):
    """Every problem of a submission at once, by field; a clash with an existing row alone is a conflict."""

    conflict = False

    def add(self, name: str, message: str, *, conflict: bool = False) -> None:
        self.setdefault(name, []).append(message)
        self.conflict = self.conflict or conflict

    def raise_if_any(self) -> None:
        if self:
            error = ConflictError if self.conflict and len(self) == 1 else DomainError
            raise error(next(iter(self.values()))[0], errors=self)


def _max_length(model: type[Any], name: str) -> int:
    return int(model._meta.get_field(name).max_length)


# --- Organisations ----------------------------------------------------------------------------------------


def _clean_organisation(
    *,
    jurisdiction: Jurisdiction,
    organisation: Organisation | None,
    name: str,
    short_name: str,
    kind: str,
    unit: AdminUnit,
    served_units: list[AdminUnit],
) -> tuple[str, str]:
    errors = _Errors()
    name, short_name = nfc(name), nfc(short_name)
    if not name:
        errors.add("name", _("Tên tổ chức là bắt buộc."))
    elif len(name) > _max_length(Organisation, "name"):
        errors.add("name", _("Tên dài tối đa %(max)s ký tự.") % {"max": _max_length(Organisation, "name")})
    if len(short_name) > _max_length(Organisation, "short_name"):
        max_short = _max_length(Organisation, "short_name")
        errors.add("short_name", _("Tên viết tắt dài tối đa %(max)s ký tự.") % {"max": max_short})
    if kind not in OrganisationKind.values:
        errors.add("kind", _("Chọn loại tổ chức trong danh sách."))
    unit_map = deployment_map()
    if unit.level not in HOME_LEVELS:
        errors.add("unit", _("Trụ sở phải là một tỉnh, huyện hoặc xã."))
    elif unit.unit_map != unit_map or not jurisdiction.contains(unit.path):
        errors.add("unit", _("Đơn vị này không thuộc địa bàn bạn quản lý."))
    if organisation is not None and unit.pk != organisation.unit_id and awaiting_placement(organisation):
        errors.add(
            "unit",
            _("Tổ chức này đang chờ gán xã sau khi đổi bản đồ hành chính: hãy gán ở trang «Cần gán đơn vị»."),
        )
    for served in served_units:
        if served.level not in HOME_LEVELS:
            errors.add("served_units", _("Địa bàn phụ trách gồm tỉnh, huyện hoặc xã, không gồm thôn/bản."))
        elif served.unit_map != unit_map or not jurisdiction.contains(served.path):
            errors.add(
                "served_units",
                _("«%(unit)s» không thuộc địa bàn bạn quản lý.") % {"unit": served.name},
            )
    if name and not errors.get("unit"):
        siblings = Organisation.objects.filter(unit=unit)
        if organisation is not None:
            siblings = siblings.exclude(pk=organisation.pk)
        if any(fold(other) == fold(name) for other in siblings.values_list("name", flat=True)):
            message = _("«%(unit)s» đã có tổ chức tên «%(name)s».") % {"unit": unit.name, "name": name}
            errors.add("name", message, conflict=True)
    errors.raise_if_any()
    return name, short_name


def _organisation_snapshot(organisation: Organisation) -> dict[str, Any]:
    values = audit.snapshot(organisation, ORGANISATION_FIELDS)
    values["served_units"] = selectors.served_unit_ids(organisation=organisation)
    return values


def _save_organisation(organisation: Organisation) -> None:
    """Save; a namesake added at the same unit in the meantime is a conflict on the name, not a 500."""
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as exc:
        raise ConflictError(
            _("«%(unit)s» đã có tổ chức tên «%(name)s».")
            % {"unit": organisation.unit.name, "name": organisation.name},
            field="name",
        ) from exc


def _distinct(units: Iterable[AdminUnit]) -> list[AdminUnit]:
    return list({unit.pk: unit for unit in units}.values())


@transaction.atomic
def organisation_create(
    *,
    actor: User,
    jurisdiction: Jurisdiction,
    name: str,
    kind: str,
    unit: AdminUnit,
    short_name: str = "",
    served_units: Iterable[AdminUnit] = (),
) -> Organisation:
    """Register an organisation at a home unit of the jurisdiction, serving units of the jurisdiction
    (none: its users see the home unit and everything below it)."""
    served = _distinct(served_units)
    name, short_name = _clean_organisation(
        jurisdiction=jurisdiction,
        organisation=None,
        name=name,
        short_name=short_name,
        kind=kind,
        unit=unit,
        served_units=served,
    )
    organisation = Organisation(name=name, short_name=short_name, kind=kind, unit=unit, unit_path=unit.path)
    _save_organisation(organisation)
    organisation.served_units.set(served)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=organisation,
        summary=organisation.name,
        changes=_organisation_snapshot(organisation),
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: User,
    jurisdiction: Jurisdiction,
    organisation: Organisation,
    name: str,
    kind: str,
    unit: AdminUnit,
    short_name: str = "",
    served_units: Iterable[AdminUnit] = (),
) -> Organisation:
    """Change an organisation; its users see the new units from their next request."""
    selectors.organisation_get(jurisdiction=jurisdiction, pk=organisation.pk)  # fails closed: 404
    served = _distinct(served_units)
    name, short_name = _clean_organisation(
        jurisdiction=jurisdiction,
        organisation=organisation,
        name=name,
        short_name=short_name,
        kind=kind,
        unit=unit,
        served_units=served,
    )
    before = _organisation_snapshot(organisation)
    organisation.name, organisation.short_name, organisation.kind = name, short_name, kind
    organisation.unit, organisation.unit_path = unit, unit.path
    _save_organisation(organisation)
    organisation.served_units.set(served)
    changes = audit.diff(before, _organisation_snapshot(organisation))
    if changes:
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=organisation,
            summary=organisation.name,
            changes=changes,
        )
    return organisation


# --- Users ------------------------------------------------------------------------------------------------


def _audit_path(user: User, jurisdiction: Jurisdiction) -> str:
    """Where an event about a user is filed: at their organisation, so the administrators who manage them
    read it in the log; a user without one at the administrator's own (province) scope."""
    if user.organisation is not None:
        return user.organisation.unit_path
    return selectors.province_prefix(jurisdiction) or ""


def _check_role(*, actor: User, role: str, errors: _Errors) -> None:
    if role not in Role.values:
        errors.add("role", _("Chọn vai trò trong danh sách."))
    elif role == Role.SYSTEM_ADMIN and actor.role != Role.SYSTEM_ADMIN:
        errors.add("role", _("Chỉ quản trị hệ thống mới được cấp vai trò quản trị hệ thống."))


def _check_organisation(
    organisation: Organisation | None, jurisdiction: Jurisdiction, errors: _Errors
) -> None:
    if organisation is None:
        errors.add("organisation", _("Chọn tổ chức của người dùng."))
    elif not selectors.organisations_managed(jurisdiction=jurisdiction).filter(pk=organisation.pk).exists():
        errors.add("organisation", _("Tổ chức này không thuộc địa bàn bạn quản lý."))


def _clean_full_name(full_name: str, errors: _Errors) -> str:
    full_name = nfc(full_name)
    if not full_name:
        errors.add("full_name", _("Họ và tên là bắt buộc."))
    elif len(full_name) > _max_length(User, "full_name"):
        errors.add("full_name", _("Tên dài tối đa %(max)s ký tự.") % {"max": _max_length(User, "full_name")})
    return full_name


def _check_password(password: str, user: User, errors: _Errors) -> None:
    """Django's validators (length, common passwords, similarity to the login name, all digits).

    Django's own catalogue says them in Vietnamese, except the length rule: Django reworded that message
    (``%d`` for ``%(min_length)d``) and its Vietnamese catalogue has not followed, so it is said here.
    """
    if not password:
        errors.add("password", _("Nhập mật khẩu."))
        return
    try:
        validate_password(password, user)
    except ValidationError as exc:
        for error in exc.error_list:
            if error.code == "password_too_short" and error.params:
                message = _("Mật khẩu quá ngắn: cần ít nhất %(min_length)s ký tự.") % error.params
            else:
                message = " ".join(error.messages)
            errors.add("password", message)


def _username_taken(username: str, *, exclude: int | None = None) -> bool:
    taken = User.objects.filter(username__iexact=username)
    return (taken.exclude(pk=exclude) if exclude is not None else taken).exists()


def _save_user(user: User, *, update_fields: list[str] | None = None) -> None:
    """Save; the same login name taken in the meantime (any case) is a conflict on it, not a 500."""
    try:
        with transaction.atomic():
            user.save(update_fields=update_fields)
    except IntegrityError as exc:
        if _username_taken(user.username, exclude=user.pk):
            raise ConflictError(_("Tên đăng nhập này đã có người dùng."), field="username") from exc
        raise


@transaction.atomic
def user_create(
    *,
    actor: User,
    jurisdiction: Jurisdiction,
    username: str,
    full_name: str,
    role: str,
    organisation: Organisation | None,
    password: str,
) -> User:
    """Open an account in an organisation the administrator manages. The password is checked by Django's
    validators and never written to the audit trail."""
    errors = _Errors()
    username = User.normalize_username(username.strip())
    if not username:
        errors.add("username", _("Tên đăng nhập là bắt buộc."))
    elif len(username) > _max_length(User, "username"):
        errors.add("username", _("Tên dài tối đa %(max)s ký tự.") % {"max": _max_length(User, "username")})
    elif not _USERNAME.match(username):
        errors.add("username", _("Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các ký tự . _ - @ +"))
    full_name = _clean_full_name(full_name, errors)
    _check_role(actor=actor, role=role, errors=errors)
    _check_organisation(organisation, jurisdiction, errors)
    user = User(username=username, full_name=full_name, role=role, organisation=organisation)
    _check_password(password, user, errors)
    if not errors.get("username") and _username_taken(username):
        errors.add("username", _("Tên đăng nhập này đã có người dùng."), conflict=True)
    errors.raise_if_any()
    user.set_password(password)
    _save_user(user)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=user,
        unit_path=_audit_path(user, jurisdiction),
        summary=user.username,
        changes=audit.snapshot(user, USER_FIELDS),
    )
    return user


@transaction.atomic
def user_update(
    *,
    actor: User,
    jurisdiction: Jurisdiction,
    user: User,
    full_name: str,
    role: str,
    organisation: Organisation | None,
    is_active: bool,
) -> User:
    """Change an account's name, role, organisation or active flag. Administrators cannot change their
    own role, organisation or active flag: another administrator does that, so nobody locks themselves out
    by a slip."""
    selectors.user_get(jurisdiction=jurisdiction, pk=user.pk)  # fails closed: 404
    errors = _Errors()
    full_name = _clean_full_name(full_name, errors)
    if role != user.role:
        _check_role(actor=actor, role=role, errors=errors)
    _check_organisation(organisation, jurisdiction, errors)
    if user.pk == actor.pk:
        message = _("Bạn không thể tự đổi mục này cho chính mình; hãy nhờ một quản trị viên khác.")
        if role != user.role:
            errors.add("role", message)
        if organisation is not None and organisation.pk != user.organisation_id:
            errors.add("organisation", message)
        if not is_active:
            errors.add("is_active", message)
    errors.raise_if_any()
    before = audit.snapshot(user, USER_FIELDS)
    user.full_name, user.role, user.organisation, user.is_active = full_name, role, organisation, is_active
    _save_user(user, update_fields=["full_name", "role", "organisation", "is_active"])
    changes = audit.diff(before, audit.snapshot(user, USER_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=user,
            unit_path=_audit_path(user, jurisdiction),
            summary=user.username,
            changes=changes,
        )
    return user


@transaction.atomic
def user_set_password(*, actor: User, jurisdiction: Jurisdiction, user: User, password: str) -> User:
    """Set a new password chosen by the administrator and lift any lockout.

    The account's API tokens are revoked (a reset often follows a leak) and its other sessions end with the
    old password. The audit row says a reset happened, never what the password is.
    """
    selectors.user_get(jurisdiction=jurisdiction, pk=user.pk)  # fails closed: 404
    errors = _Errors()
    _check_password(password, user, errors)
    errors.raise_if_any()
    was_locked = bool(user.failed_logins or user.locked_until)
    user.set_password(password)
    user.failed_logins, user.locked_until = 0, None
    _save_user(user, update_fields=["password", "failed_logins", "locked_until"])
    revoked = Token.objects.filter(user=user).delete()[0]
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=user,
        unit_path=_audit_path(user, jurisdiction),
        summary=user.username,
        changes={"password_reset": True, "lockout_cleared": was_locked, "tokens_revoked": revoked},
    )
    return user
