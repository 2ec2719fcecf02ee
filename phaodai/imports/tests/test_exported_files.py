"""A line list exported from Pháo Đài imports back: a resident of a village is exported with the code of
the village's commune (a village's own code repeats from commune to commune) and the village by name,
a column the imports know and leave aside (rows are placed by their commune)."""

import csv
import io

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.cases.tests.factories import register
from phaodai.exports.tests.conftest import csv_rows
from phaodai.imports.models import BatchStatus
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _exported(user, key) -> list[dict[str, str]]:
    response = client_for(user).post(reverse("exports:export", args=[key]), {"dinh-dang": "csv"})
    assert response.status_code == 200
    header, *rows = csv_rows(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _file(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def test_a_village_residents_case_list_imports_back_as_already_there(tree, district_user, run_import):
    register(make_person(tree.village, "Lò Văn Pọm", national_id="001089012345", birth_year=1950))
    (row,) = _exported(district_user, "ca-benh")
    placed = (row["Xã/phường"], row["Mã xã/phường"], row["Thôn/bản"])
    assert placed == (tree.commune.name, tree.commune.code, tree.village.name)
    batch = run_import(district_user, _file([row]), name="ca-benh.csv", kind="cases")
    assert batch.status == BatchStatus.DONE, batch.mapping
    assert (batch.rows_existing, batch.rows_invalid, batch.rows_done) == (1, 0, 0)


def test_a_new_person_added_to_an_exported_file_lands_in_the_villages_commune(
    tree, district_user, run_import
):
    register(make_person(tree.village, "Lò Văn Pọm", national_id="001089012345", birth_year=1950))
    (row,) = _exported(district_user, "ca-benh")
    added = {**row, "Mã ca bệnh": "", "Họ và tên": "Lò Thị Mai", "Số CCCD/CMND": "001189012346"}
    batch = run_import(district_user, _file([row, added]), name="ca-benh.csv", kind="cases")
    assert batch.status == BatchStatus.DONE, batch.mapping
    assert (batch.rows_existing, batch.rows_invalid, batch.rows_done) == (1, 0, 1)
    assert Person.objects.get(full_name="Lò Thị Mai").unit == tree.commune
