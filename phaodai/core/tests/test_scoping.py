import pytest
from django.http import Http404

from phaodai.core.scoping import Jurisdiction, get_in_scope_or_404, next_path
from phaodai.geo.models import AdminUnit


def test_next_path_is_just_past_every_descendant():
    assert next_path("L/12/") == "L/120"
    assert next_path("L/12/") > "L/12/106/03412/"
    assert next_path("L/12/") <= "L/120"


def test_it_refuses_a_path_without_trailing_separator():
    with pytest.raises(ValueError, match="must end"):
        next_path("L/12")


def test_covered_prefixes_are_dropped():
    jurisdiction = Jurisdiction.of(["L/12/106/", "L/12/", "L/12/106/03412/", "L/01/"])
    assert jurisdiction.prefixes == ("L/01/", "L/12/")


def test_a_sibling_with_a_longer_code_is_not_inside():
    assert not Jurisdiction.of(["L/12/1/"]).contains("L/12/10/")


def test_empty_jurisdiction_sees_nothing(tree):
    assert AdminUnit.objects.count() > 0
    assert AdminUnit.objects.visible_to(Jurisdiction.nothing()).count() == 0


def test_filter_is_a_range_not_like(tree):
    sql = str(AdminUnit.objects.visible_to(Jurisdiction.of([tree.district.path])).query)
    assert "LIKE" not in sql.upper()
    assert ">=" in sql


def test_district_scope_holds_its_communes_and_not_its_neighbour(tree):
    visible = set(
        AdminUnit.objects.visible_to(Jurisdiction.of([tree.district.path])).values_list("name", flat=True)
    )
    assert {"Xã Dào San", "Xã Sì Lở Lầu", "Bản Tả Phìn"} <= visible
    assert "Xã Pa Tần" not in visible


def test_out_of_scope_and_malformed_ids_are_404(tree):
    scope = Jurisdiction.of([tree.other_district.path])
    with pytest.raises(Http404):
        get_in_scope_or_404(AdminUnit.objects.all(), jurisdiction=scope, pk=tree.commune.pk)
    with pytest.raises(Http404):
        get_in_scope_or_404(AdminUnit.objects.all(), jurisdiction=scope, pk="abc")
