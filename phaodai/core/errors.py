"""One exception hierarchy for domain rules, mapped to one error shape for HTML forms and the API."""

from collections.abc import Mapping


class DomainError(Exception):
    """A rule refused the request. ``errors`` maps a field name (or ``"__all__"``) to messages."""

    status_code = 400

    def __init__(
        self, message: str, *, field: str = "__all__", errors: Mapping[str, list[str]] | None = None
    ):
        super().__init__(message)
        self.message = message
        self.errors: dict[str, list[str]] = dict(errors) if errors else {field: [message]}


class ConflictError(DomainError):
    """The request clashes with existing data (a duplicate, a concurrent change)."""

    status_code = 409


class FieldErrors:
    """Messages collected per field while checking a request, so that a form shows all of them at once;
    ``raise_any`` turns them into one :class:`DomainError` (nothing is written before it passes)."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def has(self, field: str) -> bool:
        return field in self.errors

    def raise_any(self) -> None:
        if self.errors:
            raise DomainError(next(iter(self.errors.values()))[0], errors=self.errors)
