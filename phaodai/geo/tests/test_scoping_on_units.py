"""The scoping range filter on a real unit tree (units are scoped by their own path)."""

import pytest
from django.http import Http404

from phaodai.core.scoping import Jurisdiction, get_in_scope_or_404
from phaodai.geo.models import AdminUnit


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
