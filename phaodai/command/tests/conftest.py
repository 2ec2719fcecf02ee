"""Command-center tests run on 20/11/2021, in the Delta wave the demo replays."""

import datetime as dt
from typing import Any

import pytest

TODAY = dt.date(2021, 11, 20)


@pytest.fixture(autouse=True)
def _pinned_today(settings: Any) -> None:
    settings.PHAODAI_TODAY = TODAY.isoformat()
