"""FHIR tests run on 20/11/2021, with the vaccination rules of that day."""

import datetime as dt
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _pinned_today(settings: Any) -> None:
    settings.PHAODAI_TODAY = dt.date(2021, 11, 20).isoformat()
