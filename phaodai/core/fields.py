"""Fields whose ordering must be bytewise on every database."""

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper


class BinaryCharField(models.CharField):  # type: ignore[type-arg]
    """A CharField compared byte by byte: collation "C" on PostgreSQL, SQLite's default BINARY.

    Unit paths are range-filtered (``>= p AND < next(p)``) and sort keys are built for a binary
    order; a linguistic collation (en_US.UTF-8 ignores '/') would make both wrong.
    """

    def db_parameters(self, connection: BaseDatabaseWrapper) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params
