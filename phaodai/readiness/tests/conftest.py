"""Every readiness test runs on 20/11/2021 (the demo's day, before the doctor deadline) unless it pins
another."""

import datetime as dt
from typing import Any

import pytest

TODAY = dt.date(2021, 11, 20)


@pytest.fixture(autouse=True)
def _pinned_today(settings: Any) -> None:
    settings.PHAODAI_TODAY = TODAY.isoformat()
