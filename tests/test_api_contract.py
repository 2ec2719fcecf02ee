"""Every list the API router registers: in the schema with its filters, paginated, cut by ``?unit=`` (a
unit outside the caller's area, or none, is "not found" like on the pages) and by date (a bad date is a
400 naming the parameter). A new list that declares neither filter fails here (decision 0013)."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from config.api_urls import router
from conftest import client_for
from phaodai.cases.monitoring import MonitoringInput, record_monitoring
from phaodai.cases.tests.factories import CaseFactory
from phaodai.checkpoints.tests.factories import make_checkpoint
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

LISTS = {prefix: viewset for prefix, viewset, _ in router.registry if hasattr(viewset, "list")}

# The only lists allowed to leave a filter out, each for its reason (the view says why as well).
UNPLACED = {"support-programmes", "zones"}  # national reference data, not placed in an area
UNDATED = {"households", "organisations", "units", "stock-balances"}  # no date of their own
AS_OF = {  # computed for one day, not a range of rows
    "vaccination-coverage": "on",
    "vaccination-due": "on",
    "readiness-summary": "on",
    "risk-levels": "week_end",
    "daily-figures": "day",
}
ONE_OBJECT = {"daily-figures"}  # one unit's figures of one day: nothing to page


@pytest.fixture(scope="module")
def schema(django_db_setup: Any, django_db_blocker: Any) -> dict[str, Any]:
    with django_db_blocker.unblock():
        response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return dict(response.json())


def _extra(prefix: str, tree: Any) -> dict[str, Any]:
    """What a list needs besides the filters (a checkpoint's passages: which checkpoint)."""
    return {"checkpoint": make_checkpoint(tree.commune).pk} if prefix == "passages" else {}


def test_the_router_still_has_every_list_named_here():
    named = UNPLACED | UNDATED | set(AS_OF) | ONE_OBJECT
    assert named <= set(LISTS), named - set(LISTS)
    assert len(LISTS) > 35


@pytest.mark.parametrize("prefix", sorted(LISTS))
def test_every_list_declares_its_date_and_its_place(prefix):
    view: Any = LISTS[prefix]
    assert view.placed is (prefix not in UNPLACED)
    assert bool(view.undated) is (prefix in UNDATED)
    assert view.as_of_param == AS_OF.get(prefix)
    ranged = prefix not in UNDATED and prefix not in AS_OF
    assert bool(view.date_field) is ranged, f"{prefix}: declare its date_field (or say why it has none)"


@pytest.mark.parametrize("prefix", sorted(LISTS))
def test_every_list_documents_its_filters_in_the_schema(schema, prefix):
    operation = schema["paths"][f"/api/{prefix}/"]["get"]
    names = {parameter["name"] for parameter in operation.get("parameters", []) if parameter["in"] == "query"}
    assert "unit" in names or prefix in UNPLACED
    if prefix in AS_OF:
        assert AS_OF[prefix] in names
    elif prefix not in UNDATED:
        assert {"from", "to"} <= names
    assert ("page" in names) is (prefix not in ONE_OBJECT)


@pytest.mark.parametrize("prefix", sorted(LISTS))
def test_every_list_is_paginated_and_a_unit_outside_the_area_is_not_found(prefix, tree, commune_user):
    client, url, extra = client_for(commune_user), f"/api/{prefix}/", _extra(prefix, tree)
    body = client.get(url, extra).json()
    if prefix not in ONE_OBJECT:
        assert {"count", "next", "previous", "results"} <= set(body)
    if prefix in UNPLACED:
        return
    assert client.get(url, {**extra, "unit": tree.commune.pk}).status_code == 200
    for unit in (tree.other_commune.pk, tree.district.pk, 999_999_999, "x"):
        assert client.get(url, {**extra, "unit": unit}).status_code == 404, unit


@pytest.mark.parametrize("prefix", sorted(set(LISTS) - UNDATED))
def test_every_list_refuses_a_bad_date_naming_the_parameter(prefix, tree, commune_user):
    name = AS_OF.get(prefix, "from")
    response = client_for(commune_user).get(f"/api/{prefix}/", {**_extra(prefix, tree), name: "31/02/2021"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [name]


# --- The filters change what a list shows (a date column, a moment column) ---------------------------


@pytest.fixture
def cases(tree, settings):
    settings.PHAODAI_TODAY = "2021-11-20"
    here = CaseFactory(person=make_person(tree.village, "Lò Văn Pọm"), report_date=dt.date(2021, 11, 10))
    there = CaseFactory(
        person=make_person(tree.neighbour_commune, "Lò Thị Ín"), report_date=dt.date(2021, 11, 18)
    )
    return here, there


def _ids(client: Any, url: str, **params: Any) -> set[int]:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_cases_are_cut_by_unit_and_report_date_under_both_names(cases, district_user):
    here, there = cases
    client = client_for(district_user)
    assert _ids(client, "/api/cases/") == {here.pk, there.pk}
    assert _ids(client, "/api/cases/", unit=here.unit_id) == {here.pk}
    assert _ids(client, "/api/cases/", **{"from": "2021-11-15"}) == {there.pk}
    assert _ids(client, "/api/cases/", to="10/11/2021") == {here.pk}
    assert _ids(client, "/api/cases/", since="2021-11-15", until="2021-11-18") == {there.pk}
    assert _ids(client, "/api/cases/", **{"from": "2021-11-11", "to": "2021-11-17"}) == set()


def test_a_range_that_ends_before_it_starts_is_refused_on_its_end(cases, district_user):
    response = client_for(district_user).get("/api/cases/", {"from": "2021-11-18", "to": "2021-11-10"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["to"]


@pytest.fixture
def late_entry(cases):
    """A health check at 23:30 on 15/11 (16:30 UTC: still the 15th here)."""
    late = timezone.make_aware(dt.datetime(2021, 11, 15, 23, 30))
    return record_monitoring(actor=None, case=cases[0], data=MonitoringInput(at=late, spo2=97))


def test_a_moment_falls_on_its_local_day(late_entry, district_user):
    client = client_for(district_user)
    assert _ids(client, "/api/monitoring-entries/", to="2021-11-15") == {late_entry.pk}
    assert _ids(client, "/api/monitoring-entries/", **{"from": "2021-11-16"}) == set()
    assert _ids(client, "/api/monitoring-entries/", **{"from": "15/11/2021", "to": "15/11/2021"}) == {
        late_entry.pk
    }


@pytest.mark.parametrize("prefix", ["cases", "monitoring-entries"])
def test_days_at_the_edge_of_the_calendar_bound_nothing_rather_than_fail(late_entry, district_user, prefix):
    client, url = client_for(district_user), f"/api/{prefix}/"
    assert _ids(client, url, **{"from": "0001-01-01", "to": "9999-12-31"}) == _ids(client, url)
    assert _ids(client, url, to="0001-01-01") == set()
    assert _ids(client, url, **{"from": "9999-12-31"}) == set()


def test_the_outsider_sees_none_of_the_cases_and_their_units_do_not_exist(cases, outsider, tree):
    client = client_for(outsider)
    assert _ids(client, "/api/cases/") == set()
    assert client.get("/api/cases/", {"unit": tree.commune.pk}).status_code == 404
