"""Checkpoint tests run on 20/11/2021 around a checkpoint in Dào San (Phong Thổ, on the Chinese border),
with an outbreak zone in Hà Nội and a checkpoint officer of the district."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from conftest import Tree, _user
from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.checkpoints.tests.factories import Places, make_checkpoint, make_places
from phaodai.core import clock

TODAY = dt.date(2021, 11, 20)


@pytest.fixture(autouse=True)
def _pinned_today(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """20/11/2021 at 18:00 (the time of day pinned too: a barrier's day has passages at fixed hours)."""
    settings.PHAODAI_TODAY = TODAY.isoformat()
    evening = timezone.make_aware(dt.datetime(2021, 11, 20, 18, 0))
    monkeypatch.setattr(clock, "now", lambda: evening)


@pytest.fixture
def places(tree: Tree) -> Places:
    return make_places(tree)


@pytest.fixture
def checkpoint(tree: Tree) -> Any:
    return make_checkpoint(tree.commune)


@pytest.fixture
def officer(tree: Tree) -> Any:
    """Checkpoint staff whose organisation sits in Phong Thổ district."""
    return _user(tree.district, Role.CHECKPOINT, OrganisationKind.CHECKPOINT, "chot")


@pytest.fixture
def outside_officer(tree: Tree) -> Any:
    return _user(tree.other_district, Role.CHECKPOINT, OrganisationKind.CHECKPOINT, "chotkhac")


@pytest.fixture
def team(tree: Tree) -> Any:
    return _user(tree.commune, Role.COMMUNITY_TEAM, OrganisationKind.COMMUNITY_TEAM, "tocovid")


@pytest.fixture
def memo_on(settings: Any) -> Any:
    """The memo cache as deployed (tests run with it off: primary keys come back after a rollback)."""
    from django.core.cache import caches

    settings.CACHES = {**settings.CACHES, "memo": {**settings.CACHES["memo"], "TIMEOUT": 30}}
    caches["memo"].clear()
    yield caches["memo"]
    caches["memo"].clear()
