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
