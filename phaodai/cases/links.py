"""The one thing the case registry asks of contact tracing: is this person an F1 right now?

Contact tracing depends on cases, not the other way round, so it plugs its answer in here from its
``ready()``. Until it does (or for someone traced nowhere) the answer is "no level".
"""

from collections.abc import Callable
from typing import Any

ContactLevelLookup = Callable[[Any], str | None]
_lookup: list[ContactLevelLookup] = []


def provide_contact_level(lookup: ContactLevelLookup) -> None:
    _lookup[:] = [lookup]


def contact_level(person: Any) -> str | None:
    return _lookup[0](person) if _lookup else None
