"""Every export test runs on 20/11/2021, writes its job files under a temporary directory, and has
helpers to read a CSV or Excel answer back."""

import csv
import datetime as dt
import io
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import OrganisationFactory, UserFactory

TODAY = dt.date(2021, 11, 20)


@pytest.fixture(autouse=True)
def _pinned_today_and_exports_dir(settings: Any, tmp_path: Any) -> None:
    settings.PHAODAI_TODAY = TODAY.isoformat()
    settings.PHAODAI_EXPORTS_DIR = tmp_path / "exports"


def user_at(unit: Any, role: str, username: str) -> Any:
    organisation = OrganisationFactory(unit=unit, kind=OrganisationKind.OTHER, name=f"Tổ chức {username}")
    return UserFactory(username=username, role=role, organisation=organisation)


@pytest.fixture
def steering(tree: Any) -> Any:
    """The provincial steering committee: sees the province's cases, not the full CCCD and phone."""
    return user_at(tree.province, Role.PROVINCIAL_STEERING, "bcd_tinh")


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response: Any) -> list[list[str]]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(content: bytes) -> list[list[Any]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return book.get_sheet_by_index(0).to_python()
